#pragma once

#include <cstdint>
#include <istream>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "app/workbench.h"
#include "auth/audit_log.h"
#include "auth/caller.h"
#include "core/clock.h"
#include "core/ids/region_code.h"
#include "core/result.h"
#include "registry/entity_import.h"
#include "registry/registry.h"
#include "stats/indicators.h"
#include "stats/report_forms.h"
#include "store/database.h"

// 统计报表 in the database (tables stats_report_panel, stats_report_filings; migration
// 0003_reports.sql): the firms an office asks to file a form for a period (调查对象), their
// filings with every revision kept, the state of each office's panel against the due date, and
// the quality loss rate computed from the latest filings into the indicator store. Every write is
// audited. Thread-safe.
namespace zq::stats {

// One revision of a firm's filing; revision 1 is the first, a later one carries its reason.
struct ReportFiling {
  std::string form_code;
  int form_version = 1;
  std::string period;
  std::string uscc, region_code;
  int revision = 1;
  FormFigures figures;
  std::vector<std::string> warnings;  // PlausibilityWarnings when filed
  std::string reason;                 // why it was revised ("" for revision 1)
  std::string submitted_at, submitted_by;
  bool by_office = false;  // entered by an official for the firm (代填)
  bool late = false;       // filed after the due date
};

// A firm of the panel and where its filing stands on a day: "due" (not filed, the due date not
// passed), "overdue", "filed", "filed_late".
struct PanelMember {
  std::string uscc, name, region_code;
  std::string state;
  int revisions = 0;
  std::string filed_at;  // the latest revision's time, "" when not filed
};

struct PanelStatus {
  std::string form_code, period, region_code, due_on, as_of;
  int filed = 0, filed_late = 0, due = 0, overdue = 0;
  std::vector<PanelMember> members;  // by region, then USCC
};

class ReportStore {
 public:
  ReportStore(store::Database& db, const auth::AuditLog& audit, const Clock& clock,
              const registry::Registry& registry, IndicatorStore& indicators)
      : db_(db), audit_(audit), clock_(clock), registry_(registry), indicators_(indicators) {}

  // Asks registered firms to file `form` for `period`: a regulator for the firms of their
  // jurisdiction, an administrator for any. Firms enrolled already stay as they are; returns how
  // many were added. Errors: kPermissionDenied for a caller who may not write; kNotFound "form";
  // kInvalidArgument "period", "usccs" (none, or more than 5,000) or "usccs[i]" (malformed);
  // kNotFound "usccs[i]" for a firm not registered or outside the jurisdiction. All or nothing.
  Result<int> Enrol(const auth::Caller& caller, std::string_view form, std::string_view period,
                    std::span<const std::string> usccs);

  // Files a firm's figures (the firm's own user, or an official of its region for it), or
  // revises them (更正): a revision gives its reason, and every earlier one is kept. Errors:
  // kNotFound "form"; kInvalidArgument "period", "values…" (ParseFormFigures), "reason";
  // kNotFound "uscc" when the firm is not on the caller's panel or out of reach.
  Result<ReportFiling> File(const auth::Caller& caller, std::string_view form,
                            std::string_view period, std::string_view uscc,
                            const nlohmann::json& values, std::string_view reason);

  // Files the rows of a CSV or XLSX file, a row a firm, as File does for each (代填): a header row
  // naming uscc (统一社会信用代码), an optional reason (更正原因) and the form's figures by code or
  // Chinese name; an empty cell is a figure not given. Good rows are filed (inserted: a first
  // filing, updated: a revision), each bad one reported with its line, field and reason. Errors
  // of the whole file: kPermissionDenied unless the caller may write; kNotFound "form";
  // kInvalidArgument "period", "header" (an unknown or repeated column, no uscc), "file".
  Result<registry::ImportReport> FileTable(const auth::Caller& caller, std::string_view form,
                                           std::string_view period, std::istream& in);

  // The sheet FileTable reads, as CSV (UTF-8 with a byte-order mark): the header row in Chinese
  // (统一社会信用代码, 企业名称, the figures' names, 更正原因) and, for an official who may
  // write, a row for each firm of the panel in the jurisdiction that has not filed yet (its USCC
  // and name, the figures blank); for a firm's own user, its own row. kNotFound "form";
  // kInvalidArgument "period".
  Result<std::string> Template(const auth::Caller& caller, std::string_view form,
                               std::string_view period) const;

  // A firm's filing, every revision, newest first: the firm itself and the officials who may
  // read its region. kNotFound "uscc" otherwise and when it was never asked to file.
  Result<std::vector<ReportFiling>> Revisions(const auth::Caller& caller, std::string_view form,
                                              std::string_view period, std::string_view uscc) const;

  // The panel of `region`'s subtree (default: the caller's jurisdiction) and where each firm
  // stands today: officials only. kNotFound "region" outside the jurisdiction.
  Result<PanelStatus> Panel(const auth::Caller& caller, std::string_view form,
                            std::string_view period,
                            const std::optional<ids::RegionCode>& region) const;

  // 质量损失率 of `region` (default: the caller's jurisdiction; an administrator: every
  // province) and of each region one level below it, from the latest revision of each filing of
  // enterprise_quality for `period`, stored as indicator values (quality_loss_rate, with the
  // linearised interval and the inputs: firms filed, panel size, sums, F_i and F_e with their
  // standard errors) in one transaction with its audit entry. A region without filings gets no
  // value. Errors as ComputeSpotCheckPassRates.
  Result<std::vector<IndicatorValue>> ComputeQualityLossRates(
      const auth::Caller& caller, std::string_view period,
      const std::optional<ids::RegionCode>& region);

  // The forms an enterprise user's firm has still to file (the 工作台's to-do): overdue ones
  // counted apart, the earliest due date of the others. nullopt for every other caller.
  Result<std::optional<app::TodoCount>> DueFor(const auth::Caller& caller) const;

 private:
  store::Database& db_;
  const auth::AuditLog& audit_;
  const Clock& clock_;
  const registry::Registry& registry_;
  IndicatorStore& indicators_;
};

}  // namespace zq::stats
