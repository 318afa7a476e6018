// Reading cases: one case with its submitter and history, the office's list with deadlines and
// the overdue filter, counts by region × object class × problem.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "auth/masking.h"
#include "complaint/complaint_service.h"
#include "complaint/internal/case_rows.h"
#include "core/calendar.h"

namespace zq::complaint {
namespace {

using store::Value;

const store::Columns<CaseLink>& LinkColumns() {
  static const store::Columns<CaseLink> kColumns("id", &CaseLink::id, "number", &CaseLink::number,
                                                 "state", &CaseLink::state, "received_on",
                                                 &CaseLink::received_on);
  return kColumns;
}

// The repeats merged into `c`, the first case it was merged into, and (while it is open) earlier
// open cases of its kind from the same phone against the same respondent.
Status Links(store::Transaction& tx, CaseRecord& c, const std::string& phone_index) {
  const std::vector<Value> self = {c.id};
  ZQ_ASSIGN_OR_RETURN(
      c.duplicates,
      LinkColumns().QueryAll(tx, "complaint_cases WHERE duplicate_of = ? ORDER BY id", self));
  if (c.duplicate_of != 0) {
    const std::vector<Value> p = {c.duplicate_of};
    ZQ_ASSIGN_OR_RETURN(const std::vector<CaseLink> first,
                        LinkColumns().QueryAll(tx, "complaint_cases WHERE id = ?", p));
    if (!first.empty())
      c.duplicate_of_number = first[0].number;
  }
  if (!IsOpen(c.state) || phone_index.empty())
    return Status::Ok();
  const std::vector<Value> p = {std::string(KindName(c.kind)), c.id, phone_index, c.respondent_uscc,
                                c.respondent_name};
  ZQ_ASSIGN_OR_RETURN(
      c.duplicate_candidates,
      LinkColumns().QueryAll(
          tx,
          "complaint_cases WHERE kind = ? AND id < ? AND state NOT IN ('closed', 'merged') AND "
          "submission_id IN (SELECT id FROM complaint_submissions WHERE submitter_phone_index = ?) "
          "AND ((respondent_uscc <> '' AND respondent_uscc = ?) OR (respondent_uscc = '' AND "
          "respondent_name = ?)) ORDER BY id LIMIT 10",
          p));
  return Status::Ok();
}

std::string Opened(const auth::PersonalDataCipher& cipher, const std::string& sealed) {
  Result<std::string> plain = cipher.Open(sealed);
  return plain.ok() ? *plain : std::string("(unreadable)");
}

}  // namespace

Result<CaseRecord> ComplaintService::Get(const auth::Caller& caller, std::int64_t id) {
  const std::string today = TodayText(clock_);
  CaseRecord c;
  Submitter s;
  ZQ_RETURN_IF_ERROR(store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    ZQ_ASSIGN_OR_RETURN(c, internal::LoadCase(tx, caller, id));
    ZQ_ASSIGN_OR_RETURN(c.history, internal::HistoryOf(tx, id));
    const std::vector<Value> p = {c.submission_id};
    ZQ_ASSIGN_OR_RETURN(store::ResultSet rs,
                        tx.Query("SELECT submitter_name, submitter_phone, submitter_id_number, "
                                 "submitter_address, real_name, submitter_phone_index FROM "
                                 "complaint_submissions WHERE id = ?",
                                 p));
    const store::Row& row = rs.rows.at(0);
    ZQ_RETURN_IF_ERROR(Links(tx, c, row.GetText(5)));
    s.real_name = row.GetInt(4) != 0;
    // Art. 33: the handling office and its superiors see the submitter; other officials see a
    // complainant masked and a reporter not at all. Each full view is audited.
    if (caller.CanSeeRegion(c.handling_region) && caller.CanSeePersonalData()) {
      s.visibility = "full";
      s.name = Opened(cipher_, row.GetText(0));
      s.phone = Opened(cipher_, row.GetText(1));
      s.id_number = Opened(cipher_, row.GetText(2));
      s.address = Opened(cipher_, row.GetText(3));
      if (!s.name.empty() || !s.phone.empty())
        ZQ_RETURN_IF_ERROR(audit_.Append(
            tx, caller, "personal_data.read", fmt::format("complaint_case:{}", c.id),
            nlohmann::json({{"fields", {"name", "phone", "id_number", "address"}}}).dump()));
    } else if (c.kind == Kind::kComplaint) {
      s.visibility = "masked";
      s.name = auth::MaskPersonName(Opened(cipher_, row.GetText(0)));
      s.phone = auth::MaskPhone(Opened(cipher_, row.GetText(1)));
      const std::string idn = Opened(cipher_, row.GetText(2));
      s.id_number = idn.empty() ? "" : auth::MaskIdNumber(idn);
      s.address = auth::MaskAddress(Opened(cipher_, row.GetText(3)));
    } else {
      s.visibility = "withheld";
    }
    return Status::Ok();
  }));
  c.submitter = std::move(s);
  ZQ_RETURN_IF_ERROR(Finish(c, caller, today));
  return c;
}

Result<PageOf<CaseRecord>> ComplaintService::List(const auth::Caller& caller, const CaseFilter& f) {
  ZQ_RETURN_IF_ERROR(CheckPage(f.page));
  std::string where = "1 = 1";
  std::vector<Value> params;
  ZQ_RETURN_IF_ERROR(internal::AppendScope(caller, f.region, where, params));
  ZQ_RETURN_IF_ERROR(internal::AppendKind(f.kind, where, params));
  if (!f.state.empty()) {
    ZQ_ASSIGN_OR_RETURN(const State st, ParseState(f.state));
    where += " AND state = ?";
    params.emplace_back(std::string(StateName(st)));
  }
  const std::string today = TodayText(clock_);
  if (f.overdue_only) {
    where += " AND next_due_on <> '' AND next_due_on < ?";
    params.emplace_back(today);
  }
  PageOf<CaseRecord> out;
  out.page = f.page.page;
  out.page_size = f.page.page_size;
  ZQ_ASSIGN_OR_RETURN(auto tx, db_.Begin(store::TxMode::kReadOnly));
  ZQ_ASSIGN_OR_RETURN(
      store::ResultSet count,
      tx->Query(fmt::format("SELECT COUNT(*) FROM complaint_cases WHERE {}", where), params));
  out.total = count.rows.at(0).GetInt(0);
  std::vector<Value> page_params = params;
  page_params.emplace_back(std::int64_t{f.page.page_size});
  page_params.emplace_back(std::int64_t{(f.page.page - 1) * f.page.page_size});
  // The overdue list runs by due day, then office: the order of the index complaint_cases_due
  // (next_due_on, handling_region, then the row id), so a page is read without sorting them all.
  ZQ_ASSIGN_OR_RETURN(
      out.items, internal::CaseColumns().QueryAll(
                     *tx,
                     fmt::format("complaint_cases WHERE {} ORDER BY {} LIMIT ? OFFSET ?", where,
                                 f.overdue_only ? "next_due_on, handling_region, id" : "id DESC"),
                     page_params));
  for (CaseRecord& c : out.items) ZQ_RETURN_IF_ERROR(Finish(c, caller, today));
  return out;
}

Result<std::vector<CaseCount>> ComplaintService::Counts(const auth::Caller& caller,
                                                        const CountFilter& f) {
  std::string where = "1 = 1";
  std::vector<Value> params;
  ZQ_RETURN_IF_ERROR(internal::AppendScope(caller, f.region, where, params));
  ZQ_RETURN_IF_ERROR(internal::AppendKind(f.kind, where, params));
  for (const auto& [date, op, field] : {std::tuple{&f.from, ">=", "from"}, {&f.to, "<=", "to"}}) {
    if (date->empty())
      continue;
    ZQ_RETURN_IF_ERROR(ParseDate(*date, field).status());
    where += fmt::format(" AND received_on {} ?", op);
    params.emplace_back(*date);
  }
  ZQ_ASSIGN_OR_RETURN(auto tx, db_.Begin(store::TxMode::kReadOnly));
  static const store::Columns<CaseCount> kColumns(
      "handling_region", &CaseCount::region, "object_class", &CaseCount::object_class, "problem",
      &CaseCount::problem, "COUNT(*)", &CaseCount::count);
  return kColumns.QueryAll(*tx,
                           fmt::format("complaint_cases WHERE {} GROUP BY handling_region, "
                                       "object_class, problem ORDER BY COUNT(*) DESC, "
                                       "handling_region, object_class, problem",
                                       where),
                           params);
}

Result<DueCount> ComplaintService::DueCounts(const auth::Caller& caller) {
  std::string where = "next_due_on <> ''";
  std::vector<Value> params;
  ZQ_RETURN_IF_ERROR(internal::AppendScope(caller, std::nullopt, where, params));
  const std::string today = TodayText(clock_);
  std::vector<Value> all = {today, today};
  all.insert(all.end(), params.begin(), params.end());
  ZQ_ASSIGN_OR_RETURN(auto tx, db_.Begin(store::TxMode::kReadOnly));
  ZQ_ASSIGN_OR_RETURN(
      const store::ResultSet r,
      tx->Query(fmt::format("SELECT COUNT(*), COALESCE(SUM(CASE WHEN next_due_on < ? THEN 1 ELSE "
                            "0 END), 0), COALESCE(MIN(CASE WHEN next_due_on >= ? THEN next_due_on "
                            "END), '') FROM complaint_cases WHERE {}",
                            where),
                all));
  const store::Row& row = r.rows.at(0);
  return DueCount{.running = row.GetInt(0), .overdue = row.GetInt(1), .next_due = row.GetText(2)};
}

}  // namespace zq::complaint
