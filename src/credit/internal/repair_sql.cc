#include "credit/internal/repair_sql.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/page.h"

namespace zq::credit::internal {

using store::Value;

const store::Columns<Objection>& ObjectionColumns() {
  using O = Objection;
  static const store::Columns<O> kColumns(
      "o.id", &O::id, "o.uscc", &O::uscc, "o.region_code", &O::region_code, "o.event_id",
      &O::event_id, "e.event_type", &O::event_type, "o.grounds", &O::grounds, "o.evidence_ref",
      &O::evidence_ref, "o.filed_by", &O::filed_by, "o.filed_on", &O::filed_on, "o.due_on",
      &O::due_on, "o.extended", &O::extended, "o.extension_reason", &O::extension_reason,
      "o.status", &O::status, "o.decided_by", &O::decided_by, "o.decided_on", &O::decided_on,
      "o.decision_reason", &O::decision_reason, "o.ending_event_id", &O::ending_event_id);
  return kColumns;
}

Objection ObjectionFromRow(const store::Row& r, std::string_view today) {
  Objection o = ObjectionColumns().FromRow(r);
  o.overdue = o.status == "pending" && std::string_view(o.due_on) < today;
  return o;
}

namespace {

Result<RepairFacts> ParseFacts(const std::string& json) {
  const nlohmann::json facts = nlohmann::json::parse(json, nullptr, false);
  if (!facts.is_object())
    return Status(StatusCode::kInternal, "malformed repair facts", "facts");
  RepairFacts f;
  f.ground = facts.value("ground", "");
  f.domain = facts.value("domain", "general");
  f.measures = facts.value("measures", std::vector<std::string>{});
  f.penalty_fulfilled = facts.value("penalty_fulfilled", false);
  f.harm_removed = facts.value("harm_removed", false);
  return f;
}

}  // namespace

const store::Columns<RepairApplication>& RepairColumns() {
  using R = RepairApplication;
  static const store::Columns<R> kColumns(
      "r.id", &R::id, "r.uscc", &R::uscc, "r.region_code", &R::region_code, "r.kind", &R::kind,
      ParseRepairKind, "r.event_id", &R::event_id, "e.event_type", &R::event_type, "r.facts",
      &R::facts, ParseFacts, "r.evidence_ref", &R::evidence_ref, "r.statement", &R::statement,
      "r.filed_by", &R::filed_by, "r.filed_on", &R::filed_on, "r.due_on", &R::due_on, "r.status",
      &R::status, "r.decided_by", &R::decided_by, "r.decided_on", &R::decided_on,
      "r.decision_reason", &R::decision_reason, "r.fraudulent", &R::fraudulent, "r.barred_until",
      &R::barred_until, "r.ending_event_id", &R::ending_event_id);
  return kColumns;
}

Result<RepairApplication> RepairFromRow(const store::Row& r, std::string_view today) {
  ZQ_ASSIGN_OR_RETURN(RepairApplication a, RepairColumns().Read(r));
  a.overdue = a.status == "pending" && std::string_view(a.due_on) < today;
  return a;
}

std::string FactsJson(const RepairFacts& f) {
  return nlohmann::json{{"ground", f.ground},
                        {"domain", f.domain},
                        {"measures", f.measures},
                        {"penalty_fulfilled", f.penalty_fulfilled},
                        {"harm_removed", f.harm_removed}}
      .dump();
}

bool MayActFor(const auth::Caller& caller, std::string_view uscc, std::string_view region_code) {
  return caller.CanWriteIn(region_code) || caller.ActsForEntity(uscc);
}

bool MayDecide(const auth::Caller& caller, std::string_view region_code) {
  return caller.CanWriteIn(region_code);
}

bool MayReadCase(const auth::Caller& caller, std::string_view uscc, std::string_view region_code) {
  return MayActFor(caller, uscc, region_code) ||
         caller.CanSeeRegion(region_code);  // an analyst in scope reads
}

Result<std::vector<store::Row>> CasePage(store::Database& db, std::string_view columns,
                                         std::string_view table, std::string_view alias,
                                         const CaseFilter& filter, const auth::Caller& caller,
                                         std::string_view today) {
  ZQ_RETURN_IF_ERROR(CheckPage(filter.page, filter.page_size));
  std::string where = "1 = 1";
  std::vector<Value> params;
  const auto add = [&](std::string_view condition, std::string value) {
    where += fmt::format(" AND {}.{}", alias, condition);
    params.emplace_back(std::move(value));
  };
  if (!filter.uscc.empty())
    add("uscc = ?", filter.uscc);
  if (!filter.status.empty())
    add("status = ?", filter.status);
  if (filter.overdue_only) {
    where += fmt::format(" AND {}.status = 'pending'", alias);
    add("due_on < ?", std::string(today));
  }
  if (caller.ActsForEntity())
    add("uscc = ?", caller.uscc);  // the rest of the scope is checked per row
  ZQ_ASSIGN_OR_RETURN(auto tx, db.Begin(store::TxMode::kReadOnly));
  ZQ_ASSIGN_OR_RETURN(
      store::ResultSet rs,
      tx->Query(fmt::format("SELECT {} FROM {} JOIN credit_events e ON e.id = {}.event_id WHERE {} "
                            "ORDER BY {}.due_on, {}.id",
                            columns, table, alias, where, alias, alias),
                params));
  std::vector<store::Row> out;
  const std::size_t skip =
      static_cast<std::size_t>(filter.page - 1) * static_cast<std::size_t>(filter.page_size);
  std::size_t seen = 0;
  for (store::Row& row : rs.rows) {
    if (!MayReadCase(caller, row.GetText(1), row.GetText(2)) || seen++ < skip)
      continue;
    out.push_back(std::move(row));
    if (out.size() >= static_cast<std::size_t>(filter.page_size))
      break;
  }
  return out;
}

Result<std::set<std::int64_t>> DisputedEventIds(store::Transaction& tx, std::string_view uscc) {
  const std::vector<Value> key = {std::string(uscc)};
  ZQ_ASSIGN_OR_RETURN(
      store::ResultSet rs,
      tx.Query("SELECT event_id FROM credit_objections WHERE uscc = ? AND status = 'pending'",
               key));
  std::set<std::int64_t> out;
  for (const store::Row& row : rs.rows) out.insert(row.GetInt(0));
  return out;
}

Result<std::int64_t> EndedBy(store::Transaction& tx, std::int64_t event_id) {
  const std::vector<Value> key = {event_id};
  ZQ_ASSIGN_OR_RETURN(store::ResultSet rs,
                      tx.Query("SELECT id FROM credit_events WHERE ends_event_id = ?", key));
  return rs.rows.empty() ? std::int64_t{0} : rs.rows[0].GetInt(0);
}

}  // namespace zq::credit::internal
