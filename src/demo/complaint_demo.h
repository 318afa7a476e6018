#pragma once
// Complaint and report cases for the demo province (投诉举报演示): a year of submissions
// against registered firms, most of them in Jinan, from the portal and the operators' phones,
// each handled by its competent office through the complaint module's own steps on the days an
// office would take them (working days), so that the demo holds cases in every state: received
// and overdue, returned, refused, mediating (one with the clock stopped for testing), agreed,
// terminated, verifying (one extended), opened, not opened, closed (some found 查证属实, which
// reaches credit), merged as a repeat, reopened, and rated by the submitter.
//
// One series rises: electric kettles sold by three shops of 历下区 draw about one case a week,
// then seven in the last week, which the complaint signals (投诉预警) report.
#include <chrono>
#include <cstdint>
#include <map>
#include <string>

#include "auth/audit_log.h"
#include "auth/crypto.h"
#include "core/result.h"
#include "registry/registry.h"
#include "store/database.h"

namespace zq::demo {

struct ComplaintDemoOptions {
  std::string province_code = "370000";
  int per_week = 30;  // submissions a week besides the rising series
  int weeks = 52;     // the weeks before `today` the cases were received in
  std::uint64_t seed = 0;
  std::chrono::year_month_day today{};
  std::string rising_region = "370102";  // 历下区 (Shandong only; elsewhere the first county)
};

struct ComplaintDemoSummary {
  std::int64_t submissions = 0;
  std::int64_t cases = 0;
  std::map<std::string, std::int64_t> by_state;  // state name → cases
  std::int64_t overdue = 0;
  std::int64_t upheld = 0;  // closed as 查证属实: credit events once the consumers run
  std::int64_t rated = 0;
  std::int64_t rising = 0;  // cases of the rising series in the last week
  std::string rising_region;
};

// Submissions a week at a scale: small 30 (about 1,700 cases a year), city 150, province 600
// (about 34,000).
int ComplaintDemoPerWeek(std::string_view scale);

// Generates the cases through a ComplaintService of its own on a clock that it sets to each
// day a step is taken (the audit log keeps the real time of writing). Deterministic from the
// seed and `today` (the firms are the registry's first of each region and industry).
Result<ComplaintDemoSummary> GenerateComplaintCases(store::Database& db,
                                                    registry::Registry& registry,
                                                    const auth::AuditLog& audit,
                                                    const auth::PersonalDataCipher& cipher,
                                                    const ComplaintDemoOptions& options);

}  // namespace zq::demo
