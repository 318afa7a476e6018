#include "credit/internal/repair_sql.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/page.h"

namespace zq::credit::internal {

using store::Value;

Objection ObjectionFromRow(const store::Row& r, std::string_view today) {
  Objection o;
  o.id = r.GetInt(0);
  o.uscc = r.GetText(1);
  o.region_code = r.GetText(2);
  o.event_id = r.GetInt(3);
  o.event_type = r.GetText(4);
  o.grounds = r.GetText(5);
  o.evidence_ref = r.GetText(6);
  o.filed_by = r.GetText(7);
  o.filed_on = r.GetText(8);
  o.due_on = r.GetText(9);
  o.extended = r.GetInt(10) != 0;
  o.extension_reason = r.GetText(11);
  o.status = r.GetText(12);
  o.decided_by = r.GetText(13);
  o.decided_on = r.GetText(14);
  o.decision_reason = r.GetText(15);
  o.ending_event_id = r.GetInt(16);
  o.overdue = o.status == "pending" && std::string_view(o.due_on) < today;
  return o;
}

Result<RepairApplication> RepairFromRow(const store::Row& r, std::string_view today) {
  RepairApplication a;
  a.id = r.GetInt(0);
  a.uscc = r.GetText(1);
  a.region_code = r.GetText(2);
  ZQ_ASSIGN_OR_RETURN(a.kind, ParseRepairKind(r.GetText(3)));
  a.event_id = r.GetInt(4);
  a.event_type = r.GetText(5);
  const nlohmann::json facts = nlohmann::json::parse(r.GetText(6), nullptr, false);
  if (!facts.is_object())
    return Status(StatusCode::kInternal, "malformed repair facts", "facts");
  a.facts.ground = facts.value("ground", "");
  a.facts.domain = facts.value("domain", "general");
  a.facts.measures = facts.value("measures", std::vector<std::string>{});
  a.facts.penalty_fulfilled = facts.value("penalty_fulfilled", false);
  a.facts.harm_removed = facts.value("harm_removed", false);
  a.evidence_ref = r.GetText(7);
  a.statement = r.GetText(8);
  a.filed_by = r.GetText(9);
  a.filed_on = r.GetText(10);
  a.due_on = r.GetText(11);
  a.status = r.GetText(12);
  a.decided_by = r.GetText(13);
  a.decided_on = r.GetText(14);
  a.decision_reason = r.GetText(15);
  a.fraudulent = r.GetInt(16) != 0;
  a.barred_until = r.GetText(17);
  a.ending_event_id = r.GetInt(18);
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
