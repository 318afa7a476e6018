#include "inspection/pass_rate_export.h"

#include <array>
#include <vector>

#include <fmt/format.h>

#include "core/csv.h"
#include "registry/records.h"

namespace zq::inspection {
namespace {

// The key's header and the name's, by dimension, in Chinese and English.
struct GroupHeader {
  CubeDimension by;
  std::string_view zh_code, zh_name, en_code, en_name;
};

constexpr std::array<GroupHeader, 5> kGroupHeaders{{
    {CubeDimension::kProductCategory, "产品类别代码", "产品类别", "Category code", "Category"},
    {CubeDimension::kRegion, "行政区划代码", "行政区划", "Region code", "Region"},
    {CubeDimension::kIndustry, "国民经济行业代码", "国民经济行业", "Industry code", "Industry"},
    {CubeDimension::kFirmSize, "企业规模代码", "企业规模", "Size code", "Size"},
    {CubeDimension::kPeriod, "月份代码", "月份", "Month code", "Month"},
}};

// The headers after the group's two: counts, rate, intervals, the earlier period, the change and
// the target, in Chinese and in English.
constexpr std::array<std::string_view, 14> kZhHeader = {"抽查批次",
                                                        "合格批次",
                                                        "合格率",
                                                        "Wilson 95%置信下限",
                                                        "Wilson 95%置信上限",
                                                        "Clopper–Pearson 95%置信下限",
                                                        "Clopper–Pearson 95%置信上限",
                                                        "对比期抽查批次",
                                                        "对比期合格批次",
                                                        "对比期合格率",
                                                        "较对比期变化",
                                                        "变化95%置信下限（Newcombe）",
                                                        "变化95%置信上限（Newcombe）",
                                                        "目标判定"};
constexpr std::array<std::string_view, 14> kEnHeader = {"Batches tested",
                                                        "Batches passed",
                                                        "Pass rate",
                                                        "Wilson 95% lower",
                                                        "Wilson 95% upper",
                                                        "Clopper–Pearson 95% lower",
                                                        "Clopper–Pearson 95% upper",
                                                        "Earlier batches tested",
                                                        "Earlier batches passed",
                                                        "Earlier pass rate",
                                                        "Change",
                                                        "Change 95% lower (Newcombe)",
                                                        "Change 95% upper (Newcombe)",
                                                        "Target"};

const GroupHeader& HeaderOf(CubeDimension by) {
  for (const GroupHeader& h : kGroupHeaders) {
    if (h.by == by)
      return h;
  }
  return kGroupHeaders[0];
}

// The machine line, byte for byte the layout scripts have read since the export began.
std::string CodesLine(const PassRateLine& l) {
  std::string line =
      fmt::format("{},{},{},{:.6f},{:.6f},{:.6f},{:.6f},{:.6f}", l.key, l.rate.tested,
                  l.rate.passed, l.rate.rate, l.rate.wilson.lower, l.rate.wilson.upper,
                  l.rate.clopper_pearson.lower, l.rate.clopper_pearson.upper);
  if (l.change) {
    line += fmt::format(",{:.6f},{:.6f},{:.6f}", l.change->difference, l.change->interval.lower,
                        l.change->interval.upper);
  } else {
    line += ",,,";
  }
  line += fmt::format(",{}\n", l.target ? TargetVerdictName(*l.target) : "");
  return line;
}

std::string Proportion(double p) { return fmt::format("{:.6f}", p); }

// A line for people: the code and name (guarded text), then numbers (unguarded: a change may be
// negative, and "'-0.05" would be text).
std::string PeopleLine(std::string_view code, std::string_view name, const PassRateLine& l,
                       bool zh) {
  std::vector<std::string> numbers = {std::to_string(l.rate.tested),
                                      std::to_string(l.rate.passed),
                                      Proportion(l.rate.rate),
                                      Proportion(l.rate.wilson.lower),
                                      Proportion(l.rate.wilson.upper),
                                      Proportion(l.rate.clopper_pearson.lower),
                                      Proportion(l.rate.clopper_pearson.upper)};
  if (l.earlier) {
    numbers.push_back(std::to_string(l.earlier->tested));
    numbers.push_back(std::to_string(l.earlier->passed));
    numbers.push_back(Proportion(l.earlier->rate));
  } else {
    numbers.insert(numbers.end(), 3, "");
  }
  if (l.change) {
    numbers.push_back(Proportion(l.change->difference));
    numbers.push_back(Proportion(l.change->interval.lower));
    numbers.push_back(Proportion(l.change->interval.upper));
  } else {
    numbers.insert(numbers.end(), 3, "");
  }
  std::string line = CsvField(code, FormulaGuard::kOn) + "," + CsvField(name, FormulaGuard::kOn);
  for (const std::string& n : numbers) line += "," + n;
  line += ",";
  if (l.target)
    line += zh ? TargetVerdictLabel(*l.target) : TargetVerdictName(*l.target);
  return line + "\r\n";
}

}  // namespace

std::string_view TargetVerdictLabel(TargetVerdict verdict) {
  switch (verdict) {
    case TargetVerdict::kMet:
      return "达标";
    case TargetVerdict::kNotMet:
      return "未达标";
    case TargetVerdict::kInconclusive:
      return "不确定";
  }
  return "未知";
}

Result<GroupNames> PassRateGroupNames(registry::Registry& registry, CubeDimension by,
                                      ExportHeaders headers) {
  GroupNames names;
  if (headers == ExportHeaders::kCodes)
    return names;
  switch (by) {
    case CubeDimension::kProductCategory: {
      ZQ_ASSIGN_OR_RETURN(const std::vector<registry::CatalogueEntry> catalogue,
                          registry.ListCatalogue());
      for (const registry::CatalogueEntry& c : catalogue) names.emplace(c.code, c.name);
      return names;
    }
    case CubeDimension::kRegion:
    case CubeDimension::kIndustry: {
      ZQ_ASSIGN_OR_RETURN(registry::Registry::ReferenceNames all, registry.AllReferenceNames());
      return by == CubeDimension::kRegion ? std::move(all.regions) : std::move(all.industries);
    }
    case CubeDimension::kFirmSize:
      for (const FirmSize s : {FirmSize::kLarge, FirmSize::kMedium, FirmSize::kSmall,
                               FirmSize::kMicro, FirmSize::kUnknown}) {
        registry::EntitySize size = registry::EntitySize::kUnknown;
        const bool known = registry::ParseEntitySize(FirmSizeName(s), size);
        names.emplace(FirmSizeName(s), headers == ExportHeaders::kChinese && known
                                           ? registry::EntitySizeLabel(size)
                                           : FirmSizeName(s));
      }
      return names;
    case CubeDimension::kPeriod:
      break;
  }
  return names;
}

std::string PassRateCsv(const PassRateReport& report, CubeDimension by, ExportHeaders headers,
                        const GroupNames& names) {
  if (headers == ExportHeaders::kCodes) {
    std::string csv =
        "key,tested,passed,rate,wilson_lower,wilson_upper,cp_lower,cp_upper,"
        "change,change_lower,change_upper,target\n";
    for (const PassRateLine& l : report.lines) csv += CodesLine(l);
    return csv + CodesLine(report.total);
  }
  const bool zh = headers == ExportHeaders::kChinese;
  const GroupHeader& group = HeaderOf(by);
  std::vector<std::string> header = {std::string(zh ? group.zh_code : group.en_code),
                                     std::string(zh ? group.zh_name : group.en_name)};
  for (const std::string_view h : zh ? kZhHeader : kEnHeader) header.emplace_back(h);
  std::string csv = "\xEF\xBB\xBF" + CsvLine(header);
  for (const PassRateLine& l : report.lines) {
    const auto it = names.find(l.key);
    const std::string_view name = it != names.end()              ? std::string_view(it->second)
                                  : by == CubeDimension::kPeriod ? std::string_view(l.key)
                                                                 : std::string_view();
    csv += PeopleLine(l.key, name, l, zh);
  }
  return csv + PeopleLine("", zh ? "合计" : "Total", report.total, zh);
}

std::string PassRateFileName(ExportHeaders headers, std::string_view date) {
  return DatedFileName(headers == ExportHeaders::kChinese ? "抽查合格率" : "pass-rates", date,
                       "csv");
}

}  // namespace zq::inspection
