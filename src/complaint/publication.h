#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

// Publication of complaint information (消费投诉信息公示, Order 20 Art. 34;
// research/complaints-and-platforms.md §2): what the anonymous portal shows of complaints, as
// counts only. Reports (举报) are leads for enforcement and are not published per business.
//
// Every figure is a complete count of the cases stored (a census of the window, not a sample),
// so it is shown with its numerator and denominator and without a confidence interval.
// - 投诉量 (complaints): complaints received in the window, not counting repeats merged into an
//   earlier case (a repeat is one complaint, handled once).
// - 受理量 (accepted): of those, the ones accepted (受理).
// - 调解成功率 (mediation success rate): agreed ÷ mediation ended, over the accepted complaints
//   whose mediation has ended (调解成功 or 终止调解); none when no mediation has ended. Open
//   mediations are in neither count, so the rate does not fall while cases are still running.
namespace zq::complaint {

struct ProblemCount {
  std::string problem;  // a code of the problem axis (质量: "quality")
  std::string name;     // 质量
  std::int64_t complaints = 0;
  double share = 0;  // of the window's complaints, 0-1
};

struct ComplaintTally {
  std::int64_t complaints = 0;       // 投诉量
  std::int64_t accepted = 0;         // 受理量
  std::int64_t mediation_ended = 0;  // 调解成功 + 终止调解
  std::int64_t agreed = 0;           // 调解成功
  // agreed ÷ mediation_ended; none when mediation_ended is 0.
  std::optional<double> mediation_success_rate;
};

// 消费投诉公示 of one business: the five years to today (投诉有效期5年).
struct BusinessComplaints {
  std::string uscc;
  std::string name;    // as registered
  std::string region;  // its registered region
  std::string from;    // the window, YYYY-MM-DD, both days included
  std::string to;
  ComplaintTally tally;
  std::vector<ProblemCount> problems;  // the natures its complaints had, most first

  struct Year {
    std::string year;  // "2026"
    std::int64_t complaints = 0;
  };

  std::vector<Year> years;  // oldest first, each year of the window with its count
};

struct CategoryCount {
  std::string object_class;  // a code of the object axis; "" for cases not yet classified
  std::string name;          // 家用电子电器; 未分类
  std::string group;         // "goods" (商品类), "services" (服务类) or ""
  std::int64_t complaints = 0;
  double share = 0;  // of the quarter's complaints, 0-1
};

// Timeliness of a statutory timer over the quarter's complaints (按时受理率, 按期办结率 in local
// quarterly reports; CFPB's "timely response"): of the complaints whose timer has been met, how
// many met it by its due day, computed with the rule in force and the working-day calendar
// (deadlines.h), pauses not counted; and how many are still running past due today.
struct Timeliness {
  std::int64_t met = 0;
  std::int64_t on_time = 0;
  std::optional<double> rate;     // on_time ÷ met; none when met is 0
  std::int64_t running_late = 0;  // not met, and past due today
};

// Quarterly statistics as the 12315 quarterly reports give them: complaints by object class and
// by problem, the goods / services split, reports received, and the handling tally.
struct QuarterlyComplaints {
  std::string quarter;  // "2026Q3"
  std::string from;
  std::string to;
  std::string region;  // a GB/T 2260 code, "" for every office
  ComplaintTally tally;
  std::int64_t reports = 0;               // 举报 received (not merged)
  std::int64_t goods = 0;                 // complaints about goods (商品类)
  std::int64_t services = 0;              // about services (服务类)
  std::vector<CategoryCount> categories;  // most first
  std::vector<ProblemCount> problems;     // most first
  Timeliness acceptance;  // the 7-working-day decision to accept or refuse (Art. 14)
  Timeliness mediation;   // the 45-working-day mediation (Art. 21 (5)), testing time not counted
};

// The public complaint database (research §3.1, §3.2; CFPB's and SaferProducts' practice): a
// closed complaint is published once its business's response window has passed
// (kResponseWindowDays calendar days after closing), kept for five years from receipt; the
// narrative only when the complainant consented at intake, scrubbed (narrative_scrubber.h). No
// submitter data, ever; the request and the officers' notes are not published.
inline constexpr int kResponseWindowDays = 15;

struct PublishedComplaint {
  std::string number;
  std::string received_on;
  std::string closed_on;
  std::string respondent_uscc;
  std::string respondent_name;
  std::string object_class;
  std::string object_name;  // 家用电子电器
  std::string problem;
  std::string problem_name;  // 质量
  std::string result;  // "agreed" (调解成功), "terminated" (终止调解), "refused", "closed"
  std::string narrative;  // scrubbed facts; "" without consent
  bool narrative_published = false;
};

struct PublishedFilter {
  std::string uscc;          // "" for every business
  std::string object_class;  // "" for every class
  int page = 1;
  int page_size = 20;
};

}  // namespace zq::complaint
