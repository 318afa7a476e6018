// 统计报表 in the database (report_store.h).
#include "stats/report_store.h"

#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/calendar.h"
#include "core/ids/uscc.h"
#include "stats/internal/computing.h"

namespace zq::stats {
namespace {

using nlohmann::json;
using store::Value;

constexpr std::size_t kMaxEnrolment = 5000;
constexpr std::string_view kLossForm = "enterprise_quality";

struct FormAndPeriod {
  const ReportForm* form = nullptr;
  ReportPeriod period;
};

Result<FormAndPeriod> FormPeriod(std::string_view form_code, std::string_view period) {
  FormAndPeriod out;
  ZQ_ASSIGN_OR_RETURN(out.form, FindReportForm(form_code));
  ZQ_ASSIGN_OR_RETURN(out.period, ParseReportPeriod(*out.form, period));
  return out;
}

std::string PrefixPattern(const std::optional<ids::RegionCode>& root) {
  return root ? std::string(ids::SubtreePrefix(root->code)) + "%" : std::string("%");
}

// The panel row of a firm: its region, or kNotFound "uscc".
Result<std::string> PanelRegion(store::Transaction& tx, std::string_view form,
                                std::string_view period, std::string_view uscc) {
  const Value p[] = {std::string(form), std::string(period), std::string(uscc)};
  ZQ_ASSIGN_OR_RETURN(store::ResultSet rs,
                      tx.Query("SELECT region_code FROM stats_report_panel WHERE form_code = ? "
                               "AND period = ? AND uscc = ?",
                               p));
  if (rs.rows.empty())
    return Status::NotFound("the firm was not asked to file this form for this period", "uscc");
  return rs.rows[0].GetText(0);
}

// Whether the caller may read (or, `write`, file for) a firm of `region`.
bool Reaches(const auth::Caller& caller, std::string_view uscc, std::string_view region,
             bool write) {
  if (caller.ActsForEntity())
    return caller.ActsForEntity(uscc);
  return write ? caller.CanWriteIn(region) : caller.IsOfficial() && caller.CanReadRegion(region);
}

constexpr std::string_view kFilingColumns =
    "form_code, form_version, period, uscc, region_code, revision, body, warnings, reason, "
    "submitted_at, submitted_by, by_office, late";

Result<ReportFiling> FilingFromRow(const store::Row& row) {
  ReportFiling f;
  f.form_code = row.GetText(0);
  f.form_version = static_cast<int>(row.GetInt(1));
  f.period = row.GetText(2);
  f.uscc = row.GetText(3);
  f.region_code = row.GetText(4);
  f.revision = static_cast<int>(row.GetInt(5));
  const json body = json::parse(row.GetText(6), nullptr, false);
  const json warnings = json::parse(row.GetText(7), nullptr, false);
  if (!body.is_object() || !warnings.is_array())
    return Status::Internal("a stored filing is not readable");
  for (const auto& [code, v] : body.items()) f.figures[code] = v.get<double>();
  for (const json& w : warnings) f.warnings.push_back(w.get<std::string>());
  f.reason = row.GetText(8);
  f.submitted_at = row.GetText(9);
  f.submitted_by = row.GetText(10);
  f.by_office = row.GetInt(11) != 0;
  f.late = row.GetInt(12) != 0;
  return f;
}

// The filings selected by `where` (a query of stats_report_filings f from its WHERE on).
Result<std::vector<ReportFiling>> QueryFilings(store::Transaction& tx, std::string_view where,
                                               std::span<const Value> params) {
  ZQ_ASSIGN_OR_RETURN(
      store::ResultSet rs,
      tx.Query(fmt::format("SELECT {} FROM stats_report_filings f {}", kFilingColumns, where),
               params));
  std::vector<ReportFiling> out;
  for (const store::Row& row : rs.rows) {
    ZQ_ASSIGN_OR_RETURN(ReportFiling f, FilingFromRow(row));
    out.push_back(std::move(f));
  }
  return out;
}

// The latest revision of every filing of `form` for `period` in the subtree.
Result<std::vector<ReportFiling>> LatestFilings(store::Transaction& tx, std::string_view form,
                                                std::string_view period,
                                                const std::string& pattern) {
  const Value p[] = {std::string(form), std::string(period), pattern};
  return QueryFilings(tx,
                      "WHERE form_code = ? AND period = ? AND region_code LIKE ? AND revision = "
                      "(SELECT MAX(revision) FROM stats_report_filings g WHERE g.form_code = "
                      "f.form_code AND g.period = f.period AND g.uscc = f.uscc) ORDER BY "
                      "region_code, uscc",
                      p);
}

}  // namespace

Result<int> ReportStore::Enrol(const auth::Caller& caller, std::string_view form_code,
                               std::string_view period_label, std::span<const std::string> usccs) {
  if (!caller.CanWrite())
    return Status::PermissionDenied("offices ask firms to file report forms");
  ZQ_ASSIGN_OR_RETURN(const FormAndPeriod fp, FormPeriod(form_code, period_label));
  if (usccs.empty() || usccs.size() > kMaxEnrolment)
    return Status::InvalidArgument("usccs lists 1 to 5,000 firms", "usccs");
  std::vector<std::string> parsed;
  for (std::size_t i = 0; i < usccs.size(); ++i) {
    const auto uscc = ids::ParseUscc(usccs[i]);
    if (!uscc.ok()) {
      return Status::InvalidArgument(uscc.status().message(), fmt::format("usccs[{}]", i));
    }
    parsed.push_back(uscc->code);
  }
  int added = 0;
  ZQ_RETURN_IF_ERROR(store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    added = 0;
    const std::string now = internal::NowUtcText(clock_);
    for (std::size_t i = 0; i < parsed.size(); ++i) {
      const auto entity = registry_.ListedEntityIn(tx, parsed[i]);
      if (!entity.ok() || !caller.CanWriteIn(entity->region_code)) {
        return Status::NotFound("no such firm in your jurisdiction", fmt::format("usccs[{}]", i));
      }
      const Value p[] = {fp.form->code,       fp.period.label, parsed[i],
                         entity->region_code, entity->name,    now,
                         caller.actor};
      ZQ_ASSIGN_OR_RETURN(const std::int64_t n,
                          tx.Execute("INSERT INTO stats_report_panel (form_code, period, uscc, "
                                     "region_code, entity_name, enrolled_at, enrolled_by) VALUES "
                                     "(?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                                     p));
      added += static_cast<int>(n);
    }
    return audit_.Append(tx, caller, "stats.report_panel.enrol",
                         fmt::format("report:{}:{}", fp.form->code, fp.period.label),
                         json{{"firms", parsed.size()}, {"added", added}}.dump());
  }));
  return added;
}

Result<ReportFiling> ReportStore::File(const auth::Caller& caller, std::string_view form_code,
                                       std::string_view period_label, std::string_view uscc,
                                       const json& values, std::string_view reason) {
  ZQ_ASSIGN_OR_RETURN(const FormAndPeriod fp, FormPeriod(form_code, period_label));
  ZQ_ASSIGN_OR_RETURN(const ids::Uscc firm, ids::ParseUscc(uscc));
  ZQ_ASSIGN_OR_RETURN(const FormFigures figures, ParseFormFigures(*fp.form, values));
  if (reason.size() > 2000)
    return Status::InvalidArgument("the reason is at most 2,000 bytes", "reason");
  ReportFiling filing;
  filing.form_code = fp.form->code;
  filing.form_version = fp.form->version;
  filing.period = fp.period.label;
  filing.uscc = firm.code;
  filing.figures = figures;
  filing.warnings = PlausibilityWarnings(*fp.form, figures);
  filing.reason = std::string(reason);
  filing.submitted_by = caller.actor;
  filing.by_office = !caller.ActsForEntity();
  filing.late = TodayNumber(clock_) > fp.period.due_on;
  ZQ_RETURN_IF_ERROR(store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    ZQ_ASSIGN_OR_RETURN(filing.region_code,
                        PanelRegion(tx, filing.form_code, filing.period, filing.uscc));
    if (!Reaches(caller, filing.uscc, filing.region_code, /*write=*/true))
      return Status::NotFound("the firm was not asked to file this form for this period", "uscc");
    const Value key[] = {filing.form_code, filing.period, filing.uscc};
    ZQ_ASSIGN_OR_RETURN(store::ResultSet rs,
                        tx.Query("SELECT COUNT(*) FROM stats_report_filings WHERE form_code = ? "
                                 "AND period = ? AND uscc = ?",
                                 key));
    filing.revision = static_cast<int>(rs.rows[0].GetInt(0)) + 1;
    if (filing.revision > 1 && filing.reason.empty())
      return Status::InvalidArgument("a revision (更正) gives its reason", "reason");
    filing.submitted_at = internal::NowUtcText(clock_);
    json body = json::object();
    for (const auto& [code, v] : filing.figures) body[code] = v;
    const Value p[] = {filing.form_code,
                       std::int64_t{filing.form_version},
                       filing.period,
                       filing.uscc,
                       std::int64_t{filing.revision},
                       filing.region_code,
                       body.dump(),
                       json(filing.warnings).dump(),
                       filing.reason,
                       filing.submitted_at,
                       filing.submitted_by,
                       std::int64_t{filing.by_office ? 1 : 0},
                       std::int64_t{filing.late ? 1 : 0}};
    ZQ_RETURN_IF_ERROR(
        tx.Execute(fmt::format("INSERT INTO stats_report_filings ({}) VALUES (?, ?, ?, ?, ?, ?, "
                               "?, ?, ?, ?, ?, ?, ?)",
                               "form_code, form_version, period, uscc, revision, region_code, "
                               "body, warnings, reason, submitted_at, submitted_by, by_office, "
                               "late"),
                   p)
            .status());
    return audit_.Append(tx, caller, "stats.report.file",
                         fmt::format("report:{}:{}:{}:{}", filing.form_code, filing.period,
                                     filing.uscc, filing.revision));
  }));
  return filing;
}

Result<std::vector<ReportFiling>> ReportStore::Revisions(const auth::Caller& caller,
                                                         std::string_view form_code,
                                                         std::string_view period_label,
                                                         std::string_view uscc) const {
  ZQ_ASSIGN_OR_RETURN(const FormAndPeriod fp, FormPeriod(form_code, period_label));
  ZQ_ASSIGN_OR_RETURN(const ids::Uscc firm, ids::ParseUscc(uscc));
  ZQ_ASSIGN_OR_RETURN(auto tx, db_.Begin(store::TxMode::kReadOnly));
  ZQ_ASSIGN_OR_RETURN(const std::string region,
                      PanelRegion(*tx, fp.form->code, fp.period.label, firm.code));
  if (!Reaches(caller, firm.code, region, /*write=*/false))
    return Status::NotFound("the firm was not asked to file this form for this period", "uscc");
  const Value p[] = {fp.form->code, fp.period.label, firm.code};
  return QueryFilings(*tx, "WHERE form_code = ? AND period = ? AND uscc = ? ORDER BY revision DESC",
                      p);
}

Result<PanelStatus> ReportStore::Panel(const auth::Caller& caller, std::string_view form_code,
                                       std::string_view period_label,
                                       const std::optional<ids::RegionCode>& region) const {
  if (!caller.IsOfficial())
    return Status::PermissionDenied("officials follow the filing of report forms");
  ZQ_ASSIGN_OR_RETURN(const FormAndPeriod fp, FormPeriod(form_code, period_label));
  ZQ_ASSIGN_OR_RETURN(const auto root,
                      internal::ComputedRoot(caller, region, internal::RegionUse::kRead));
  PanelStatus out;
  out.form_code = fp.form->code;
  out.period = fp.period.label;
  out.region_code = root ? root->code : "";
  out.due_on = DayText(fp.period.due_on);
  const std::int32_t today = TodayNumber(clock_);
  out.as_of = DayText(today);
  ZQ_ASSIGN_OR_RETURN(auto tx, db_.Begin(store::TxMode::kReadOnly));
  const Value p[] = {fp.form->code, fp.period.label, PrefixPattern(root)};
  ZQ_ASSIGN_OR_RETURN(
      store::ResultSet rs,
      tx->Query("SELECT p.uscc, p.entity_name, p.region_code, f.late FROM stats_report_panel p "
                "LEFT JOIN stats_report_filings f ON f.form_code = p.form_code AND f.period = "
                "p.period AND f.uscc = p.uscc AND f.revision = 1 WHERE p.form_code = ? AND "
                "p.period = ? AND p.region_code LIKE ? ORDER BY p.region_code, p.uscc",
                p));
  // Filed on time or late as its first revision was; a later correction does not change it.
  for (const store::Row& row : rs.rows) {
    PanelMember m;
    m.uscc = row.GetText(0);
    m.name = row.GetText(1);
    m.region_code = row.GetText(2);
    if (!row.IsNull(3)) {
      const bool late = row.GetInt(3) != 0;
      m.state = late ? "filed_late" : "filed";
      ++(late ? out.filed_late : out.filed);
    } else if (today > fp.period.due_on) {
      m.state = "overdue";
      ++out.overdue;
    } else {
      m.state = "due";
      ++out.due;
    }
    out.members.push_back(std::move(m));
  }
  // The count of revisions and the latest time, over every revision.
  ZQ_ASSIGN_OR_RETURN(store::ResultSet revs,
                      tx->Query("SELECT uscc, COUNT(*), MAX(submitted_at) FROM "
                                "stats_report_filings WHERE form_code = ? AND period = ? AND "
                                "region_code LIKE ? GROUP BY uscc",
                                p));
  std::map<std::string, std::pair<int, std::string>> by_firm;
  for (const store::Row& row : revs.rows)
    by_firm[row.GetText(0)] = {static_cast<int>(row.GetInt(1)), row.GetText(2)};
  for (PanelMember& m : out.members) {
    if (const auto it = by_firm.find(m.uscc); it != by_firm.end()) {
      m.revisions = it->second.first;
      m.filed_at = it->second.second;
    }
  }
  return out;
}

Result<std::vector<IndicatorValue>> ReportStore::ComputeQualityLossRates(
    const auth::Caller& caller, std::string_view period_label,
    const std::optional<ids::RegionCode>& region) {
  if (!caller.CanWrite())
    return Status::PermissionDenied("computing indicators needs a writer");
  ZQ_ASSIGN_OR_RETURN(const FormAndPeriod fp, FormPeriod(kLossForm, period_label));
  ZQ_ASSIGN_OR_RETURN(const auto root, internal::ComputedRoot(caller, region));
  std::vector<ReportFiling> filings;
  std::map<std::string, int> panel;  // region code → firms asked, by the regions reported
  {
    ZQ_ASSIGN_OR_RETURN(auto tx, db_.Begin(store::TxMode::kReadOnly));
    ZQ_ASSIGN_OR_RETURN(filings,
                        LatestFilings(*tx, fp.form->code, fp.period.label, PrefixPattern(root)));
    const Value p[] = {fp.form->code, fp.period.label, PrefixPattern(root)};
    ZQ_ASSIGN_OR_RETURN(store::ResultSet rs,
                        tx->Query("SELECT region_code, COUNT(*) FROM stats_report_panel WHERE "
                                  "form_code = ? AND period = ? AND region_code LIKE ? GROUP BY "
                                  "region_code",
                                  p));
    for (const store::Row& row : rs.rows) panel[row.GetText(0)] = static_cast<int>(row.GetInt(1));
  }
  // The regions valued: the root, and each region one level below it (a whole country's
  // provinces for an administrator without a region).
  const std::optional<ids::RegionLevel> below = internal::LevelBelow(root);
  const auto child_of = [&](const std::string& code) -> std::string {
    if (!below)
      return "";                                                      // a county: nothing below it
    const std::size_t digits = 2 * static_cast<std::size_t>(*below);  // 37, 3701, 370102
    return code.substr(0, digits) + std::string(6 - digits, '0');
  };
  std::map<std::string, std::vector<FirmLossFigures>> by_region;
  std::map<std::string, int> asked;
  for (const ReportFiling& f : filings) {
    const FirmLossFigures figures = LossFigures(*fp.form, f.figures);
    if (root)
      by_region[root->code].push_back(figures);
    if (const std::string child = child_of(f.region_code); !child.empty())
      by_region[child].push_back(figures);
  }
  for (const auto& [code, n] : panel) {
    if (root)
      asked[root->code] += n;
    if (const std::string child = child_of(code); !child.empty())
      asked[child] += n;
  }
  const std::string now = internal::NowUtcText(clock_);
  std::vector<IndicatorValue> values;
  for (const auto& [code, firms] : by_region) {
    const QualityLossRate r = EstimateQualityLossRate(firms);
    const auto part = [](const RatioEstimate& e) {
      return json{{"rate", e.rate},
                  {"standard_error", e.standard_error ? json(*e.standard_error) : json()}};
    };
    IndicatorValue v;
    v.indicator_code = "quality_loss_rate";
    v.region_code = code;
    v.period = fp.period.label;
    v.value = r.total.rate;
    v.lower = r.total.lower;
    v.upper = r.total.upper;
    v.interval_method = r.total.standard_error ? "ratio_linearised" : "";
    v.inputs =
        json{{"firms_filed", r.firms},
             {"firms_asked", asked[code]},
             {"internal_failure", r.internal_failure},
             {"external_failure", r.external_failure},
             {"output_value", r.output_value},
             {"unit", fp.form->unit},
             {"standard_error", r.total.standard_error ? json(*r.total.standard_error) : json()},
             {"cv", r.total.cv ? json(*r.total.cv) : json()},
             {"internal", part(r.internal)},
             {"external", part(r.external)},
             {"confidence", r.confidence},
             {"source", fmt::format("{} v{}: the latest revision of each filing", fp.form->code,
                                    fp.form->version)}}
            .dump();
    v.computed_at = now;
    values.push_back(std::move(v));
  }
  ZQ_RETURN_IF_ERROR(indicators_.RecordComputed(
      caller, values,
      fmt::format("quality_loss_rate:{}:{}", root ? root->code : "all", fp.period.label)));
  return values;
}

Result<std::optional<app::TodoCount>> ReportStore::DueFor(const auth::Caller& caller) const {
  if (!caller.ActsForEntity())
    return std::optional<app::TodoCount>();
  ZQ_ASSIGN_OR_RETURN(auto tx, db_.Begin(store::TxMode::kReadOnly));
  const Value p[] = {caller.uscc};
  ZQ_ASSIGN_OR_RETURN(
      store::ResultSet rs,
      tx->Query("SELECT p.form_code, p.period FROM stats_report_panel p WHERE p.uscc = ? AND "
                "NOT EXISTS (SELECT 1 FROM stats_report_filings f WHERE f.form_code = "
                "p.form_code AND f.period = p.period AND f.uscc = p.uscc)",
                p));
  app::TodoCount count;
  const std::int32_t today = TodayNumber(clock_);
  for (const store::Row& row : rs.rows) {
    const auto fp = FormPeriod(row.GetText(0), row.GetText(1));
    if (!fp.ok())
      continue;  // a form no longer built in
    app::Tally(count, DayText(fp->period.due_on), today > fp->period.due_on);
  }
  return std::optional(count);
}

}  // namespace zq::stats
