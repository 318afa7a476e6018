#include "inspection/pass_rate_report.h"

#include <cctype>
#include <map>

#include "core/ids/region_code.h"

namespace zq::inspection {
namespace {

// "YYYY-MM" (a "YYYY-MM-DD" date is cut to its month); "" stays open.
Result<std::optional<std::string>> Period(const std::string& text, const char* field) {
  if (text.empty())
    return std::optional<std::string>();
  const std::string month = text.substr(0, 7);
  const bool shape = (text.size() == 7 || text.size() == 10) && month[4] == '-' &&
                     std::isdigit(static_cast<unsigned char>(month[0])) &&
                     std::isdigit(static_cast<unsigned char>(month[5])) &&
                     std::isdigit(static_cast<unsigned char>(month[6]));
  const int m = shape ? (month[5] - '0') * 10 + (month[6] - '0') : 0;
  if (!shape || m < 1 || m > 12)
    return Status::InvalidArgument("a period is YYYY-MM", field);
  return std::optional<std::string>(month);
}

ids::RegionLevel ChildLevel(const std::string& region) {
  if (region.empty())
    return ids::RegionLevel::kProvince;
  switch (ids::RegionCode{region}.level()) {
    case ids::RegionLevel::kProvince:
      return ids::RegionLevel::kCity;
    default:
      return ids::RegionLevel::kCounty;
  }
}

}  // namespace

Result<CubeDimension> ParseDimension(std::string_view text) {
  if (text == "category")
    return CubeDimension::kProductCategory;
  if (text == "region")
    return CubeDimension::kRegion;
  if (text == "industry")
    return CubeDimension::kIndustry;
  if (text == "size")
    return CubeDimension::kFirmSize;
  if (text == "period")
    return CubeDimension::kPeriod;
  return Status::InvalidArgument("by is category, region, industry, size or period", "by");
}

Result<PassRateReport> BuildPassRateReport(const PassRateStore& store, const auth::Caller& caller,
                                           const PassRateRequest& request) {
  const bool admin = caller.IsAdministrator();
  if (!caller.IsOfficial())
    return Status::PermissionDenied("pass rates are for officials");
  std::string region = request.region.empty() && !admin ? caller.region_code : request.region;
  if (!region.empty()) {
    if (!ids::ParseRegionCode(region).ok())
      return Status::InvalidArgument("region is a six-digit GB/T 2260 code", "region");
    if (!caller.CanSeeRegion(region))
      return Status::NotFound("no such region in your jurisdiction", "region");
  }
  if (request.target && !(*request.target >= 0 && *request.target <= 1))
    return Status::InvalidArgument("target is a proportion in [0, 1]", "target");
  CubeQuery query;
  if (!region.empty())
    query.region = ids::RegionCode{region};
  if (!request.category.empty())
    query.product_category = request.category;
  query.region_level = ChildLevel(region);
  ZQ_ASSIGN_OR_RETURN(query.period_from, Period(request.from, "from"));
  ZQ_ASSIGN_OR_RETURN(query.period_to, Period(request.to, "to"));
  CubeQuery earlier = query;
  ZQ_ASSIGN_OR_RETURN(earlier.period_from, Period(request.compare_from, "compare_from"));
  ZQ_ASSIGN_OR_RETURN(earlier.period_to, Period(request.compare_to, "compare_to"));
  const bool compare = earlier.period_from || earlier.period_to;
  if (query.period_from && query.period_to && *query.period_to < *query.period_from)
    return Status::InvalidArgument("the last month comes before the first", "to");
  if (earlier.period_from && earlier.period_to && *earlier.period_to < *earlier.period_from)
    return Status::InvalidArgument("the last month comes before the first", "compare_to");

  PassRateReport report;
  report.region = region;
  auto line_of =
      [&](const CubeRow& row,
          const std::map<std::vector<std::string>, PassRate>& then) -> Result<PassRateLine> {
    PassRateLine line;
    line.key = row.key.empty() ? "total" : row.key[0];
    line.rate = row.rate;
    if (auto it = then.find(row.key); it != then.end()) {
      line.earlier = it->second;
      ZQ_ASSIGN_OR_RETURN(line.change, PassRateChange(row.rate.passed, row.rate.tested,
                                                      it->second.passed, it->second.tested));
    }
    if (request.target) {
      ZQ_ASSIGN_OR_RETURN(line.target, CompareWithTarget(row.rate.wilson, *request.target));
    }
    return line;
  };
  for (const bool grouped : {true, false}) {
    query.group_by =
        grouped ? std::vector<CubeDimension>{request.by} : std::vector<CubeDimension>{};
    earlier.group_by = query.group_by;
    std::map<std::vector<std::string>, PassRate> then;
    if (compare) {
      ZQ_ASSIGN_OR_RETURN(std::vector<CubeRow> rows, store.Query(earlier));
      for (CubeRow& r : rows) then.emplace(std::move(r.key), r.rate);
    }
    ZQ_ASSIGN_OR_RETURN(std::vector<CubeRow> rows, store.Query(query));
    for (const CubeRow& row : rows) {
      ZQ_ASSIGN_OR_RETURN(PassRateLine line, line_of(row, then));
      if (grouped)
        report.lines.push_back(std::move(line));
      else
        report.total = std::move(line);
    }
  }
  return report;
}

}  // namespace zq::inspection
