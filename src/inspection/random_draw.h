#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/result.h"
#include "core/risk_class.h"

// 双随机一公开: the verifiable random draw of spot-check targets (检查对象) and inspectors
// (执法检查人员). Pure functions of their inputs: no database, no clock, no global state, so
// every function here is thread-safe. The algorithm "zq-draw-v1" is specified byte for byte in
// docs/random-draw.md; an independent Python implementation is in testdata/draw_reference.py.
//
// Ceremony: BuildEligibleFrame → CommitDraw (publish commitment and hashes) → RunDraw with the
// seed (publish seed, targets and teams) → anyone: VerifyDraw on the published record.
namespace zq::inspection {

inline constexpr std::string_view kDrawAlgorithm = "zq-draw-v1";
inline constexpr std::size_t kSeedBytes = 32;
// An inspector qualification that covers every product category.
inline constexpr std::string_view kGeneralQualification = "general";

using zq::kRiskClasses;  // 信用风险分类 A (low risk) … D (high risk): core/risk_class.h
using zq::RiskClass;
using zq::RiskClassLetter;

// One row of the frame (检查对象名录库): a firm in scope and what it makes or sells.
struct FrameEntry {
  std::string uscc;         // 18 characters, upper case
  std::string region_code;  // GB/T 2260, six digits
  RiskClass risk_class = RiskClass::kB;
  std::vector<std::string> product_categories;
};

// One row of the inspector pool (执法检查人员名录库).
struct Inspector {
  std::string id;
  std::string unit;                         // the inspector's bureau
  std::string region_code;                  // the territory of that unit (GB/T 2260)
  std::vector<std::string> qualifications;  // product categories, or kGeneralQualification
  std::vector<std::string> conflicts;       // USCCs of firms with a declared interest
};

// How many firms a class stratum gives: a proportion in basis points (1/10000) or a number.
struct ClassQuota {
  enum class Kind { kRate, kFixed };
  Kind kind = Kind::kRate;
  std::uint32_t value = 0;  // kRate: 0..10000 basis points; kFixed: number of firms

  static ClassQuota Rate(std::uint32_t basis_points) { return {Kind::kRate, basis_points}; }

  static ClassQuota Fixed(std::uint32_t firms) { return {Kind::kFixed, firms}; }
};

// Rounding of n × rate. Both give at least 1 firm when the stratum is non-empty and rate > 0.
enum class Rounding { kCeil, kHalfUp };

// Which inspectors may check a firm, by region. kLocal: the inspector's unit territory contains
// the firm (市抽县查). kCrossRegion: it must not (本单位回避, 异地交叉检查). kAny: no rule.
enum class Locality { kAny, kLocal, kCrossRegion };

// The published parameters of one draw of one plan (抽查计划).
struct DrawParameters {
  std::string plan_id;
  std::string authority;                        // 检查实施机关: for the no-recheck rule
  std::string draw_date;                        // YYYY-MM-DD
  std::vector<std::string> product_categories;  // empty: every category
  std::array<ClassQuota, 4> quotas;             // indexed by RiskClass
  Rounding rounding = Rounding::kCeil;
  std::uint32_t inspectors_per_task = 2;      // ≥ 2
  std::uint32_t max_tasks_per_inspector = 0;  // 0: no cap
  Locality locality = Locality::kAny;
  std::uint32_t recheck_months = 6;  // no firm re-checked for the same product within this

  // Henan 2020 plan rates: A 1%, B 4%, C 8%, D 20% (research/credit-and-supervision.md §1).
  static DrawParameters Defaults();
};

// A past check, for the no-recheck rule.
struct PriorCheck {
  std::string uscc;
  std::string product_category;
  std::string authority;
  std::string date;      // YYYY-MM-DD
  std::string evidence;  // which check, e.g. "draw:12#3" (draw 12, task 3)
};

struct ExclusionInputs {
  std::vector<std::string> already_drawn;  // USCCs drawn earlier in the same plan
  std::vector<PriorCheck> prior_checks;
  // The evidence of an already_drawn USCC ("draw:12#3"); none when absent.
  std::map<std::string, std::string, std::less<>> drawn_evidence;
};

enum class ExclusionReason { kOutOfScope, kAlreadyDrawnInPlan, kRecentlyChecked };

// A firm in scope left out of the eligible frame, with why and the evidence: the check that
// makes it recently checked (the newest), the earlier task of the plan, or for out_of_scope the
// firm's categories ("categories:a,b"). Region and categories are the firm's frame row, so that
// scope_hash can be recomputed from the record (docs/random-draw.md §1.1).
struct Exclusion {
  std::string uscc;
  ExclusionReason reason = ExclusionReason::kOutOfScope;
  std::string evidence;
  std::string region_code;
  std::vector<std::string> product_categories;

  bool operator==(const Exclusion&) const = default;
};

// The frame after exclusions, in canonical order (by USCC), and what was left out and why.
struct EligibleFrame {
  std::vector<FrameEntry> entries;
  std::vector<Exclusion> excluded;  // by USCC
};

// Removes firms that make none of the plan's categories, firms already drawn in the plan, and
// firms whose every plan category was checked by the same authority within recheck_months
// before draw_date. kInvalidArgument (with the field) on a malformed row, date or duplicate USCC.
Result<EligibleFrame> BuildEligibleFrame(std::vector<FrameEntry> frame,
                                         const DrawParameters& parameters,
                                         const ExclusionInputs& exclusions);

enum class UnstaffedReason {
  kTooFewQualified,  // fewer qualified, non-recused inspectors than inspectors_per_task
  kCapReached,       // enough of them, but too many already at max_tasks_per_inspector
};

// One drawn target and its team, in selection order.
struct DrawTask {
  std::uint32_t number = 0;  // 1-based selection order
  std::string uscc;
  RiskClass risk_class = RiskClass::kB;
  std::vector<std::string> inspectors;  // ids in draw order; empty when unstaffed
  std::optional<UnstaffedReason> unstaffed;

  bool operator==(const DrawTask&) const = default;
};

// One party's share of the seed (docs/random-draw.md §1.2): the party commits to a secret
// before the draw and reveals it at the run; the seed is the hash of all the secrets.
struct SeedContribution {
  std::string party;       // e.g. "bureau", "纪检监察组", "公证处": unique within a draw
  std::string commitment;  // hex SM3(secret)
  std::string secret;      // hex, 16–64 bytes; empty until the run

  bool operator==(const SeedContribution&) const = default;
};

// When the steps happened, by the server's clock (UTC, ISO 8601) and the audit log's sequence
// numbers. Not hashed; VerifyDraw checks committed_at ≤ run_not_before ≤ drawn_at.
struct DrawCeremony {
  std::int64_t min_interval_minutes = 0;  // the plan's notice between commitment and run
  std::string committed_at;
  std::int64_t commit_audit_seq = 0;
  std::string run_not_before;  // committed_at + min_interval_minutes
  std::string drawn_at;
  std::int64_t run_audit_seq = 0;

  bool operator==(const DrawCeremony&) const = default;
};

// Everything published about a draw. Before the reveal `seed` is empty and `tasks` too.
struct DrawRecord {
  std::string algorithm = std::string(kDrawAlgorithm);
  DrawParameters parameters;
  std::vector<FrameEntry> frame;  // the eligible frame
  std::vector<Exclusion> excluded;
  std::vector<Inspector> pool;
  std::string frame_hash;       // hex SM3 of CanonicalFrame
  std::string pool_hash;        // hex SM3 of CanonicalPool
  std::string parameters_hash;  // hex SM3 of CanonicalParameters
  std::string scope_hash;       // hex SM3 of CanonicalScope (frame and exclusions, no class)
  std::string exclusions_hash;  // hex SM3 of CanonicalExclusions
  // hex SM3 of the seed; with contributions, of CanonicalContributionCommitments.
  std::string commitment;
  std::vector<SeedContribution> contributions;  // by party; empty: a single secret seed
  // Where the beacon will be read (e.g. "福彩3D 2026-12-10 开奖号码"), announced with the
  // commitment and bound into it; empty: the draw runs without a beacon.
  std::string beacon_source;
  std::string beacon;  // the public value read there, entered at the run
  std::string seed;    // hex, revealed after the draw
  std::vector<DrawTask> tasks;
  DrawCeremony ceremony;
};

// The canonical serialisations that are hashed (docs/random-draw.md §2). They sort and
// de-duplicate; kInvalidArgument (with the field) on a value that cannot be serialised.
Result<std::string> CanonicalFrame(std::span<const FrameEntry> frame);
Result<std::string> CanonicalPool(std::span<const Inspector> pool);
Result<std::string> CanonicalParameters(const DrawParameters& parameters);
// The firms in scope: the frame rows and the excluded firms' rows, without class (§1.1).
Result<std::string> CanonicalScope(std::span<const FrameEntry> frame,
                                   std::span<const Exclusion> excluded);
Result<std::string> CanonicalExclusions(std::span<const Exclusion> excluded);
// "party TAB commitment LF" by party; with secrets, "party TAB secret LF" is hashed to the seed.
Result<std::string> CanonicalContributionCommitments(std::span<const SeedContribution> parties);
// The 32-byte seed of a multi-party draw: SM3 of "party TAB secret LF" by party. kInvalidArgument
// (field "contributions") when a secret is missing or does not hash to its commitment.
Result<std::string> CombinedSeed(std::span<const SeedContribution> parties);

// 32 fresh bytes from OpenSSL's CSPRNG (RAND_bytes).
std::string NewSeed();

// The draw itself: a deterministic function of its inputs (seed: 32 raw bytes). Inputs need
// not be sorted (sorted input is not copied). kInvalidArgument (with the field) on malformed inputs
// or parameters.
Result<std::vector<DrawTask>> ComputeDraw(std::span<const FrameEntry> frame,
                                          std::span<const Inspector> pool,
                                          const DrawParameters& parameters, std::string_view seed,
                                          std::string_view beacon = {});

// Step 1 of the ceremony: canonicalises and hashes the inputs and commits to `seed` (32 raw
// bytes, kept secret by the caller until after the draw). kInvalidArgument on malformed inputs.
Result<DrawRecord> CommitDraw(EligibleFrame frame, std::vector<Inspector> pool,
                              DrawParameters parameters, std::string_view seed);

// Step 2: runs the draw of a committed record and reveals the seed. kInvalidArgument (field
// "seed") when SM3(seed) is not the commitment.
Result<DrawRecord> RunDraw(DrawRecord committed, std::string_view seed,
                           std::string_view beacon = {});

// The multi-party ceremony: commits to the parties' commitments (no secret is known to anyone
// but its party) and to the beacon's source, and runs with every secret revealed (matched by
// party) and the beacon. A beacon is required at the run when a source was announced, and
// refused when none was: a value chosen at the run, after the secrets are known, could steer
// the draw (kInvalidArgument, field "beacon").
Result<DrawRecord> CommitDraw(EligibleFrame frame, std::vector<Inspector> pool,
                              DrawParameters parameters,
                              std::vector<SeedContribution> contributions,
                              std::string_view beacon_source = {});
// The text whose SM3 is a multi-party draw's commitment: the parties' lines, then, when a beacon
// source is announced, TAB "beacon" TAB <source> LF (a line no party's can be).
Result<std::string> CanonicalCommitmentText(std::span<const SeedContribution> parties,
                                            std::string_view beacon_source);
Result<DrawRecord> RunDraw(DrawRecord committed, std::span<const SeedContribution> revealed,
                           std::string_view beacon);

struct DrawMismatch {
  enum class Kind {
    kCommitment,  // SM3(seed) ≠ commitment
    kFrameHash,   // the published frame does not hash to frame_hash
    kPoolHash,
    kParametersHash,
    kExcludedInFrame,  // a USCC is both excluded and in the eligible frame (in `published`)
    kTaskCount,
    kTarget,      // task `task_number` names another firm
    kAssignment,  // task `task_number` has another team or staffing outcome
    kScopeHash,
    kExclusionsHash,
    kContribution,  // a revealed secret does not hash to its party's commitment (`published`)
    kCeremony,      // the timestamps are out of order (run before run_not_before)
    // VerifyEligibility, against the firms in scope as the auditor reads them:
    kMissingFromFrame,   // in scope, but neither in the frame nor excluded
    kNotInScope,         // in the record, but not in scope
    kScopeRow,           // in both, with another region or categories
    kExclusionEvidence,  // an exclusion its evidence does not bear out
  };
  Kind kind;
  std::uint32_t task_number = 0;  // for kTarget and kAssignment
  std::string published;
  std::string recomputed;
};

struct DrawVerification {
  std::vector<DrawMismatch> mismatches;

  bool ok() const { return mismatches.empty(); }
};

// Step 3, for anyone: re-runs the draw from the published record and lists every difference.
// kFailedPrecondition (field "seed") before the reveal; kInvalidArgument for another algorithm
// version (field "algorithm") or inputs that cannot be re-run.
Result<DrawVerification> VerifyDraw(const DrawRecord& record);

// Eligibility (docs/random-draw.md §1.1): compares the record's frame and exclusions with the
// firms in scope as an auditor reads them (the registry, or a list the province publishes): every
// firm in scope is in the frame or excluded, no other firm is, rows agree, and an out_of_scope
// firm makes none of the plan's categories. The evidence of the other reasons is checked by
// whoever holds the tasks (SpotCheckService::VerifyEligibility).
DrawVerification VerifyEligibility(const DrawRecord& record, std::span<const FrameEntry> scope);

// JSON forms (docs/random-draw.md §6). FromJson: kInvalidArgument with the offending field.
nlohmann::json DrawRecordToJson(const DrawRecord& record);
Result<DrawRecord> DrawRecordFromJson(const nlohmann::json& json);
nlohmann::json DrawVerificationToJson(const DrawVerification& verification);
// What is public about a draw before the plan's inspections end (docs/random-draw.md §6.1):
// hashes, commitments, parameters, ceremony and counts; no frame, exclusions, pool or tasks.
nlohmann::json DrawRecordSummaryJson(const DrawRecord& record);
// The parameters alone (the "parameters" member of a record), for storing a plan's settings.
nlohmann::json DrawParametersToJson(const DrawParameters& parameters);
Result<DrawParameters> DrawParametersFromJson(const nlohmann::json& json);

}  // namespace zq::inspection
