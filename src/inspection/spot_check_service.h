#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "auth/audit_log.h"
#include "auth/caller.h"
#include "auth/crypto.h"
#include "core/clock.h"
#include "core/page.h"
#include "core/result.h"
#include "credit/credit_service.h"
#include "inspection/random_draw.h"
#include "registry/registry.h"
#include "store/database.h"

namespace zq::inspection {

// 抽查计划: a supervision spot-check plan of one authority over a region's subtree.
struct SpotCheckPlan {
  std::int64_t id = 0;
  std::string plan_code;     // unique, e.g. "SD-2026-001"
  std::string name;          // 2026年电线电缆产品质量监督抽查
  std::string authority;     // 检查实施机关, e.g. 山东省市场监督管理局
  std::string region_code;   // GB/T 2260: the regions in scope (the whole subtree)
  std::string period_start;  // YYYY-MM-DD
  std::string period_end;
  // Product categories (catalogue codes), class quotas, team size, locality rule, re-check window.
  // plan_id and draw_date are filled in at each draw.
  DrawParameters parameters = DrawParameters::Defaults();
  // How long a draw's commitment is public before the draw may run (0: at once). Not hashed:
  // each draw's record shows it with its timestamps.
  std::int64_t min_commit_interval_minutes = 0;
  std::string created_by;
  std::string created_at;
  // What the asking caller may do with the plan (not stored): "draw" (commit and run its draws)
  // for a writer whose jurisdiction holds the plan's region. The console offers only these.
  std::vector<std::string> actions;
};

// What is public about one draw of a plan, at any stage.
struct DrawSummary {
  std::int64_t id = 0;
  std::int64_t plan_id = 0;
  std::string status;  // "committed" (seed sealed) or "drawn" (seed published)
  std::string commitment;
  std::string frame_hash;
  std::string pool_hash;
  std::string parameters_hash;
  std::int64_t frame_size = 0;
  std::int64_t excluded = 0;
  std::int64_t pool_size = 0;
  std::int64_t tasks = 0;
  std::int64_t unstaffed = 0;
  std::string committed_at;
  std::string drawn_at;
  std::string run_not_before;  // the earliest time the draw may run
  // What the asking caller may do with the draw (not stored): "run" for a committed draw of a
  // plan whose actions hold "draw".
  std::vector<std::string> actions;
};

// One row of the public list of draws (GET /api/v1/inspection/draws).
struct PublicDraw {
  std::int64_t id = 0;
  std::int64_t plan_id = 0;
  std::string plan_code;
  std::string plan_name;
  std::string authority;
  std::string region_code;
  std::string period_end;  // the plan's inspections end: the full record is public after it
  std::string status;      // committed, drawn
  std::string committed_at;
  std::string run_not_before;
  std::string drawn_at;
  std::int64_t tasks = 0;
  bool full_record_public = false;
};

// A draw record as one caller may see it: the full record, or before the plan's inspections end
// and outside the caller's jurisdiction the summary (DrawRecordSummaryJson).
struct DrawView {
  DrawRecord record;
  bool full = false;
  std::string full_record_from;  // the first day the full record is public (period_end + 1)
};

// What the parties bring to the run: their secrets, and the public beacon.
struct DrawReveal {
  std::vector<SeedContribution> contributions;  // party and secret
  std::string beacon;
};

// 双随机一公开 on the store: plans, the commit → draw → publish ceremony of inspection/
// random_draw.h over the registry's frame (firms making the plan's categories) and inspector
// pool, and the tasks it yields. The seed is drawn from OpenSSL's CSPRNG at commit time and kept
// sealed (SM4) in the database until the draw runs; the commitment is public from the start.
// Every write runs in one transaction with its audit entry. Regulators act within their region's
// subtree (plans elsewhere answer kNotFound); published draw records are open to everyone.
// Thread-safe: holds references only.
class SpotCheckService {
 public:
  SpotCheckService(store::Database& db, registry::Registry& registry, const auth::AuditLog& audit,
                   const auth::PersonalDataCipher& cipher, const Clock& clock,
                   const credit::CreditService* credit = nullptr)
      : db_(db),
        registry_(registry),
        audit_(audit),
        cipher_(cipher),
        clock_(clock),
        credit_(credit) {}

  // kInvalidArgument (with the field) for a bad code, region, period or parameters;
  // kAlreadyExists for a taken plan_code; kPermissionDenied for a caller who may not write there.
  Result<SpotCheckPlan> CreatePlan(const auth::Caller& caller, SpotCheckPlan plan);
  Result<SpotCheckPlan> GetPlan(const auth::Caller& caller, std::int64_t plan_id);
  Result<std::vector<SpotCheckPlan>> ListPlans(const auth::Caller& caller);

  // Step 1 (承诺): builds the eligible frame (exclusions: firms already drawn in this plan, firms
  // checked by the same authority for the same category within the re-check window) and the pool,
  // draws and seals a seed, and publishes the commitment and the input hashes.
  // The bureau's share of the seed is a fresh secret, sealed until the run; `witnesses` are the
  // other parties' commitments (party, hex SM3 of a secret only they know); `beacon_source`
  // announces where the run's beacon will be read (docs/random-draw.md §1.3).
  Result<DrawSummary> CommitDraw(const auth::Caller& caller, std::int64_t plan_id,
                                 std::vector<SeedContribution> witnesses = {},
                                 std::string beacon_source = {});
  // Step 2 (抽取 and 公开): runs a committed draw with the witnesses' secrets and the beacon,
  // publishes the seed and records its tasks. kFailedPrecondition when the draw has already run
  // or before its run_not_before (field "run_not_before"); kInvalidArgument when a secret is
  // missing or does not match its commitment.
  Result<DrawSummary> RunDraw(const auth::Caller& caller, std::int64_t draw_id,
                              DrawReveal reveal = {});

  Result<std::vector<DrawSummary>> ListDraws(const auth::Caller& caller, std::int64_t plan_id);

  // For anyone: the published record (before the draw: without seed and tasks), and its
  // re-computation from the published inputs. kNotFound for an unknown draw.
  Result<DrawRecord> PublishedRecord(std::int64_t draw_id);
  Result<DrawVerification> VerifyPublished(std::int64_t draw_id);

  // The public list of draws, newest first; `plan_code` filters. kInvalidArgument for a bad page.
  Result<PageOf<PublicDraw>> PublicDraws(const Page& page, std::string_view plan_code = {});
  // The record as `caller` may see it (docs/random-draw.md §6.1): the full record after the
  // plan's inspections end, or at any time for an official whose jurisdiction overlaps the plan
  // (each such view before the end is audited, inspection.draw.read_full); else the summary.
  Result<DrawView> ViewRecord(const auth::Caller& caller, std::int64_t draw_id);
  // The eligibility check (VerifyEligibility) against the registry's firms in scope today, and
  // each exclusion's evidence against the stored tasks. For the operator and the CLI.
  Result<DrawVerification> VerifyEligibility(std::int64_t draw_id);

  // Re-seals the seeds of draws not yet run under `to`, inside `tx`, for a key rotation
  // (`zq keys rotate`). kPermissionDenied if a sealed seed does not open under the current key.
  Status RekeySealedSeeds(store::Transaction& tx, const auth::PersonalDataCipher& to) const;

 private:
  Result<SpotCheckPlan> LoadPlan(store::Transaction& tx, std::int64_t plan_id);
  Result<SpotCheckPlan> PlanOfDraw(store::Transaction& tx, std::int64_t draw_id);
  Result<ExclusionInputs> LoadExclusions(store::Transaction& tx, const SpotCheckPlan& plan,
                                         std::string_view draw_date);

  store::Database& db_;
  registry::Registry& registry_;
  const auth::AuditLog& audit_;
  const auth::PersonalDataCipher& cipher_;
  const Clock& clock_;
  // The frame's credit-risk classes (信用风险分类) come from the credit module's latest grades;
  // without it every firm is class B (信用风险一般).
  const credit::CreditService* credit_;
};

}  // namespace zq::inspection
