#include "inspection/random_draw.h"

#include <algorithm>
#include <chrono>
#include <limits>
#include <numeric>
#include <unordered_map>
#include <utility>

#include "auth/crypto.h"
#include "core/calendar.h"
#include "inspection/internal/draw_canonical.h"

namespace zq::inspection {
namespace {

using internal::SortedUnique;

constexpr std::uint32_t kBasisPointsOne = 10000;

std::string HexOf(const auth::Sm3Digest& digest) { return auth::ToHex(digest); }

// The keyed SM3 stream of docs/random-draw.md §3: block i of stream `label` is
// SM3(K ‖ label ‖ 0x00 ‖ u64be(i)), read as big-endian 64-bit words.
class DrawStream {
 public:
  DrawStream(const auth::Sm3Digest& key, std::string_view label) {
    buffer_.assign(key.begin(), key.end());
    buffer_.append(label);
    buffer_.push_back('\0');
    counter_at_ = buffer_.size();
    buffer_.append(8, '\0');
  }

  std::uint64_t Next64() {
    if (pos_ == block_.size()) {
      for (std::size_t i = 0; i < 8; ++i) {
        buffer_[counter_at_ + i] = static_cast<char>((counter_ >> (56 - 8 * i)) & 0xff);
      }
      ++counter_;
      block_ = auth::Sm3(buffer_);
      pos_ = 0;
    }
    std::uint64_t word = 0;
    for (std::size_t i = 0; i < 8; ++i) {
      word = (word << 8) | block_[pos_ + i];
    }
    pos_ += 8;
    return word;
  }

  // Uniform in [0, n) by rejection: words in the top (2^64 mod n) values are discarded, so that
  // every residue is equally likely (no modulo bias).
  std::uint64_t Below(std::uint64_t n) {
    ZQ_CHECK(n > 0);
    const std::uint64_t rem = (std::numeric_limits<std::uint64_t>::max() % n + 1) % n;
    const std::uint64_t max_accepted = std::numeric_limits<std::uint64_t>::max() - rem;
    while (true) {
      const std::uint64_t word = Next64();
      if (word <= max_accepted) {
        return word % n;
      }
    }
  }

 private:
  std::string buffer_;
  std::size_t counter_at_ = 0;
  std::uint64_t counter_ = 0;
  auth::Sm3Digest block_{};
  std::size_t pos_ = 32;
};

std::uint64_t StratumQuota(std::uint64_t n, const ClassQuota& quota, Rounding rounding) {
  if (quota.kind == ClassQuota::Kind::kFixed) {
    return std::min<std::uint64_t>(quota.value, n);
  }
  const std::uint64_t product = n * quota.value;
  std::uint64_t k = rounding == Rounding::kCeil ? (product + kBasisPointsOne - 1) / kBasisPointsOne
                                                : (product + kBasisPointsOne / 2) / kBasisPointsOne;
  if (n > 0 && quota.value > 0) {
    k = std::max<std::uint64_t>(k, 1);
  }
  return std::min(k, n);
}

// The territory prefix of a unit's region code: PP0000 → PP, PPCC00 → PPCC, else all six.
std::string_view TerritoryPrefix(std::string_view region_code) {
  if (region_code.ends_with("0000")) {
    return region_code.substr(0, 2);
  }
  if (region_code.ends_with("00")) {
    return region_code.substr(0, 4);
  }
  return region_code;
}

// docs/random-draw.md §5: teams for each task in selection order from the "inspectors" stream.
// Inspectors are indexed by qualification (each list in pool order), so that a task scans only
// the general inspectors and those qualified for its categories, not the whole pool; the
// candidates still come out in pool order, as the specification requires.
void AssignInspectors(std::span<const FrameEntry> frame, std::span<const Inspector> pool,
                      const DrawParameters& parameters, const auth::Sm3Digest& key,
                      std::vector<DrawTask>& tasks, const std::vector<std::size_t>& task_rows) {
  std::unordered_map<std::string_view, std::vector<std::uint32_t>> by_category;
  std::vector<std::uint32_t> general;
  std::vector<std::string_view> territory(pool.size());
  for (std::uint32_t i = 0; i < pool.size(); ++i) {
    territory[i] = TerritoryPrefix(pool[i].region_code);
    for (const std::string& q : pool[i].qualifications) {
      (q == kGeneralQualification ? general : by_category[q]).push_back(i);
    }
  }
  const std::vector<std::string> plan_categories = SortedUnique(parameters.product_categories);
  const std::uint32_t team_size = parameters.inspectors_per_task;
  const std::uint32_t cap = parameters.max_tasks_per_inspector;
  std::vector<std::uint32_t> load(pool.size(), 0);
  std::vector<std::uint32_t> scan;
  std::vector<std::uint32_t> candidates;
  DrawStream stream(key, "inspectors");
  for (std::size_t t = 0; t < tasks.size(); ++t) {
    const FrameEntry& firm = frame[task_rows[t]];
    scan.assign(general.begin(), general.end());
    for (const std::string& c : firm.product_categories) {
      const bool in_plan = plan_categories.empty() ||
                           std::binary_search(plan_categories.begin(), plan_categories.end(), c);
      if (auto it = by_category.find(c); in_plan && it != by_category.end()) {
        scan.insert(scan.end(), it->second.begin(), it->second.end());
      }
    }
    std::sort(scan.begin(), scan.end());
    scan.erase(std::unique(scan.begin(), scan.end()), scan.end());
    candidates.clear();
    std::size_t eligible = 0;
    for (std::uint32_t i : scan) {
      const std::vector<std::string>& conflicts = pool[i].conflicts;
      if (!conflicts.empty() && std::binary_search(conflicts.begin(), conflicts.end(), firm.uscc)) {
        continue;
      }
      const bool local = std::string_view(firm.region_code).starts_with(territory[i]);
      if ((parameters.locality == Locality::kLocal && !local) ||
          (parameters.locality == Locality::kCrossRegion && local)) {
        continue;
      }
      ++eligible;
      if (cap == 0 || load[i] < cap) {
        candidates.push_back(i);
      }
    }
    DrawTask& task = tasks[t];
    if (candidates.size() < team_size) {
      task.unstaffed =
          eligible < team_size ? UnstaffedReason::kTooFewQualified : UnstaffedReason::kCapReached;
      continue;
    }
    for (std::uint32_t i = 0; i < team_size; ++i) {
      const std::size_t j = i + stream.Below(candidates.size() - i);
      std::swap(candidates[i], candidates[j]);
      task.inspectors.push_back(pool[candidates[i]].id);
      ++load[candidates[i]];
    }
  }
}

// The draw on validated, canonical inputs (docs/random-draw.md §4–5).
std::vector<DrawTask> Draw(std::span<const FrameEntry> frame, std::span<const Inspector> pool,
                           const DrawParameters& parameters, std::string_view seed,
                           std::string_view beacon) {
  std::string message(kDrawAlgorithm);
  message.push_back('\0');
  message.append(beacon);
  const std::span<const std::uint8_t> seed_bytes(reinterpret_cast<const std::uint8_t*>(seed.data()),
                                                 seed.size());
  const auth::Sm3Digest key = auth::HmacSm3(seed_bytes, message);

  std::array<std::vector<std::uint32_t>, 4> strata;
  for (std::size_t row = 0; row < frame.size(); ++row) {
    strata[static_cast<std::size_t>(frame[row].risk_class)].push_back(
        static_cast<std::uint32_t>(row));
  }
  std::vector<DrawTask> tasks;
  std::vector<std::size_t> task_rows;
  for (RiskClass c : kRiskClasses) {
    std::vector<std::uint32_t>& stratum = strata[static_cast<std::size_t>(c)];
    const std::uint64_t k = StratumQuota(
        stratum.size(), parameters.quotas[static_cast<std::size_t>(c)], parameters.rounding);
    DrawStream stream(key, std::string("targets/") + RiskClassLetter(c));
    // Partial Fisher–Yates: position i takes a uniform pick among positions i..n-1.
    for (std::size_t i = 0; i < k; ++i) {
      const std::size_t j = i + stream.Below(stratum.size() - i);
      std::swap(stratum[i], stratum[j]);
      const FrameEntry& firm = frame[stratum[i]];
      DrawTask task;
      task.number = static_cast<std::uint32_t>(tasks.size() + 1);
      task.uscc = firm.uscc;
      task.risk_class = c;
      tasks.push_back(std::move(task));
      task_rows.push_back(stratum[i]);
    }
  }
  AssignInspectors(frame, pool, parameters, key, tasks, task_rows);
  return tasks;
}

Status CheckSeed(std::string_view seed) {
  if (seed.size() != kSeedBytes) {
    return Status::InvalidArgument("seed must be 32 bytes", "seed");
  }
  return Status::Ok();
}

std::string DescribeTeam(const DrawTask& task) {
  if (task.unstaffed) {
    return *task.unstaffed == UnstaffedReason::kTooFewQualified ? "unstaffed:too_few_qualified"
                                                                : "unstaffed:cap_reached";
  }
  std::string out;
  for (const std::string& id : task.inspectors) {
    out += out.empty() ? id : "," + id;
  }
  return out;
}

}  // namespace

DrawParameters DrawParameters::Defaults() {
  DrawParameters p;
  p.quotas = {ClassQuota::Rate(100), ClassQuota::Rate(400), ClassQuota::Rate(800),
              ClassQuota::Rate(2000)};
  return p;
}

Result<std::string> CanonicalFrame(std::span<const FrameEntry> frame) {
  std::vector<FrameEntry> storage;
  ZQ_ASSIGN_OR_RETURN(const std::span<const FrameEntry> rows,
                      internal::CanonicalFrameRows(frame, storage));
  return internal::SerialiseFrame(rows);
}

Result<std::string> CanonicalPool(std::span<const Inspector> pool) {
  std::vector<Inspector> storage;
  ZQ_ASSIGN_OR_RETURN(const std::span<const Inspector> rows,
                      internal::CanonicalPoolRows(pool, storage));
  return internal::SerialisePool(rows);
}

Result<std::string> CanonicalParameters(const DrawParameters& parameters) {
  return internal::SerialiseParameters(parameters);
}

std::string NewSeed() { return auth::RandomBytes(kSeedBytes); }

Result<std::vector<DrawTask>> ComputeDraw(std::span<const FrameEntry> frame,
                                          std::span<const Inspector> pool,
                                          const DrawParameters& parameters, std::string_view seed,
                                          std::string_view beacon) {
  ZQ_RETURN_IF_ERROR(CheckSeed(seed));
  std::vector<FrameEntry> frame_storage;
  std::vector<Inspector> pool_storage;
  ZQ_ASSIGN_OR_RETURN(const std::span<const FrameEntry> frame_rows,
                      internal::CanonicalFrameRows(frame, frame_storage));
  ZQ_ASSIGN_OR_RETURN(const std::span<const Inspector> pool_rows,
                      internal::CanonicalPoolRows(pool, pool_storage));
  ZQ_RETURN_IF_ERROR(internal::SerialiseParameters(parameters).status());
  return Draw(frame_rows, pool_rows, parameters, seed, beacon);
}

Result<DrawRecord> CommitDraw(EligibleFrame frame, std::vector<Inspector> pool,
                              DrawParameters parameters, std::string_view seed) {
  ZQ_RETURN_IF_ERROR(CheckSeed(seed));
  DrawRecord record;
  ZQ_RETURN_IF_ERROR(internal::CanonicaliseFrame(frame.entries));
  ZQ_RETURN_IF_ERROR(internal::CanonicalisePool(pool));
  ZQ_ASSIGN_OR_RETURN(const std::string canonical_parameters,
                      internal::SerialiseParameters(parameters));
  record.frame_hash = HexOf(auth::Sm3(internal::SerialiseFrame(frame.entries)));
  record.pool_hash = HexOf(auth::Sm3(internal::SerialisePool(pool)));
  record.parameters_hash = HexOf(auth::Sm3(canonical_parameters));
  record.commitment = HexOf(auth::Sm3(seed));
  std::sort(frame.excluded.begin(), frame.excluded.end(),
            [](const Exclusion& a, const Exclusion& b) { return a.uscc < b.uscc; });
  record.frame = std::move(frame.entries);
  record.excluded = std::move(frame.excluded);
  record.pool = std::move(pool);
  record.parameters = std::move(parameters);
  ZQ_RETURN_IF_ERROR(internal::SetEligibilityHashes(record));
  return record;
}

Result<DrawRecord> RunDraw(DrawRecord committed, std::string_view seed, std::string_view beacon) {
  ZQ_RETURN_IF_ERROR(CheckSeed(seed));
  if (HexOf(auth::Sm3(seed)) != committed.commitment) {
    return Status::InvalidArgument("SM3(seed) does not match the commitment", "seed");
  }
  ZQ_RETURN_IF_ERROR(internal::CanonicaliseFrame(committed.frame));
  ZQ_RETURN_IF_ERROR(internal::CanonicalisePool(committed.pool));
  ZQ_RETURN_IF_ERROR(internal::SerialiseParameters(committed.parameters).status());
  committed.tasks = Draw(committed.frame, committed.pool, committed.parameters, seed, beacon);
  committed.beacon = std::string(beacon);
  const std::span<const std::uint8_t> seed_bytes(reinterpret_cast<const std::uint8_t*>(seed.data()),
                                                 seed.size());
  committed.seed = auth::ToHex(seed_bytes);
  return committed;
}

Result<DrawVerification> VerifyDraw(const DrawRecord& record) {
  if (record.algorithm != kDrawAlgorithm) {
    return Status::InvalidArgument("unsupported draw algorithm " + record.algorithm, "algorithm");
  }
  if (record.seed.empty()) {
    return Status::FailedPrecondition("the seed has not been revealed yet", "seed");
  }
  ZQ_ASSIGN_OR_RETURN(const std::string seed, auth::FromHex(record.seed));
  ZQ_RETURN_IF_ERROR(CheckSeed(seed));
  std::vector<FrameEntry> frame_storage;
  std::vector<Inspector> pool_storage;
  ZQ_ASSIGN_OR_RETURN(const std::span<const FrameEntry> frame,
                      internal::CanonicalFrameRows(record.frame, frame_storage));
  ZQ_ASSIGN_OR_RETURN(const std::span<const Inspector> pool,
                      internal::CanonicalPoolRows(record.pool, pool_storage));
  ZQ_ASSIGN_OR_RETURN(const std::string canonical_parameters,
                      internal::SerialiseParameters(record.parameters));

  DrawVerification out;
  auto compare = [&out](DrawMismatch::Kind kind, const std::string& published,
                        const std::string& recomputed) {
    if (published != recomputed) {
      out.mismatches.push_back({kind, 0, published, recomputed});
    }
  };
  compare(DrawMismatch::Kind::kFrameHash, record.frame_hash,
          HexOf(auth::Sm3(internal::SerialiseFrame(frame))));
  compare(DrawMismatch::Kind::kPoolHash, record.pool_hash,
          HexOf(auth::Sm3(internal::SerialisePool(pool))));
  compare(DrawMismatch::Kind::kParametersHash, record.parameters_hash,
          HexOf(auth::Sm3(canonical_parameters)));
  internal::VerifyCeremony(record, seed, out.mismatches);
  for (const Exclusion& excluded : record.excluded) {
    if (internal::ContainsUscc(frame, excluded.uscc)) {
      out.mismatches.push_back({DrawMismatch::Kind::kExcludedInFrame, 0, excluded.uscc, ""});
    }
  }
  const std::vector<DrawTask> tasks = Draw(frame, pool, record.parameters, seed, record.beacon);
  if (tasks.size() != record.tasks.size()) {
    out.mismatches.push_back({DrawMismatch::Kind::kTaskCount, 0,
                              std::to_string(record.tasks.size()), std::to_string(tasks.size())});
  }
  for (std::size_t i = 0; i < std::min(tasks.size(), record.tasks.size()); ++i) {
    const DrawTask& published = record.tasks[i];
    const DrawTask& recomputed = tasks[i];
    const auto number = static_cast<std::uint32_t>(i + 1);
    if (published.uscc != recomputed.uscc || published.risk_class != recomputed.risk_class ||
        published.number != recomputed.number) {
      out.mismatches.push_back(
          {DrawMismatch::Kind::kTarget, number, published.uscc, recomputed.uscc});
    }
    if (published.inspectors != recomputed.inspectors ||
        published.unstaffed != recomputed.unstaffed) {
      out.mismatches.push_back({DrawMismatch::Kind::kAssignment, number, DescribeTeam(published),
                                DescribeTeam(recomputed)});
    }
  }
  return out;
}

}  // namespace zq::inspection
