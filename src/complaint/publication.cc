// Publication of complaint counts (publication.h): a business's record over five years and the
// quarter's statistics. Both are read in one transaction each, anonymously and without audit:
// they hold counts and registered names only.
#include "complaint/publication.h"

#include <fmt/format.h>

#include "complaint/complaint_service.h"
#include "complaint/deadlines.h"
#include "complaint/internal/case_rows.h"
#include "complaint/narrative_scrubber.h"
#include "core/calendar.h"
#include "core/ids/region_code.h"
#include "core/ids/uscc.h"

namespace zq::complaint {
namespace {

using store::Value;

// Complaints only, and a repeat merged into an earlier case is that case.
constexpr std::string_view kPublished = "kind = 'complaint' AND state <> 'merged'";
constexpr std::string_view kTallyColumns =
    "COUNT(*), COALESCE(SUM(CASE WHEN accepted_on <> '' THEN 1 ELSE 0 END), 0), "
    "COALESCE(SUM(CASE WHEN ended_on <> '' THEN 1 ELSE 0 END), 0), "
    "COALESCE(SUM(CASE WHEN ended_on <> '' AND terminated = 0 THEN 1 ELSE 0 END), 0)";

ComplaintTally TallyOf(const store::Row& row) {
  ComplaintTally t{.complaints = row.GetInt(0),
                   .accepted = row.GetInt(1),
                   .mediation_ended = row.GetInt(2),
                   .agreed = row.GetInt(3)};
  if (t.mediation_ended > 0)
    t.mediation_success_rate =
        static_cast<double>(t.agreed) / static_cast<double>(t.mediation_ended);
  return t;
}

double Share(std::int64_t part, std::int64_t whole) {
  return whole == 0 ? 0.0 : static_cast<double>(part) / static_cast<double>(whole);
}

Result<std::vector<ProblemCount>> ProblemsIn(store::Transaction& tx, const std::string& where,
                                             const std::vector<Value>& params, std::int64_t total,
                                             const Taxonomy& taxonomy) {
  ZQ_ASSIGN_OR_RETURN(const store::ResultSet rs,
                      tx.Query(fmt::format("SELECT problem, COUNT(*) FROM complaint_cases WHERE "
                                           "{} GROUP BY problem ORDER BY COUNT(*) DESC, problem",
                                           where),
                               params));
  std::vector<ProblemCount> out;
  for (const store::Row& row : rs.rows) {
    ProblemCount p{.problem = row.GetText(0), .complaints = row.GetInt(1)};
    const TaxonomyEntry* e = taxonomy.Find("problem", p.problem);
    p.name = e != nullptr ? e->name : p.problem;
    p.share = Share(p.complaints, total);
    out.push_back(std::move(p));
  }
  return out;
}

void CountTimer(Timeliness& t, const Deadline& d) {
  if (!d.met_on.empty()) {
    ++t.met;
    if (!d.overdue)
      ++t.on_time;
  } else if (d.overdue) {
    ++t.running_late;
  }
}

void SetRate(Timeliness& t) {
  if (t.met > 0)
    t.rate = static_cast<double>(t.on_time) / static_cast<double>(t.met);
}

// The first day of the five years a complaint stays published (投诉有效期5年), to `today`.
std::int32_t FirstPublishedDay(std::int32_t today) { return AddMonths(today, -60) + 1; }

// "2026Q3" → the quarter's first and last day.
Result<std::pair<std::int32_t, std::int32_t>> QuarterDays(std::string_view quarter) {
  const Status bad =
      Status::InvalidArgument("quarter must look like 2026Q3 (a year, Q, 1-4)", "quarter");
  if (quarter.size() != 6 || quarter[4] != 'Q' || quarter[5] < '1' || quarter[5] > '4')
    return bad;
  Result<std::int32_t> first = DayNumber(
      fmt::format("{}-{:02}-01", quarter.substr(0, 4), (quarter[5] - '1') * 3 + 1), "quarter");
  if (!first.ok())
    return bad;
  return std::pair{*first, AddMonths(*first, 3) - 1};
}

// The last quarter that has ended by `today`.
std::string LastWholeQuarter(std::int32_t today) {
  const std::string day = DayText(today);
  int year = std::stoi(day.substr(0, 4));
  int q = (std::stoi(day.substr(5, 2)) - 1) / 3;  // the current quarter, 0-3; the last is q
  if (q == 0) {
    --year;
    q = 4;
  }
  return fmt::format("{}Q{}", year, q);
}

}  // namespace

Result<BusinessComplaints> ComplaintService::BusinessRecord(std::string_view uscc_text) {
  ZQ_ASSIGN_OR_RETURN(const ids::Uscc uscc, ids::ParseUscc(uscc_text));
  const std::int32_t today = TodayNumber(clock_);
  BusinessComplaints out{
      .uscc = uscc.code, .from = DayText(FirstPublishedDay(today)), .to = DayText(today)};
  ZQ_RETURN_IF_ERROR(store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    ZQ_ASSIGN_OR_RETURN(const registry::ListedEntity e, registry_.ListedEntityIn(tx, uscc.code));
    out.name = e.name;
    out.region = e.region_code;
    const std::string where = fmt::format(
        "{} AND respondent_uscc = ? AND received_on >= ? AND received_on <= ?", kPublished);
    const std::vector<Value> p = {uscc.code, out.from, out.to};
    ZQ_ASSIGN_OR_RETURN(
        const store::ResultSet tally,
        tx.Query(fmt::format("SELECT {} FROM complaint_cases WHERE {}", kTallyColumns, where), p));
    out.tally = TallyOf(tally.rows.at(0));
    ZQ_ASSIGN_OR_RETURN(out.problems, ProblemsIn(tx, where, p, out.tally.complaints, taxonomy_));
    ZQ_ASSIGN_OR_RETURN(const store::ResultSet years,
                        tx.Query(fmt::format("SELECT SUBSTR(received_on, 1, 4), COUNT(*) FROM "
                                             "complaint_cases WHERE {} GROUP BY "
                                             "SUBSTR(received_on, 1, 4)",
                                             where),
                                 p));
    const int last = std::stoi(out.to.substr(0, 4));
    for (int y = std::stoi(out.from.substr(0, 4)); y <= last; ++y) {
      BusinessComplaints::Year year{.year = std::to_string(y)};
      for (const store::Row& row : years.rows) {
        if (row.GetText(0) == year.year)
          year.complaints = row.GetInt(1);
      }
      out.years.push_back(std::move(year));
    }
    return Status::Ok();
  }));
  return out;
}

Result<QuarterlyComplaints> ComplaintService::QuarterlyStatistics(std::string_view quarter,
                                                                  std::string_view region) {
  const std::int32_t today = TodayNumber(clock_);
  QuarterlyComplaints out{.quarter =
                              quarter.empty() ? LastWholeQuarter(today) : std::string(quarter)};
  ZQ_ASSIGN_OR_RETURN(const auto days, QuarterDays(out.quarter));
  if (days.first > today)
    return Status::InvalidArgument(fmt::format("quarter {} has not begun", out.quarter), "quarter");
  out.from = DayText(days.first);
  out.to = DayText(days.second);
  std::string where = "received_on >= ? AND received_on <= ?";
  std::vector<Value> p = {out.from, out.to};
  if (!region.empty()) {
    Result<ids::RegionCode> code = ids::ParseRegionCode(region);
    if (!code.ok())
      return Status::InvalidArgument(code.status().message(), "region");
    if (!registry_.GetRegion(code->code).ok())
      return Status::NotFound(fmt::format("no region {}", code->code), "region");
    out.region = code->code;
    where += " AND handling_region LIKE ?";
    p.emplace_back(std::string(ids::SubtreePrefix(out.region)) + "%");
  }
  ZQ_RETURN_IF_ERROR(store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    const std::string complaints = fmt::format("{} AND {}", kPublished, where);
    ZQ_ASSIGN_OR_RETURN(
        const store::ResultSet tally,
        tx.Query(fmt::format("SELECT {} FROM complaint_cases WHERE {}", kTallyColumns, complaints),
                 p));
    out.tally = TallyOf(tally.rows.at(0));
    ZQ_ASSIGN_OR_RETURN(
        const store::ResultSet reports,
        tx.Query(fmt::format("SELECT COUNT(*) FROM complaint_cases WHERE kind = 'report' AND "
                             "state <> 'merged' AND {}",
                             where),
                 p));
    out.reports = reports.rows.at(0).GetInt(0);
    ZQ_ASSIGN_OR_RETURN(out.problems,
                        ProblemsIn(tx, complaints, p, out.tally.complaints, taxonomy_));
    ZQ_ASSIGN_OR_RETURN(const store::ResultSet classes,
                        tx.Query(fmt::format("SELECT object_class, COUNT(*) FROM complaint_cases "
                                             "WHERE {} GROUP BY object_class ORDER BY COUNT(*) "
                                             "DESC, object_class",
                                             complaints),
                                 p));
    for (const store::Row& row : classes.rows) {
      CategoryCount c{.object_class = row.GetText(0), .complaints = row.GetInt(1)};
      const TaxonomyEntry* e = taxonomy_.Find("object", c.object_class);
      c.name = e != nullptr ? e->name : std::string("未分类");
      c.group = e != nullptr ? e->group : std::string();
      c.share = Share(c.complaints, out.tally.complaints);
      if (c.group == "goods")
        out.goods += c.complaints;
      else if (c.group == "services")
        out.services += c.complaints;
      out.categories.push_back(std::move(c));
    }
    // Each complaint's timers, as its case page shows them today.
    ZQ_ASSIGN_OR_RETURN(const std::vector<CaseRecord> cases,
                        internal::CaseColumns().QueryAll(
                            tx, fmt::format("complaint_cases WHERE {}", complaints), p));
    const std::string today_text = DayText(today);
    for (const CaseRecord& c : cases) {
      ZQ_ASSIGN_OR_RETURN(const std::vector<Deadline> deadlines,
                          DeadlinesOf(c.dates, rules_, calendar_, today_text));
      for (const Deadline& d : deadlines) {
        if (d.timer == Timer::kAccept)
          CountTimer(out.acceptance, d);
        else if (d.timer == Timer::kMediate)
          CountTimer(out.mediation, d);
      }
    }
    SetRate(out.acceptance);
    SetRate(out.mediation);
    return Status::Ok();
  }));
  return out;
}

Result<PageOf<PublishedComplaint>> ComplaintService::PublishedComplaints(const PublishedFilter& f) {
  ZQ_RETURN_IF_ERROR(CheckPage(f.page, f.page_size));
  const std::int32_t today = TodayNumber(clock_);
  std::string where =
      "c.kind = 'complaint' AND c.state = 'closed' AND c.closed_on <> '' AND c.closed_on <= ? AND "
      "c.received_on >= ?";
  std::vector<Value> p = {DayText(today - kResponseWindowDays), DayText(FirstPublishedDay(today))};
  if (!f.uscc.empty()) {
    ZQ_ASSIGN_OR_RETURN(const ids::Uscc uscc, ids::ParseUscc(f.uscc));
    where += " AND c.respondent_uscc = ?";
    p.emplace_back(uscc.code);
  }
  if (!f.object_class.empty()) {
    if (!taxonomy_.Has("object", f.object_class))
      return Status::InvalidArgument("not an object class of the taxonomy", "object_class");
    where += " AND c.object_class = ?";
    p.emplace_back(f.object_class);
  }
  PageOf<PublishedComplaint> out{.page = f.page, .page_size = f.page_size};
  ZQ_RETURN_IF_ERROR(store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    ZQ_ASSIGN_OR_RETURN(
        const store::ResultSet total,
        tx.Query(fmt::format("SELECT COUNT(*) FROM complaint_cases c WHERE {}", where), p));
    out.total = total.rows.at(0).GetInt(0);
    std::vector<Value> page = p;
    page.emplace_back(std::int64_t{f.page_size});
    page.emplace_back(std::int64_t{(f.page - 1) * f.page_size});
    ZQ_ASSIGN_OR_RETURN(
        const store::ResultSet rows,
        tx.Query(
            fmt::format("SELECT c.number, c.received_on, c.closed_on, c.respondent_uscc, "
                        "c.respondent_name, c.object_class, c.problem, c.accepted_on, c.ended_on, "
                        "c.terminated, c.facts, s.publish_consent, s.submitter_name FROM "
                        "complaint_cases c JOIN complaint_submissions s ON s.id = c.submission_id "
                        "WHERE {} ORDER BY c.closed_on DESC, c.id DESC LIMIT ? OFFSET ?",
                        where),
            page));
    for (const store::Row& row : rows.rows) {
      PublishedComplaint c{.number = row.GetText(0),
                           .received_on = row.GetText(1),
                           .closed_on = row.GetText(2),
                           .respondent_uscc = row.GetText(3),
                           .respondent_name = row.GetText(4),
                           .object_class = row.GetText(5),
                           .problem = row.GetText(6)};
      const TaxonomyEntry* object = taxonomy_.Find("object", c.object_class);
      c.object_name = object != nullptr ? object->name : std::string("未分类");
      const TaxonomyEntry* problem = taxonomy_.Find("problem", c.problem);
      c.problem_name = problem != nullptr ? problem->name : c.problem;
      c.result = !row.GetText(8).empty()  ? (row.GetInt(9) != 0 ? "terminated" : "agreed")
                 : row.GetText(7).empty() ? "refused"
                                          : "closed";
      if (row.GetInt(11) != 0) {
        // The complainant's own name is one the scrubber must find wherever it is written.
        Result<std::string> name = cipher_.Open(row.GetText(12));
        const std::vector<std::string> known = {name.ok() ? *name : std::string()};
        c.narrative = ScrubNarrative(row.GetText(10), known).text;
        c.narrative_published = true;
      }
      out.items.push_back(std::move(c));
    }
    return Status::Ok();
  }));
  return out;
}

}  // namespace zq::complaint
