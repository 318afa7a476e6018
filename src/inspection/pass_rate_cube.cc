#include "inspection/pass_rate_cube.h"

#include <algorithm>
#include <array>
#include <charconv>

#include <fmt/format.h>

namespace zq::inspection {
namespace {

Status Validate(const BatchVerdict& verdict) {
  if (verdict.verdict_id.empty()) {
    return Status::InvalidArgument("a verdict needs an id", "verdict_id");
  }
  if (verdict.product_category.empty()) {
    return Status::InvalidArgument("a verdict needs a product category", "product_category");
  }
  if (verdict.industry_code.empty()) {
    return Status::InvalidArgument("a verdict needs an industry code", "industry_code");
  }
  if (verdict.period.empty()) {
    return Status::InvalidArgument("a verdict needs a period", "period");
  }
  return ids::ParseRegionCode(verdict.region_code).status();
}

// The region code at the grouping level: PP0000, PPCC00 or the code itself (GB/T 2260).
std::string RegionAtLevel(const std::string& code, ids::RegionLevel level) {
  switch (level) {
    case ids::RegionLevel::kProvince:
      return code.substr(0, 2) + "0000";
    case ids::RegionLevel::kCity:
      return code.substr(0, 4) + "00";
    case ids::RegionLevel::kCounty:
      return code;
  }
  return code;
}

// The id of a canonical decimal verdict id ("123", not "0123" or "+1"); none for other text.
std::optional<std::int64_t> NumericId(std::string_view id) {
  std::int64_t n = 0;
  if (id.empty() || id.size() > 18 || (id[0] == '0' && id.size() > 1))
    return std::nullopt;
  const auto [end, ec] = std::from_chars(id.data(), id.data() + id.size(), n);
  if (ec != std::errc() || end != id.data() + id.size() || id[0] == '-')
    return std::nullopt;
  return n;
}

// Checks a dimension value the first time a cube sees it (Validate's rules for one field).
Status ValidateValue(std::string_view field, std::string_view value) {
  if (field == "region_code")
    return ids::ParseRegionCode(value).status();
  if (value.empty()) {
    const std::string_view what = field == "product_category" ? "a product category"
                                  : field == "industry_code"  ? "an industry code"
                                                              : "a period";
    return Status::InvalidArgument(fmt::format("a verdict needs {}", what), std::string(field));
  }
  return Status::Ok();
}

}  // namespace

std::string_view FirmSizeName(FirmSize size) {
  switch (size) {
    case FirmSize::kLarge:
      return "large";
    case FirmSize::kMedium:
      return "medium";
    case FirmSize::kSmall:
      return "small";
    case FirmSize::kMicro:
      return "micro";
    case FirmSize::kUnknown:
      return "unknown";
  }
  return "unknown";
}

std::uint32_t Dictionary::Intern(std::string_view value) {
  if (const auto it = index_.find(value); it != index_.end())
    return it->second;
  const auto i = static_cast<std::uint32_t>(values_.size());
  values_.emplace_back(value);
  index_.emplace(values_.back(), i);
  return i;
}

std::size_t PassRateCube::CellKeyHash::operator()(const CellKey& k) const {
  return internal::Mix64((std::uint64_t{k.category} << 32 | k.region) ^
                         internal::Mix64(std::uint64_t{k.industry} << 32 | k.period) ^ k.size);
}

std::size_t PassRateCube::IdHash::operator()(std::int64_t id) const {
  return internal::Mix64(static_cast<std::uint64_t>(id));
}

Result<PassRateCube> PassRateCube::Build(std::span<const BatchVerdict> verdicts) {
  PassRateCube cube;
  cube.entries_.reserve(verdicts.size());
  for (const BatchVerdict& verdict : verdicts) {
    ZQ_RETURN_IF_ERROR(Validate(verdict));
    const std::size_t before = cube.entries_.size();
    Entry* entry = cube.FindEntry(verdict.verdict_id, /*add=*/true);
    if (cube.entries_.size() == before) {
      return Status::AlreadyExists(fmt::format("verdict {} appears twice", verdict.verdict_id),
                                   "verdict_id");
    }
    const CellKey key{
        cube.categories_.Intern(verdict.product_category),
        cube.regions_.Intern(verdict.region_code), cube.industries_.Intern(verdict.industry_code),
        cube.periods_.Intern(verdict.period), static_cast<std::uint32_t>(verdict.firm_size)};
    ZQ_RETURN_IF_ERROR(cube.AddTo(*entry, key, verdict.outcome));
  }
  return cube;
}

Result<PassRateCube> PassRateCube::Build(std::span<const VerdictColumns> parts) {
  PassRateCube cube;
  std::size_t total = 0;
  for (const VerdictColumns& part : parts) total += part.verdicts();
  cube.entries_.reserve(total);
  cube.numeric_ids_.reserve(total);
  for (const VerdictColumns& part : parts) {
    // The part's value numbers in the cube's dictionaries, each value checked once.
    const auto remap = [](const Dictionary& from, Dictionary& to, std::string_view field,
                          std::vector<std::uint32_t>& out) -> Status {
      out.resize(from.size());
      for (std::uint32_t i = 0; i < from.size(); ++i) {
        ZQ_RETURN_IF_ERROR(ValidateValue(field, from[i]));
        out[i] = to.Intern(from[i]);
      }
      return Status::Ok();
    };
    std::vector<std::uint32_t> category, region, industry, period;
    ZQ_RETURN_IF_ERROR(remap(part.categories, cube.categories_, "product_category", category));
    ZQ_RETURN_IF_ERROR(remap(part.regions, cube.regions_, "region_code", region));
    ZQ_RETURN_IF_ERROR(remap(part.industries, cube.industries_, "industry_code", industry));
    ZQ_RETURN_IF_ERROR(remap(part.periods, cube.periods_, "period", period));
    for (std::size_t v = 0; v < part.verdicts(); ++v) {
      const auto slot = static_cast<std::uint32_t>(cube.entries_.size());
      if (cube.numeric_ids_.FindOrAdd(part.id[v], slot) != slot) {
        return Status::AlreadyExists(fmt::format("verdict {} appears twice", part.id[v]),
                                     "verdict_id");
      }
      cube.entries_.emplace_back();
      const CellKey key{category[part.category[v]], region[part.region[v]],
                        industry[part.industry[v]], period[part.period[v]],
                        static_cast<std::uint32_t>(part.size[v])};
      ZQ_RETURN_IF_ERROR(cube.AddTo(cube.entries_.back(), key, part.outcome[v]));
    }
  }
  return cube;
}

PassRateCube::Entry* PassRateCube::FindEntry(std::string_view verdict_id, bool add) {
  const auto slot = static_cast<std::uint32_t>(entries_.size());
  std::uint32_t found = internal::FlatIndex<std::int64_t, IdHash>::kMissing;
  if (const std::optional<std::int64_t> n = NumericId(verdict_id)) {
    found = add ? numeric_ids_.FindOrAdd(*n, slot) : numeric_ids_.Find(*n);
  } else if (const auto it = other_ids_.find(std::string(verdict_id)); it != other_ids_.end()) {
    found = it->second;
  } else if (add) {
    found = other_ids_.emplace(std::string(verdict_id), slot).first->second;
  }
  if (found == internal::FlatIndex<std::int64_t, IdHash>::kMissing)
    return nullptr;
  if (found == slot)
    entries_.emplace_back();
  return &entries_[found];
}

Status PassRateCube::AddTo(Entry& entry, const CellKey& key, BatchOutcome outcome) {
  const auto slot = static_cast<std::uint32_t>(cells_.size());
  const std::uint32_t cell = cell_index_.FindOrAdd(key, slot);
  if (cell == slot)
    cells_.push_back(Cell{key, {}});
  BatchCounts& counts = cells_[cell].counts;
  ++counts.tested;
  if (outcome == BatchOutcome::kPass)
    ++counts.passed;
  entry = Entry{cell, outcome, true};
  ++live_;
  return Status::Ok();
}

Status PassRateCube::Upsert(const BatchVerdict& verdict) {
  ZQ_RETURN_IF_ERROR(Validate(verdict));
  Entry* entry = FindEntry(verdict.verdict_id, /*add=*/true);
  if (entry->live)
    Subtract(*entry);
  const CellKey key{categories_.Intern(verdict.product_category),
                    regions_.Intern(verdict.region_code), industries_.Intern(verdict.industry_code),
                    periods_.Intern(verdict.period), static_cast<std::uint32_t>(verdict.firm_size)};
  return AddTo(*entry, key, verdict.outcome);
}

Status PassRateCube::Remove(std::string_view verdict_id) {
  Entry* entry = FindEntry(verdict_id, /*add=*/false);
  if (entry == nullptr || !entry->live) {
    return Status::NotFound(fmt::format("no verdict {} in the cube", verdict_id), "verdict_id");
  }
  Subtract(*entry);
  return Status::Ok();
}

void PassRateCube::Subtract(Entry& entry) {
  BatchCounts& counts = cells_[entry.cell].counts;
  ZQ_CHECK(counts.tested > 0);  // the entry counted in this cell
  --counts.tested;
  if (entry.outcome == BatchOutcome::kPass) {
    ZQ_CHECK(counts.passed > 0);
    --counts.passed;
  }
  entry.live = false;
  --live_;
}

std::map<CubeCell, BatchCounts> PassRateCube::cells() const {
  std::map<CubeCell, BatchCounts> out;
  for (const Cell& c : cells_) {
    if (c.counts.tested == 0)
      continue;
    out.emplace(
        CubeCell{categories_[c.key.category], regions_[c.key.region], industries_[c.key.industry],
                 static_cast<FirmSize>(c.key.size), periods_[c.key.period]},
        c.counts);
  }
  return out;
}

Result<std::vector<CubeRow>> PassRateCube::Query(const CubeQuery& query) const {
  if (!(query.confidence > 0 && query.confidence < 1)) {
    return Status::InvalidArgument("confidence must lie in (0, 1)", "confidence");
  }
  // Per dimension value, once: whether it passes the filters, and its group (the value itself,
  // or for regions the code at the grouping level, numbered in `region_groups`).
  const auto keep = [](const Dictionary& values, auto&& test) {
    std::vector<char> out(values.size());
    for (std::uint32_t i = 0; i < values.size(); ++i) out[i] = test(values[i]) ? 1 : 0;
    return out;
  };
  const std::vector<char> category_ok = keep(categories_, [&](const std::string& v) {
    return !query.product_category || v == *query.product_category;
  });
  const std::vector<char> region_ok = keep(regions_, [&](const std::string& v) {
    return !query.region || query.region->Contains(ids::RegionCode{v});
  });
  const std::vector<char> industry_ok = keep(industries_, [&](const std::string& v) {
    return !query.industry_prefix || v.starts_with(*query.industry_prefix);
  });
  const std::vector<char> period_ok = keep(periods_, [&](const std::string& v) {
    return (!query.period_from || v >= *query.period_from) &&
           (!query.period_to || v <= *query.period_to) && (!query.period || v == *query.period);
  });
  Dictionary region_groups;
  std::vector<std::uint32_t> region_group(regions_.size());
  for (std::uint32_t i = 0; i < regions_.size(); ++i)
    region_group[i] = region_groups.Intern(RegionAtLevel(regions_[i], query.region_level));
  // Sum the cells into groups keyed by value numbers, then name the groups.
  using GroupKey = std::array<std::uint32_t, 5>;

  struct GroupHash {
    std::size_t operator()(const GroupKey& k) const {
      std::uint64_t h = 0;
      for (std::uint32_t v : k) h = internal::Mix64(h ^ v);
      return static_cast<std::size_t>(h);
    }
  };

  std::unordered_map<GroupKey, BatchCounts, GroupHash> groups;
  for (const Cell& cell : cells_) {
    const CellKey& k = cell.key;
    if (cell.counts.tested == 0 || !category_ok[k.category] || !region_ok[k.region] ||
        !industry_ok[k.industry] || !period_ok[k.period] ||
        (query.firm_size && static_cast<FirmSize>(k.size) != *query.firm_size)) {
      continue;
    }
    // One slot per dimension (a dimension named twice groups once).
    GroupKey key{};
    for (const CubeDimension d : query.group_by) {
      const std::uint32_t values[] = {k.category, region_group[k.region], k.industry, k.size,
                                      k.period};
      key[static_cast<std::size_t>(d)] = values[static_cast<std::size_t>(d)];
    }
    BatchCounts& group = groups[key];
    group.tested += cell.counts.tested;
    group.passed += cell.counts.passed;
  }
  std::vector<CubeRow> rows;
  rows.reserve(groups.size());
  for (const auto& [key, counts] : groups) {
    CubeRow row;
    for (const CubeDimension d : query.group_by) {
      const std::uint32_t v = key[static_cast<std::size_t>(d)];
      switch (d) {
        case CubeDimension::kProductCategory:
          row.key.push_back(categories_[v]);
          break;
        case CubeDimension::kRegion:
          row.key.push_back(region_groups[v]);
          break;
        case CubeDimension::kIndustry:
          row.key.push_back(industries_[v]);
          break;
        case CubeDimension::kFirmSize:
          row.key.emplace_back(FirmSizeName(static_cast<FirmSize>(v)));
          break;
        case CubeDimension::kPeriod:
          row.key.push_back(periods_[v]);
          break;
      }
    }
    ZQ_ASSIGN_OR_RETURN(row.rate, EstimatePassRate(counts.passed, counts.tested, query.confidence));
    rows.push_back(std::move(row));
  }
  std::sort(rows.begin(), rows.end(),
            [](const CubeRow& a, const CubeRow& b) { return a.key < b.key; });
  return rows;
}

}  // namespace zq::inspection
