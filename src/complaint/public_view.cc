// The portal's side of a case (ComplaintService::Lookup, Rate): the submitter finds their case by
// its number and their phone, follows its steps and deadlines, and rates the handling once it is
// closed (回访满意度). Anonymous: rate limited per client, kept in the case's history, not audited.
#include <fmt/format.h>

#include "auth/masking.h"
#include "complaint/complaint_service.h"
#include "complaint/internal/case_rows.h"
#include "core/calendar.h"
#include "core/csv.h"

namespace zq::complaint {
namespace {

using store::Value;

std::string Digits(std::string_view phone) {
  std::string out;
  for (const char c : phone) {
    if (c >= '0' && c <= '9')
      out += c;
  }
  return out;
}

Status NoSuchCase() { return Status::NotFound("no case with this number and phone", "number"); }

}  // namespace

Result<CaseRecord> ComplaintService::FindOwn(store::Transaction& tx, std::string_view number,
                                             std::string_view phone) const {
  const std::string digits = Digits(phone);
  if (number.empty() || number.size() > 40 || digits.size() < 7)
    return NoSuchCase();
  const std::vector<Value> p = {std::string(number)};
  Result<CaseRecord> c =
      internal::CaseColumns().QueryOneOr(tx, "complaint_cases WHERE number = ?", p, NoSuchCase());
  ZQ_RETURN_IF_ERROR(c.status());
  const std::vector<Value> sub = {c->submission_id};
  ZQ_ASSIGN_OR_RETURN(
      store::ResultSet rs,
      tx.Query("SELECT submitter_phone FROM complaint_submissions WHERE id = ?", sub));
  Result<std::string> stored = cipher_.Open(rs.rows.at(0).GetText(0));
  if (!stored.ok() || Digits(*stored).empty() || Digits(*stored) != digits)
    return NoSuchCase();
  return c;
}

Result<PublicCase> ComplaintService::PublicOf(store::Transaction& tx, const CaseRecord& c,
                                              std::string_view today) const {
  PublicCase out{.number = c.number,
                 .kind = c.kind,
                 .state = c.state,
                 .respondent_name = c.respondent_name,
                 .handling_region = c.handling_region,
                 .received_on = c.dates.received_on,
                 .closed_on = c.closed_on,
                 .rating = c.rating,
                 .rated_at = c.rated_at};
  if (!c.dates.decided_on.empty() || !c.closed_on.empty())
    out.outcome = c.outcome;
  if (c.duplicate_of != 0) {
    const std::vector<Value> p = {c.duplicate_of};
    ZQ_ASSIGN_OR_RETURN(store::ResultSet rs,
                        tx.Query("SELECT number FROM complaint_cases WHERE id = ?", p));
    if (!rs.rows.empty())
      out.duplicate_of = rs.rows[0].GetText(0);
  }
  const std::vector<Value> sub = {c.submission_id};
  ZQ_ASSIGN_OR_RETURN(
      store::ResultSet rs,
      tx.Query("SELECT submitter_phone FROM complaint_submissions WHERE id = ?", sub));
  out.phone = auth::MaskPhone(Digits(cipher_.Open(rs.rows.at(0).GetText(0)).value_or("")));
  ZQ_ASSIGN_OR_RETURN(out.deadlines, DeadlinesOf(c.dates, rules_, calendar_, today));
  ZQ_ASSIGN_OR_RETURN(std::vector<HistoryEntry> history, internal::HistoryOf(tx, c.id));
  for (HistoryEntry& h : history) {
    if (h.action == "classify" || h.action == "link")
      continue;  // the office's own bookkeeping
    out.steps.push_back(
        {.at = std::move(h.at), .action = std::move(h.action), .to_state = std::move(h.to_state)});
  }
  out.may_rate = c.state == State::kClosed && c.rating == 0;
  return out;
}

Result<PublicCase> ComplaintService::Lookup(std::string_view number, std::string_view phone,
                                            std::string_view client) {
  ZQ_RETURN_IF_ERROR(TakeQuota(fmt::format("lookup:{}", client), limits_.lookups_per_hour));
  const std::string today = TodayText(clock_);
  PublicCase out;
  {
    ZQ_ASSIGN_OR_RETURN(auto tx, db_.Begin(store::TxMode::kReadOnly));
    ZQ_ASSIGN_OR_RETURN(const CaseRecord c, FindOwn(*tx, number, phone));
    ZQ_ASSIGN_OR_RETURN(out, PublicOf(*tx, c, today));
  }
  NameOffice(out);
  return out;
}

void ComplaintService::NameOffice(PublicCase& c) {
  if (Result<registry::Region> r = registry_.GetRegion(c.handling_region); r.ok())
    c.handling_office = r->name;
}

Result<PublicCase> ComplaintService::Rate(std::string_view number, std::string_view phone,
                                          int rating, std::string_view comment,
                                          std::string_view client) {
  if (rating < 1 || rating > 5)
    return Status::InvalidArgument("rating must be 1 to 5", "rating");
  if (!IsValidUtf8(comment) || comment.size() > 1000)
    return Status::InvalidArgument("comment must be UTF-8 text of at most 1000 bytes", "comment");
  ZQ_RETURN_IF_ERROR(TakeQuota(fmt::format("lookup:{}", client), limits_.lookups_per_hour));
  const std::string today = TodayText(clock_);
  const std::string now =
      FormatUtcTimestamp(std::chrono::time_point_cast<std::chrono::milliseconds>(clock_.Now()));
  PublicCase out;
  ZQ_RETURN_IF_ERROR(store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    ZQ_ASSIGN_OR_RETURN(CaseRecord c, FindOwn(tx, number, phone));
    if (c.state != State::kClosed)
      return Status::FailedPrecondition("a case is rated once it is closed", "state");
    if (c.rating != 0)
      return Status::FailedPrecondition("this case was rated already", "rating");
    c.rating = rating;
    c.rating_comment = std::string(comment);
    c.rated_at = now;
    const std::vector<Value> p = {std::int64_t{rating}, c.rating_comment, now, c.id};
    ZQ_RETURN_IF_ERROR(tx.Execute("UPDATE complaint_cases SET rating = ?, rating_comment = ?, "
                                  "rated_at = ? WHERE id = ? AND rating = 0",
                                  p)
                           .status());
    ZQ_RETURN_IF_ERROR(internal::AddHistory(tx, c.id, now, fmt::format("public:{}", client), "rate",
                                            "closed", "closed", fmt::format("{}/5", rating)));
    ZQ_ASSIGN_OR_RETURN(out, PublicOf(tx, c, today));
    return Status::Ok();
  }));
  NameOffice(out);
  return out;
}

}  // namespace zq::complaint
