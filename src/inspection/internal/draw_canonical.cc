#include "inspection/internal/draw_canonical.h"

#include <algorithm>
#include <array>
#include <utility>

#include "core/calendar.h"

namespace zq::inspection::internal {
namespace {

// GB 32100-2015 §4.1: the USCC alphabet (no I, O, S, V, Z).
constexpr std::string_view kUsccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
constexpr std::uint32_t kMaxBasisPoints = 10000;
constexpr std::uint32_t kMaxRecheckMonths = 120;

// A byte-indexed table of kUsccAlphabet: the frame is checked a million rows at a time.
constexpr std::array<bool, 256> kIsUsccChar = [] {
  std::array<bool, 256> table{};
  for (char c : kUsccAlphabet) {
    table[static_cast<unsigned char>(c)] = true;
  }
  return table;
}();

bool IsUsccSyntax(std::string_view text) {
  return text.size() == 18 && std::all_of(text.begin(), text.end(), [](char c) {
           return kIsUsccChar[static_cast<unsigned char>(c)];
         });
}

bool IsRegionSyntax(std::string_view text) {
  return text.size() == 6 &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A value that fits in a tab-separated, comma-listed line: no control characters, no comma.
bool IsToken(std::string_view text) {
  return std::none_of(text.begin(), text.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == ',' || c == 0x7f;
  });
}

bool IsStrictlySorted(const std::vector<std::string>& values) {
  return std::adjacent_find(values.begin(), values.end(),
                            [](const std::string& a, const std::string& b) { return !(a < b); }) ==
         values.end();
}

Status CheckList(const std::vector<std::string>& values, std::string_view field) {
  for (const std::string& v : values) {
    if (v.empty() || !IsToken(v)) {
      return Status::InvalidArgument("empty value or one with a comma or control character",
                                     std::string(field));
    }
  }
  return Status::Ok();
}

Status CheckEntry(const FrameEntry& e) {
  if (!IsUsccSyntax(e.uscc)) {
    return Status::InvalidArgument("USCC must be 18 characters of 0-9A-HJ-NPQRTUWXY: " + e.uscc,
                                   "frame.uscc");
  }
  if (!IsRegionSyntax(e.region_code)) {
    return Status::InvalidArgument("region code must be six digits", "frame.region_code");
  }
  if (!RiskClassAt(static_cast<int>(e.risk_class))) {
    return Status::InvalidArgument("risk class must be A-D", "frame.risk_class");
  }
  return CheckList(e.product_categories, "frame.product_categories");
}

Status CheckInspector(const Inspector& i) {
  if (i.id.empty() || !IsToken(i.id) || !IsToken(i.unit)) {
    return Status::InvalidArgument("inspector id must be non-empty; no comma or control character",
                                   "pool.id");
  }
  if (!IsRegionSyntax(i.region_code)) {
    return Status::InvalidArgument("region code must be six digits", "pool.region_code");
  }
  ZQ_RETURN_IF_ERROR(CheckList(i.qualifications, "pool.qualifications"));
  return CheckList(i.conflicts, "pool.conflicts");
}

// Appends `values` sorted, de-duplicated and joined by ','. Lists usually arrive sorted; only
// the others pay for a sorted copy of their views.
void AppendList(std::string& out, const std::vector<std::string>& values) {
  if (IsStrictlySorted(values)) {
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (i > 0) {
        out.push_back(',');
      }
      out.append(values[i]);
    }
    return;
  }
  std::vector<std::string_view> sorted(values.begin(), values.end());
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    if (i > 0) {
      out.push_back(',');
    }
    out.append(sorted[i]);
  }
}

std::string QuotaText(const ClassQuota& q) {
  return (q.kind == ClassQuota::Kind::kRate ? "rate:" : "fixed:") + std::to_string(q.value);
}

}  // namespace

std::vector<std::string> SortedUnique(std::vector<std::string> values) {
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  return values;
}

Result<std::span<const FrameEntry>> CanonicalFrameRows(std::span<const FrameEntry> frame,
                                                       std::vector<FrameEntry>& storage) {
  bool canonical = true;
  for (std::size_t i = 0; i < frame.size(); ++i) {
    ZQ_RETURN_IF_ERROR(CheckEntry(frame[i]));
    canonical = canonical && (i == 0 || frame[i - 1].uscc < frame[i].uscc);
  }
  if (canonical) {
    return frame;
  }
  storage.assign(frame.begin(), frame.end());
  std::sort(storage.begin(), storage.end(),
            [](const FrameEntry& a, const FrameEntry& b) { return a.uscc < b.uscc; });
  auto dup =
      std::adjacent_find(storage.begin(), storage.end(),
                         [](const FrameEntry& a, const FrameEntry& b) { return a.uscc == b.uscc; });
  if (dup != storage.end()) {
    return Status::InvalidArgument("USCC appears twice in the frame: " + dup->uscc, "frame.uscc");
  }
  return std::span<const FrameEntry>(storage);
}

Status CanonicaliseFrame(std::vector<FrameEntry>& frame) {
  std::vector<FrameEntry> storage;
  ZQ_ASSIGN_OR_RETURN(const std::span<const FrameEntry> rows, CanonicalFrameRows(frame, storage));
  if (rows.data() != frame.data()) {
    frame = std::move(storage);
  }
  for (FrameEntry& e : frame) {
    if (!IsStrictlySorted(e.product_categories)) {
      e.product_categories = SortedUnique(std::move(e.product_categories));
    }
  }
  return Status::Ok();
}

Result<std::span<const Inspector>> CanonicalPoolRows(std::span<const Inspector> pool,
                                                     std::vector<Inspector>& storage) {
  bool canonical = true;
  for (std::size_t i = 0; i < pool.size(); ++i) {
    ZQ_RETURN_IF_ERROR(CheckInspector(pool[i]));
    canonical = canonical && IsStrictlySorted(pool[i].qualifications) &&
                IsStrictlySorted(pool[i].conflicts) && (i == 0 || pool[i - 1].id < pool[i].id);
  }
  if (canonical) {
    return pool;
  }
  storage.assign(pool.begin(), pool.end());
  for (Inspector& i : storage) {
    i.qualifications = SortedUnique(std::move(i.qualifications));
    i.conflicts = SortedUnique(std::move(i.conflicts));
  }
  std::sort(storage.begin(), storage.end(),
            [](const Inspector& a, const Inspector& b) { return a.id < b.id; });
  auto dup =
      std::adjacent_find(storage.begin(), storage.end(),
                         [](const Inspector& a, const Inspector& b) { return a.id == b.id; });
  if (dup != storage.end()) {
    return Status::InvalidArgument("inspector id appears twice in the pool: " + dup->id, "pool.id");
  }
  return std::span<const Inspector>(storage);
}

Status CanonicalisePool(std::vector<Inspector>& pool) {
  std::vector<Inspector> storage;
  ZQ_ASSIGN_OR_RETURN(const std::span<const Inspector> rows, CanonicalPoolRows(pool, storage));
  if (rows.data() != pool.data()) {
    pool = std::move(storage);
  }
  return Status::Ok();
}

std::string SerialiseFrame(std::span<const FrameEntry> canonical_frame) {
  std::string out;
  out.reserve(canonical_frame.size() * 48);
  for (const FrameEntry& e : canonical_frame) {
    out.append(e.uscc);
    out.push_back('\t');
    out.append(e.region_code);
    out.push_back('\t');
    out.push_back(RiskClassLetter(e.risk_class));
    out.push_back('\t');
    AppendList(out, e.product_categories);
    out.push_back('\n');
  }
  return out;
}

std::string SerialisePool(std::span<const Inspector> canonical_pool) {
  std::string out;
  for (const Inspector& i : canonical_pool) {
    out.append(i.id);
    out.push_back('\t');
    out.append(i.unit);
    out.push_back('\t');
    out.append(i.region_code);
    out.push_back('\t');
    AppendList(out, i.qualifications);
    out.push_back('\t');
    AppendList(out, i.conflicts);
    out.push_back('\n');
  }
  return out;
}

Result<std::string> SerialiseParameters(const DrawParameters& p) {
  if (p.plan_id.empty() || !IsToken(p.plan_id)) {
    return Status::InvalidArgument("plan id must be non-empty; no comma or control character",
                                   "plan_id");
  }
  if (!IsToken(p.authority)) {
    return Status::InvalidArgument("no comma or control character", "authority");
  }
  ZQ_RETURN_IF_ERROR(ParseDate(p.draw_date, "draw_date").status());
  ZQ_RETURN_IF_ERROR(CheckList(p.product_categories, "product_categories"));
  for (const ClassQuota& q : p.quotas) {
    if (q.kind == ClassQuota::Kind::kRate && q.value > kMaxBasisPoints) {
      return Status::InvalidArgument("a rate is at most 10000 basis points", "quotas");
    }
  }
  if (p.inspectors_per_task < 2) {
    return Status::InvalidArgument("a task needs at least 2 inspectors", "inspectors_per_task");
  }
  if (p.recheck_months > kMaxRecheckMonths) {
    return Status::InvalidArgument("at most 120 months", "recheck_months");
  }
  std::string out = "algorithm=" + std::string(kDrawAlgorithm) + "\n";
  out += "plan_id=" + p.plan_id + "\n";
  out += "authority=" + p.authority + "\n";
  out += "draw_date=" + p.draw_date + "\n";
  out += "product_categories=";
  AppendList(out, p.product_categories);
  out += "\n";
  for (RiskClass c : kRiskClasses) {
    out += std::string("quota.") + RiskClassLetter(c) + "=" +
           QuotaText(p.quotas[static_cast<std::size_t>(c)]) + "\n";
  }
  out += std::string("rounding=") + (p.rounding == Rounding::kCeil ? "ceil" : "half_up") + "\n";
  out += "inspectors_per_task=" + std::to_string(p.inspectors_per_task) + "\n";
  out += "max_tasks_per_inspector=" + std::to_string(p.max_tasks_per_inspector) + "\n";
  const char* locality = p.locality == Locality::kAny     ? "any"
                         : p.locality == Locality::kLocal ? "local"
                                                          : "cross_region";
  out += std::string("locality=") + locality + "\n";
  out += "recheck_months=" + std::to_string(p.recheck_months) + "\n";
  return out;
}

bool ContainsUscc(std::span<const FrameEntry> canonical_frame, std::string_view uscc) {
  auto it = std::lower_bound(
      canonical_frame.begin(), canonical_frame.end(), uscc,
      [](const FrameEntry& e, std::string_view key) { return std::string_view(e.uscc) < key; });
  return it != canonical_frame.end() && it->uscc == uscc;
}

}  // namespace zq::inspection::internal
