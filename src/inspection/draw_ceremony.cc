// The parts of zq-draw-v1 that make a draw auditable as a whole (docs/random-draw.md §1.1–§1.3):
// the multi-party seed, the eligibility hashes (scope and exclusions) and their checks.
#include <algorithm>
#include <map>

#include "auth/crypto.h"
#include "inspection/internal/draw_canonical.h"
#include "inspection/random_draw.h"

namespace zq::inspection {
namespace {

constexpr std::size_t kMaxPartyBytes = 64;
constexpr std::size_t kMinSecretBytes = 16;
constexpr std::size_t kMaxSecretBytes = 64;

std::string Sm3Hex(const auth::Sm3Digest& digest) { return auth::ToHex(digest); }

bool HasControl(std::string_view text) {
  return std::any_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

bool IsLowerHex(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::string Joined(std::vector<std::string> values) {
  values = internal::SortedUnique(std::move(values));
  std::string out;
  for (const std::string& v : values) out += (out.empty() ? "" : ",") + v;
  return out;
}

// The parties in canonical order (by name), each checked; `secrets`: each must carry one.
Result<std::vector<SeedContribution>> SortedParties(std::span<const SeedContribution> parties,
                                                    bool secrets) {
  std::vector<SeedContribution> out(parties.begin(), parties.end());
  std::sort(out.begin(), out.end(),
            [](const SeedContribution& a, const SeedContribution& b) { return a.party < b.party; });
  for (std::size_t i = 0; i < out.size(); ++i) {
    const SeedContribution& c = out[i];
    if (c.party.empty() || c.party.size() > kMaxPartyBytes || HasControl(c.party))
      return Status::InvalidArgument("a party is 1–64 bytes without control characters",
                                     "contributions.party");
    if (i > 0 && out[i - 1].party == c.party)
      return Status::InvalidArgument("party named twice: " + c.party, "contributions.party");
    if (c.commitment.size() != 64 || !IsLowerHex(c.commitment))
      return Status::InvalidArgument("a commitment is 64 lower-case hex digits (SM3)",
                                     "contributions.commitment");
    if (!secrets)
      continue;
    const std::size_t bytes = c.secret.size() / 2;
    if (c.secret.size() % 2 != 0 || !IsLowerHex(c.secret) || bytes < kMinSecretBytes ||
        bytes > kMaxSecretBytes)
      return Status::InvalidArgument(
          "the secret of " + c.party + " is 16–64 bytes in lower-case hex", "contributions.secret");
  }
  return out;
}

Result<std::string> SecretBytes(const SeedContribution& c) { return auth::FromHex(c.secret); }

}  // namespace

Result<std::string> CanonicalScope(std::span<const FrameEntry> frame,
                                   std::span<const Exclusion> excluded) {
  std::vector<FrameEntry> storage;
  ZQ_ASSIGN_OR_RETURN(const std::span<const FrameEntry> rows,
                      internal::CanonicalFrameRows(frame, storage));
  std::vector<std::pair<std::string, std::string>> lines;
  lines.reserve(rows.size() + excluded.size());
  for (const FrameEntry& f : rows)
    lines.emplace_back(f.uscc, f.region_code + "\t" + Joined(f.product_categories));
  for (const Exclusion& e : excluded) {
    if (e.uscc.size() != 18 || HasControl(e.uscc) || HasControl(e.region_code))
      return Status::InvalidArgument("malformed excluded firm", "excluded.uscc");
    lines.emplace_back(e.uscc, e.region_code + "\t" + Joined(e.product_categories));
  }
  std::sort(lines.begin(), lines.end());
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i > 0 && lines[i - 1].first == lines[i].first)
      return Status::InvalidArgument(
          "firm both in the frame and excluded, or twice: " + lines[i].first, "excluded.uscc");
    out += lines[i].first + "\t" + lines[i].second + "\n";
  }
  return out;
}

Result<std::string> CanonicalExclusions(std::span<const Exclusion> excluded) {
  static constexpr std::string_view kNames[] = {"out_of_scope", "already_drawn_in_plan",
                                                "recently_checked"};
  std::vector<std::string> lines;
  lines.reserve(excluded.size());
  for (const Exclusion& e : excluded) {
    if (HasControl(e.uscc) || HasControl(e.evidence))
      return Status::InvalidArgument("control character in an exclusion", "excluded.evidence");
    lines.push_back(e.uscc + "\t" + std::string(kNames[static_cast<int>(e.reason)]) + "\t" +
                    e.evidence + "\n");
  }
  std::sort(lines.begin(), lines.end());
  std::string out;
  for (const std::string& l : lines) out += l;
  return out;
}

Result<std::string> CanonicalContributionCommitments(std::span<const SeedContribution> parties) {
  ZQ_ASSIGN_OR_RETURN(const std::vector<SeedContribution> sorted, SortedParties(parties, false));
  std::string out;
  for (const SeedContribution& c : sorted) out += c.party + "\t" + c.commitment + "\n";
  return out;
}

Result<std::string> CanonicalCommitmentText(std::span<const SeedContribution> parties,
                                            std::string_view beacon_source) {
  if (beacon_source.size() > 200 || HasControl(beacon_source))
    return Status::InvalidArgument(
        "the beacon's source is at most 200 bytes without control characters", "beacon_source");
  ZQ_ASSIGN_OR_RETURN(std::string text, CanonicalContributionCommitments(parties));
  if (!beacon_source.empty())
    text += "\tbeacon\t" + std::string(beacon_source) + "\n";
  return text;
}

Result<std::string> CombinedSeed(std::span<const SeedContribution> parties) {
  ZQ_ASSIGN_OR_RETURN(const std::vector<SeedContribution> sorted, SortedParties(parties, true));
  if (sorted.empty())
    return Status::InvalidArgument("no contributions", "contributions");
  std::string text;
  for (const SeedContribution& c : sorted) {
    ZQ_ASSIGN_OR_RETURN(const std::string secret, SecretBytes(c));
    if (Sm3Hex(auth::Sm3(secret)) != c.commitment)
      return Status::InvalidArgument("the secret of " + c.party + " does not match its commitment",
                                     "contributions.secret");
    text += c.party + "\t" + c.secret + "\n";
  }
  const auth::Sm3Digest seed = auth::Sm3(text);
  return std::string(reinterpret_cast<const char*>(seed.data()), seed.size());
}

namespace internal {

Status SetEligibilityHashes(DrawRecord& record) {
  ZQ_ASSIGN_OR_RETURN(const std::string scope, CanonicalScope(record.frame, record.excluded));
  ZQ_ASSIGN_OR_RETURN(const std::string exclusions, CanonicalExclusions(record.excluded));
  record.scope_hash = Sm3Hex(auth::Sm3(scope));
  record.exclusions_hash = Sm3Hex(auth::Sm3(exclusions));
  return Status::Ok();
}

void VerifyCeremony(const DrawRecord& record, const std::string& seed,
                    std::vector<DrawMismatch>& out) {
  using Kind = DrawMismatch::Kind;
  auto compare = [&out](Kind kind, const std::string& published, const std::string& recomputed) {
    if (published != recomputed)
      out.push_back({kind, 0, published, recomputed});
  };
  if (record.contributions.empty()) {
    compare(Kind::kCommitment, record.commitment, Sm3Hex(auth::Sm3(seed)));
  } else {
    Result<std::string> commitments =
        CanonicalCommitmentText(record.contributions, record.beacon_source);
    compare(Kind::kCommitment, record.commitment,
            commitments.ok() ? Sm3Hex(auth::Sm3(*commitments)) : commitments.status().message());
    for (const SeedContribution& c : record.contributions) {
      Result<std::string> secret = SecretBytes(c);
      if (!secret.ok() || Sm3Hex(auth::Sm3(*secret)) != c.commitment)
        out.push_back({Kind::kContribution, 0, c.party, c.commitment});
    }
    Result<std::string> combined = CombinedSeed(record.contributions);
    compare(Kind::kCommitment, record.seed,
            combined.ok() ? auth::ToHex({reinterpret_cast<const std::uint8_t*>(combined->data()),
                                         combined->size()})
                          : combined.status().message());
  }
  if (!record.scope_hash.empty()) {
    Result<std::string> scope = CanonicalScope(record.frame, record.excluded);
    compare(Kind::kScopeHash, record.scope_hash,
            scope.ok() ? Sm3Hex(auth::Sm3(*scope)) : scope.status().message());
  }
  if (!record.exclusions_hash.empty()) {
    Result<std::string> exclusions = CanonicalExclusions(record.excluded);
    compare(Kind::kExclusionsHash, record.exclusions_hash,
            exclusions.ok() ? Sm3Hex(auth::Sm3(*exclusions)) : exclusions.status().message());
  }
  const DrawCeremony& c = record.ceremony;
  if (!c.run_not_before.empty() &&
      (c.run_not_before < c.committed_at || (!c.drawn_at.empty() && c.drawn_at < c.run_not_before)))
    out.push_back({Kind::kCeremony, 0, c.drawn_at, c.run_not_before});
}

}  // namespace internal

Result<DrawRecord> CommitDraw(EligibleFrame frame, std::vector<Inspector> pool,
                              DrawParameters parameters,
                              std::vector<SeedContribution> contributions,
                              std::string_view beacon_source) {
  for (SeedContribution& c : contributions) c.secret.clear();
  ZQ_ASSIGN_OR_RETURN(const std::string commitments,
                      CanonicalCommitmentText(contributions, beacon_source));
  if (contributions.empty())
    return Status::InvalidArgument("at least one party contributes to the seed", "contributions");
  // The single-secret commitment with a placeholder seed, then the parties' commitment instead.
  ZQ_ASSIGN_OR_RETURN(DrawRecord record,
                      CommitDraw(std::move(frame), std::move(pool), std::move(parameters),
                                 std::string(kSeedBytes, '\0')));
  std::sort(contributions.begin(), contributions.end(),
            [](const SeedContribution& a, const SeedContribution& b) { return a.party < b.party; });
  record.commitment = Sm3Hex(auth::Sm3(commitments));
  record.contributions = std::move(contributions);
  record.beacon_source = std::string(beacon_source);
  return record;
}

Result<DrawRecord> RunDraw(DrawRecord committed, std::span<const SeedContribution> revealed,
                           std::string_view beacon) {
  if (committed.contributions.empty())
    return Status::FailedPrecondition("this draw has a single secret seed", "contributions");
  if (beacon.size() > 200 || HasControl(beacon))
    return Status::InvalidArgument("the beacon is at most 200 bytes without control characters",
                                   "beacon");
  if (committed.beacon_source.empty() && !beacon.empty())
    return Status::InvalidArgument(
        "no beacon source was announced with the commitment: a beacon chosen at the run could "
        "steer the draw",
        "beacon");
  if (!committed.beacon_source.empty() && beacon.empty())
    return Status::InvalidArgument(
        "the beacon announced with the commitment is needed: " + committed.beacon_source, "beacon");
  std::map<std::string, std::string, std::less<>> secrets;
  for (const SeedContribution& r : revealed) secrets[r.party] = r.secret;
  for (SeedContribution& c : committed.contributions) {
    const auto it = secrets.find(c.party);
    if (it == secrets.end())
      return Status::InvalidArgument(c.party + " has not revealed its secret",
                                     "contributions.secret");
    c.secret = it->second;
    secrets.erase(it);
  }
  if (!secrets.empty())
    return Status::InvalidArgument("not a party of this draw: " + secrets.begin()->first,
                                   "contributions.party");
  ZQ_ASSIGN_OR_RETURN(const std::string seed, CombinedSeed(committed.contributions));
  std::vector<SeedContribution> parties = std::move(committed.contributions);
  const std::string commitment = committed.commitment;
  committed.commitment = Sm3Hex(auth::Sm3(seed));  // RunDraw's own check of the seed
  ZQ_ASSIGN_OR_RETURN(DrawRecord drawn, RunDraw(std::move(committed), seed, beacon));
  drawn.commitment = commitment;
  drawn.contributions = std::move(parties);
  return drawn;
}

DrawVerification VerifyEligibility(const DrawRecord& record, std::span<const FrameEntry> scope) {
  using Kind = DrawMismatch::Kind;
  DrawVerification out;
  // The record's rows by USCC: the frame's and the excluded firms'.
  std::map<std::string, std::pair<std::string, std::string>, std::less<>> listed;
  for (const FrameEntry& f : record.frame)
    listed[f.uscc] = {f.region_code, Joined(f.product_categories)};
  std::map<std::string, const Exclusion*, std::less<>> excluded;
  for (const Exclusion& e : record.excluded) {
    listed[e.uscc] = {e.region_code, Joined(e.product_categories)};
    excluded[e.uscc] = &e;
  }
  const std::vector<std::string> plan =
      internal::SortedUnique(record.parameters.product_categories);
  std::map<std::string, bool, std::less<>> seen;
  for (const FrameEntry& f : scope) {
    seen[f.uscc] = true;
    const auto it = listed.find(f.uscc);
    const std::string row = f.region_code + " " + Joined(f.product_categories);
    if (it == listed.end()) {
      out.mismatches.push_back({Kind::kMissingFromFrame, 0, "", f.uscc + " " + row});
      continue;
    }
    if (it->second.first != f.region_code || it->second.second != Joined(f.product_categories))
      out.mismatches.push_back({Kind::kScopeRow, 0,
                                f.uscc + " " + it->second.first + " " + it->second.second,
                                f.uscc + " " + row});
    const auto ex = excluded.find(f.uscc);
    if (ex != excluded.end() && ex->second->reason == ExclusionReason::kOutOfScope) {
      const bool makes_plan_category = std::any_of(
          f.product_categories.begin(), f.product_categories.end(),
          [&](const std::string& c) { return std::binary_search(plan.begin(), plan.end(), c); });
      if (plan.empty() || makes_plan_category)
        out.mismatches.push_back({Kind::kExclusionEvidence, 0, f.uscc + " out_of_scope", row});
    }
  }
  for (const auto& [uscc, row] : listed) {
    if (!seen.contains(uscc))
      out.mismatches.push_back({Kind::kNotInScope, 0, uscc, ""});
  }
  return out;
}

}  // namespace zq::inspection
