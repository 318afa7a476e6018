#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/audit_log.h"
#include "auth/caller.h"
#include "auth/crypto.h"
#include "core/clock.h"
#include "core/result.h"
#include "inspection/results.h"
#include "registry/registry.h"
#include "store/database.h"

namespace zq::inspection {

class PassRateStore;

struct TaskFilter {
  std::optional<std::int64_t> plan_id;
  std::string inspector_id;  // tasks whose team includes this certificate number
  // 我的任务: the tasks of the inspector linked to the caller's account (kNotFound, field
  // "inspector", without a link), listed even outside the caller's jurisdiction (a city plan
  // draws inspectors from its counties); the inspector may record their sampling (may_sample).
  // Replaces `inspector_id`.
  bool mine = false;
  bool open_only = false;  // without a final verdict (and not annulled)
};

struct BatchFilter {
  std::optional<std::int64_t> plan_id;
  std::string status;  // "" for all
  int page = 1;
  int page_size = 50;
};

// A published result (一公开) as everyone may read it: no samplers, no personal data.
struct PublishedResult {
  std::int64_t batch_id = 0;
  std::string plan_code;
  std::string authority;
  std::string firm_name;
  std::string uscc;
  std::string region_code;
  std::string category_code;
  std::string product_name;
  std::string specification;
  std::string brand;
  std::string batch_number;
  std::string institution;
  std::string verdict;  // "pass" / "fail"
  std::vector<std::string> items_failed;
  std::string final_on;
  std::string published_on;
};

struct PublicFilter {
  std::string category;  // catalogue code, "" for all
  std::string region;    // GB/T 2260 code: the region and everything beneath it; "" for all
  std::string uscc;      // one firm's results (its page on the portal); "" for all
  std::optional<Verdict> verdict;  // 合格 or 不合格 only; none for both
  int page = 1;
  int page_size = 20;
};

// One page of published results and how many match the filter in all.
struct PublishedPage {
  std::vector<PublishedResult> items;
  std::int64_t total = 0;
};

enum class ObjectionDecision { kUpheld, kRejected };  // 异议成立 (annul the sampling) / 不成立

// Which follow-ups ResultService::ListFollowUps answers.
enum class FollowUpSelection { kAll, kOverdueOnly };

// The results workflow of drawn spot-check tasks on the store: sampling records, test results
// and the batch verdict, the notice to the firm, objections and re-tests within their windows,
// the final verdict (with its domain event, inspection/README.md), publication within 20 working
// days, and the follow-up of failing firms up the escalation ladder.
// Scope: regulators and analysts read batches of plans overlapping their jurisdiction or of firms
// in it; regulators write only within the plan's region; enterprises read their own batches and
// request appeals and extensions for them; everyone else gets kNotFound. Every write is audited
// in its transaction. Validation errors are kInvalidArgument with the field; steps out of order
// kFailedPrecondition; deadlines passed kFailedPrecondition with field "deadline".
// Thread-safe: holds references only (the optional cube is updated under its own lock).
class ResultService {
 public:
  ResultService(store::Database& db, registry::Registry& registry, const auth::AuditLog& audit,
                const auth::PersonalDataCipher& cipher, const Clock& clock, ResultRules rules = {},
                PassRateStore* cube = nullptr)
      : db_(db),
        registry_(registry),
        audit_(audit),
        cipher_(cipher),
        clock_(clock),
        rules_(std::move(rules)),
        cube_(cube) {}

  // Tasks of drawn plans in the caller's scope, with their batch status (任务列表).
  Result<std::vector<TaskSummary>> ListTasks(const auth::Caller& caller, const TaskFilter& filter);

  // 抽样: records the sampling of a drawn task (once per task: kAlreadyExists), by the plan's
  // bureau or above, or by an inspector of the task's team signed in with their linked account.
  Result<Batch> RecordSample(const auth::Caller& caller, std::int64_t task_id,
                             SamplingRecord record);
  // 检验结果: the first test's items and the batch verdict. A passing batch is final at once.
  Result<Batch> RecordResults(const auth::Caller& caller, std::int64_t batch_id,
                              TestResults results);
  // The date the firm received the result notice; opens the appeal windows.
  Result<Batch> RecordNotice(const auth::Caller& caller, std::int64_t batch_id,
                             std::string_view received_on);

  Result<Batch> GetBatch(const auth::Caller& caller, std::int64_t batch_id);
  Result<std::vector<Batch>> ListBatches(const auth::Caller& caller, const BatchFilter& filter);

  // 异议 / 复检: requested (today) by the firm or recorded for it by a regulator, within the
  // window of its kind from the notice; only against a failing first result, each kind once, one
  // pending at a time. A re-test needs a reserve sample (kFailedPrecondition "reserve_quantity").
  Result<Batch> RequestAppeal(const auth::Caller& caller, std::int64_t batch_id, AppealKind kind,
                              std::string_view reason);
  // Upheld: the sampling is annulled (no verdict). Rejected: the first result stands.
  Result<Batch> DecideObjection(const auth::Caller& caller, std::int64_t batch_id,
                                ObjectionDecision decision);
  // 复检 on the reserve sample: its verdict is the final verdict.
  Result<Batch> RecordRetest(const auth::Caller& caller, std::int64_t batch_id,
                             TestResults results);
  // Makes a failing first result final once both windows have closed with no appeal pending.
  Result<Batch> Finalize(const auth::Caller& caller, std::int64_t batch_id);

  // 一公开: records publication today. kFailedPrecondition before the final verdict.
  Result<Batch> Publish(const auth::Caller& caller, std::int64_t batch_id);
  // Final verdicts in scope not yet published, soonest due first, overdue ones flagged.
  Result<std::vector<Batch>> ListUnpublished(const auth::Caller& caller);
  // For anyone: published results, newest first, with the number matching the filter.
  Result<PublishedPage> PublicResults(const PublicFilter& filter);

  // 后处理.
  Result<std::vector<FollowUp>> ListFollowUps(const auth::Caller& caller,
                                              FollowUpSelection selection);
  Result<FollowUp> GetFollowUp(const auth::Caller& caller, std::int64_t follow_up_id);
  // One extension of 1..max_extension_days, requested at least extension_notice_days before the
  // due date (kFailedPrecondition "deadline" later; "extended_days" a second time).
  Result<FollowUp> RequestExtension(const auth::Caller& caller, std::int64_t follow_up_id,
                                    int days);
  Result<FollowUp> ReportRectification(const auth::Caller& caller, std::int64_t follow_up_id);
  // 复查: a pass closes the follow-up; a fail escalates one step (reason reinspection_failed).
  Result<FollowUp> RecordReinspection(const auth::Caller& caller, std::int64_t follow_up_id,
                                      Verdict verdict);
  // One step up the ladder for a follow-up past its due date (reason not_rectified).
  Result<FollowUp> Escalate(const auth::Caller& caller, std::int64_t follow_up_id);

  const ResultRules& rules() const { return rules_; }

 private:
  struct Scoped;  // a batch with its plan and what the caller may do with it (internal/)
  enum class Need { kRead, kFirmOrWriter, kWriter };
  Result<Scoped> LoadScoped(store::Transaction& tx, const auth::Caller& caller,
                            std::int64_t batch_id, Need need);
  Result<Batch> Reload(const auth::Caller& caller, std::int64_t batch_id);
  void FillDeadlines(Batch& batch) const;
  Status SetFinal(store::Transaction& tx, const auth::Caller& caller, const Scoped& scoped,
                  Verdict verdict, bool retested, std::string_view final_on);
  Status EscalateIn(store::Transaction& tx, const auth::Caller& caller, const FollowUp& follow_up,
                    std::string_view reason);
  Result<FollowUp> LoadFollowUp(store::Transaction& tx, const auth::Caller& caller,
                                std::int64_t follow_up_id, Need need);
  Window WindowFor(AppealKind kind, std::string_view category) const;
  // The inspector of the pool linked to the caller's console account, "" when none.
  std::string InspectorIdOf(const auth::Caller& caller);
  void ApplyToCube(std::int64_t batch_id);

  store::Database& db_;
  registry::Registry& registry_;
  const auth::AuditLog& audit_;
  const auth::PersonalDataCipher& cipher_;
  const Clock& clock_;
  ResultRules rules_;
  PassRateStore* cube_;
};

}  // namespace zq::inspection
