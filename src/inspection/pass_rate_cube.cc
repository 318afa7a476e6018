#include "inspection/pass_rate_cube.h"

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

bool Matches(const CubeCell& cell, const CubeQuery& query) {
  if (query.product_category && cell.product_category != *query.product_category) {
    return false;
  }
  if (query.region && !query.region->Contains(ids::RegionCode{cell.region_code})) {
    return false;
  }
  if (query.industry_prefix && !cell.industry_code.starts_with(*query.industry_prefix)) {
    return false;
  }
  if (query.firm_size && cell.firm_size != *query.firm_size) {
    return false;
  }
  if (query.period_from && cell.period < *query.period_from) {
    return false;
  }
  if (query.period_to && cell.period > *query.period_to) {
    return false;
  }
  return !query.period || cell.period == *query.period;
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

Result<PassRateCube> PassRateCube::Build(std::span<const BatchVerdict> verdicts) {
  PassRateCube cube;
  cube.verdicts_.reserve(verdicts.size());
  for (const BatchVerdict& verdict : verdicts) {
    ZQ_RETURN_IF_ERROR(Validate(verdict));
    if (cube.verdicts_.contains(verdict.verdict_id)) {
      return Status::AlreadyExists(fmt::format("verdict {} appears twice", verdict.verdict_id),
                                   "verdict_id");
    }
    cube.Add(verdict);
  }
  return cube;
}

Status PassRateCube::Upsert(const BatchVerdict& verdict) {
  ZQ_RETURN_IF_ERROR(Validate(verdict));
  auto it = verdicts_.find(verdict.verdict_id);
  if (it != verdicts_.end()) {
    Subtract(it->second);
    verdicts_.erase(it);
  }
  Add(verdict);
  return Status::Ok();
}

Status PassRateCube::Remove(std::string_view verdict_id) {
  auto it = verdicts_.find(std::string(verdict_id));
  if (it == verdicts_.end()) {
    return Status::NotFound(fmt::format("no verdict {} in the cube", verdict_id), "verdict_id");
  }
  Subtract(it->second);
  verdicts_.erase(it);
  return Status::Ok();
}

void PassRateCube::Add(const BatchVerdict& verdict) {
  CubeCell key{verdict.product_category, verdict.region_code, verdict.industry_code,
               verdict.firm_size, verdict.period};
  auto [cell, inserted] = cells_.try_emplace(std::move(key));
  ++cell->second.tested;
  if (verdict.outcome == BatchOutcome::kPass) {
    ++cell->second.passed;
  }
  verdicts_.emplace(verdict.verdict_id, Entry{cell, verdict.outcome});
}

void PassRateCube::Subtract(const Entry& entry) {
  BatchCounts& counts = entry.cell->second;
  ZQ_CHECK(counts.tested > 0);  // the entry counted in this cell
  --counts.tested;
  if (entry.outcome == BatchOutcome::kPass) {
    ZQ_CHECK(counts.passed > 0);
    --counts.passed;
  }
  if (counts.tested == 0) {
    cells_.erase(entry.cell);  // no other verdict points here: its count would be > 0
  }
}

Result<std::vector<CubeRow>> PassRateCube::Query(const CubeQuery& query) const {
  if (!(query.confidence > 0 && query.confidence < 1)) {
    return Status::InvalidArgument("confidence must lie in (0, 1)", "confidence");
  }
  std::map<std::vector<std::string>, BatchCounts> groups;
  for (const auto& [cell, counts] : cells_) {
    if (!Matches(cell, query)) {
      continue;
    }
    std::vector<std::string> key;
    key.reserve(query.group_by.size());
    for (CubeDimension dimension : query.group_by) {
      switch (dimension) {
        case CubeDimension::kProductCategory:
          key.push_back(cell.product_category);
          break;
        case CubeDimension::kRegion:
          key.push_back(RegionAtLevel(cell.region_code, query.region_level));
          break;
        case CubeDimension::kIndustry:
          key.push_back(cell.industry_code);
          break;
        case CubeDimension::kFirmSize:
          key.emplace_back(FirmSizeName(cell.firm_size));
          break;
        case CubeDimension::kPeriod:
          key.push_back(cell.period);
          break;
      }
    }
    BatchCounts& group = groups[std::move(key)];
    group.tested += counts.tested;
    group.passed += counts.passed;
  }
  std::vector<CubeRow> rows;
  rows.reserve(groups.size());
  for (auto& [key, counts] : groups) {
    ZQ_ASSIGN_OR_RETURN(PassRate rate,
                        EstimatePassRate(counts.passed, counts.tested, query.confidence));
    rows.push_back(CubeRow{key, rate});
  }
  return rows;
}

}  // namespace zq::inspection
