#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace zq::inspection {

// 检验水平: inspection level of GB/T 2828.1-2012 (= ISO 2859-1:1999) §10.1, Table 1. S-1…S-4
// are the special levels (特殊检验水平), I, II, III the general ones (一般检验水平).
enum class InspectionLevel { kS1, kS2, kS3, kS4, kI, kII, kIII };

// 检验严格度: severity of inspection, §9. Table 2-A (正常), 2-B (加严), 2-C (放宽).
enum class Severity { kNormal, kTightened, kReduced };

std::string_view SeverityName(Severity severity);  // "normal", "tightened", "reduced"

// The preferred AQL series of the standard (接收质量限, §5.3), 0.010 … 1000, ascending.
std::span<const double> AqlSeries();

// 样本量字码: sample size code letter, 'A'…'R'. (Table 2-B also has a row S, n = 3150, that
// its arrows reach from Q and R at AQL 0.025; S is never a code letter.)
// Table 1: from the lot size (批量, ≥ 2) and the inspection level.
// Errors: kInvalidArgument field "lot_size" when lot_size < 2.
Result<char> SampleSizeCodeLetter(int64_t lot_size, InspectionLevel level);

// A single sampling plan (一次抽样方案): inspect `sample_size` items; accept the lot when the
// number of nonconforming items is ≤ acceptance (Ac), do not accept when ≥ rejection (Re).
struct SamplingPlan {
  Severity severity = Severity::kNormal;
  double aql = 0;
  char code_letter = 'A';  // the letter of Table 1 (or the one asked for)
  char plan_letter = 'A';  // the row whose plan is used after following the arrows
  int64_t sample_size = 0;
  int acceptance = 0;
  int rejection = 1;
  bool full_inspection = false;  // n ≥ lot size: inspect 100 % (§10.2 note to Table 2)

  bool Accepts(int64_t nonconforming) const { return nonconforming <= acceptance; }
};

// Tables 2-A/2-B/2-C: the plan for a code letter and an AQL of the series, arrows followed
// (↓ first plan below, ↑ first plan above, with that row's own sample size).
// Errors: kInvalidArgument field "code_letter" (not A…R) or "aql"
// (not in AqlSeries(), compared to 1e-9 relative).
Result<SamplingPlan> MasterTablePlan(Severity severity, char code_letter, double aql);

// Table 1 then Table 2-x; when the plan's sample size reaches the lot size, sample_size becomes
// the lot size and full_inspection is set (Ac/Re unchanged). Errors as the two above.
Result<SamplingPlan> SingleSamplingPlan(int64_t lot_size, InspectionLevel level, double aql,
                                        Severity severity);

// Ac of the same sample size one AQL step tighter (§9.3.3.2 a): the cell left of the plan in
// Table 2-A. Only meaningful for normal plans with Ac ≥ 2; kInvalidArgument field "plan"
// otherwise.
Result<int> AcceptanceOneStepTighter(const SamplingPlan& plan);

// Inputs to the switching rules that are not lot results.
enum class Production { kSteady, kIrregularOrDelayed };  // 生产稳定 / 生产不稳定或延迟
// §9.3.3.1 c): the responsible authority (负责部门) considers reduced inspection desirable.
enum class ReducedApproval { kApproved, kNotApproved };

enum class SwitchingState { kNormal, kTightened, kReduced, kDiscontinued };  // 暂停检验

std::string_view SwitchingStateName(SwitchingState state);

// What the switching procedure remembers between lots; stored by the caller and injected back.
struct SwitchingHistory {
  SwitchingState state = SwitchingState::kNormal;
  int switching_score = 0;  // 转移得分, §9.3.3.2; kept on normal inspection only
  // Outcomes (true = accepted) of the last ≤ 4 lots on normal inspection, oldest first.
  std::vector<bool> recent_normal;
  int consecutive_accepted_tightened = 0;  // §9.3.3 (tightened → normal at 5)
  int not_accepted_tightened = 0;          // §9.4 (discontinue at 5 in one tightened spell)
  int64_t lots = 0;                        // lots recorded, for the audit trail
};

// 转移规则: the switching rules of GB/T 2828.1-2012 §9.3 and §9.4 for single sampling, as a state
// machine over lots on original inspection (初次检验). Holds no plan: each lot brings its own
// (lot sizes vary). Not thread-safe; cheap to copy.
class SwitchingProcedure {
 public:
  SwitchingProcedure() = default;

  explicit SwitchingProcedure(SwitchingHistory history) : history_(std::move(history)) {}

  const SwitchingHistory& history() const { return history_; }

  SwitchingState state() const { return history_.state; }

  // Records one lot inspected with `plan` (which must be of the current severity) that had
  // `nonconforming` items in the sample, and returns the state for the next lot.
  // Errors: kFailedPrecondition field "state" while discontinued; kInvalidArgument field "plan"
  // (severity differs from the state) or "nonconforming" (< 0 or > sample size).
  Result<SwitchingState> RecordLot(const SamplingPlan& plan, int64_t nonconforming,
                                   Production production, ReducedApproval approval);

  // §9.3.4 c): other conditions warrant a return from reduced to normal inspection.
  // Errors: kFailedPrecondition field "state" unless on reduced inspection.
  Status ReinstateNormal();

  // §9.4: the supplier has acted on a discontinuation; inspection resumes tightened.
  // Errors: kFailedPrecondition field "state" unless discontinued.
  Status Resume();

 private:
  void Enter(SwitchingState state);

  SwitchingHistory history_;
};

}  // namespace zq::inspection
