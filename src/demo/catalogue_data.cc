#include "demo/catalogue_data.h"

namespace zq::demo {

using registry::CatalogueEntry;
using registry::RiskGrade;

const std::vector<CatalogueEntry>& IllustrativeCatalogue() {
  static const std::vector<CatalogueEntry> kEntries = {
      {"CP-01", "电线电缆", "", RiskGrade::kHigh, "CCC；工业产品生产许可证", "3831"},
      {"CP-02", "电动自行车", "", RiskGrade::kHigh, "CCC", "3770"},
      {"CP-03", "家用燃气灶具", "", RiskGrade::kHigh, "CCC", "3861"},
      {"CP-04", "儿童玩具", "", RiskGrade::kHigh, "CCC", "2452"},
      {"CP-05", "童车", "", RiskGrade::kHigh, "CCC", "2456"},
      {"CP-06", "危险化学品", "", RiskGrade::kHigh, "工业产品生产许可证", "2614"},
      {"CP-07", "化肥", "", RiskGrade::kMedium, "工业产品生产许可证", "2624"},
      {"CP-08", "农药", "", RiskGrade::kHigh, "农药管理条例", "2631"},
      {"CP-09", "水泥", "", RiskGrade::kMedium, "工业产品生产许可证", "3011"},
      {"CP-10", "建筑用钢筋", "", RiskGrade::kHigh, "工业产品生产许可证", "3130"},
      {"CP-11", "轮胎", "", RiskGrade::kMedium, "CCC", "2911"},
      {"CP-12", "汽车零部件", "", RiskGrade::kMedium, "CCC", "3670"},
      {"CP-13", "摩托车", "", RiskGrade::kMedium, "CCC", "3751"},
      {"CP-14", "锂离子电池", "", RiskGrade::kHigh, "产品质量法", "3841"},
      {"CP-15", "家用电冰箱", "", RiskGrade::kMedium, "CCC", "3851"},
      {"CP-16", "家用空调器", "", RiskGrade::kMedium, "CCC", "3852"},
      {"CP-17", "家用厨房电器", "", RiskGrade::kMedium, "CCC", "3854"},
      {"CP-18", "电光源及灯具", "", RiskGrade::kMedium, "CCC", "3871"},
      {"CP-19", "低压电器（开关插座）", "", RiskGrade::kHigh, "CCC", "3823"},
      {"CP-20", "电梯", "", RiskGrade::kHigh, "特种设备安全法", "3435"},
      {"CP-21", "锅炉", "", RiskGrade::kHigh, "特种设备安全法", "3411"},
      {"CP-22", "压力容器", "", RiskGrade::kHigh, "特种设备安全法", "3332"},
      {"CP-23", "起重机械", "", RiskGrade::kHigh, "特种设备安全法", "3431"},
      {"CP-24", "阀门", "", RiskGrade::kMedium, "产品质量法", "3443"},
      {"CP-25", "消防产品", "", RiskGrade::kHigh, "消防法；CCC", "3353"},
      {"CP-26", "食品相关产品（塑料包装）", "", RiskGrade::kHigh, "工业产品生产许可证", "2923"},
      {"CP-27", "纸制品", "", RiskGrade::kLow, "产品质量法", "2221"},
      {"CP-28", "服装", "", RiskGrade::kLow, "产品质量法", "1819"},
      {"CP-29", "鞋类", "", RiskGrade::kLow, "产品质量法", "1952"},
      {"CP-30", "家具", "", RiskGrade::kMedium, "产品质量法", "2110"},
      {"CP-31", "床上用品", "", RiskGrade::kLow, "产品质量法", "1771"},
      {"CP-32", "涂料", "", RiskGrade::kMedium, "产品质量法", "2641"},
      {"CP-33", "化妆品", "", RiskGrade::kMedium, "化妆品监督管理条例", "2682"},
      {"CP-34", "日用陶瓷", "", RiskGrade::kLow, "产品质量法", "3074"},
      {"CP-35", "建筑陶瓷", "", RiskGrade::kLow, "产品质量法", "3071"},
      {"CP-36", "平板玻璃", "", RiskGrade::kLow, "产品质量法", "3041"},
      {"CP-37", "乳制品", "", RiskGrade::kHigh, "食品安全法", "1442"},
      {"CP-38", "白酒", "", RiskGrade::kMedium, "食品安全法", "1512"},
      {"CP-39", "电动工具", "", RiskGrade::kMedium, "CCC", "3465"},
      {"CP-40", "配电变压器", "", RiskGrade::kMedium, "产品质量法", "3821"},
  };
  return kEntries;
}

std::pair<std::string_view, std::string_view> CatalogueFor(std::string_view industry_code,
                                                           std::uint64_t random) {
  const auto& all = IllustrativeCatalogue();
  for (const CatalogueEntry& c : all) {
    if (c.industry_code == industry_code)
      return {c.code, c.name};
  }
  std::vector<const CatalogueEntry*> same_division;
  for (const CatalogueEntry& c : all) {
    if (c.industry_code.substr(0, 2) == industry_code.substr(0, 2))
      same_division.push_back(&c);
  }
  if (!same_division.empty()) {
    const CatalogueEntry* c = same_division[random % same_division.size()];
    return {c->code, c->name};
  }
  const CatalogueEntry& c = all[random % all.size()];
  return {c.code, c.name};
}

}  // namespace zq::demo
