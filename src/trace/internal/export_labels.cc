#include "trace/internal/export_labels.h"

#include <utility>

#include "core/calendar.h"
#include "core/export_headers.h"

namespace zq::trace::internal {
namespace {

using Label = std::pair<std::string_view, std::string_view>;

// The console's terms for the steps (web/src/views/trace/trace.ts), and the rest in kind.
constexpr std::array<Label, 9> kCteLabels = {{
    {"commissioning", "生产/赋码"},
    {"production", "加工产出"},
    {"transformation", "加工转化"},
    {"shipping", "发货"},
    {"receiving", "收货"},
    {"aggregation", "装箱"},
    {"disaggregation", "拆箱"},
    {"decommissioning", "注销"},
    {"observation", "观察记录"},
}};

// UN/ECE Recommendation 20 codes that EPCIS quantities commonly carry.
constexpr std::array<Label, 14> kUnitLabels = {{
    {"KGM", "千克"},
    {"GRM", "克"},
    {"TNE", "吨"},
    {"LTR", "升"},
    {"MLT", "毫升"},
    {"MTR", "米"},
    {"MTK", "平方米"},
    {"MTQ", "立方米"},
    {"H87", "件"},
    {"C62", "个"},
    {"EA", "个"},
    {"DZN", "打"},
    {"PR", "双"},
    {"SET", "套"},
}};

// CBV 2.0 §8.5 business transaction types.
constexpr std::array<Label, 13> kDocumentLabels = {{
    {"bol", "提单"},
    {"cert", "证书"},
    {"desadv", "发货通知"},
    {"inv", "发票"},
    {"pedigree", "流通谱系"},
    {"po", "采购订单"},
    {"poc", "采购订单确认"},
    {"prodorder", "生产订单"},
    {"recadv", "收货通知"},
    {"rma", "退货授权"},
    {"testprd", "检验规程"},
    {"testres", "检验结果"},
    {"upevt", "上游事件"},
}};

template <std::size_t N>
std::string_view LabelOf(const std::array<Label, N>& labels, std::string_view code) {
  for (const auto& [c, label] : labels) {
    if (c == code)
      return label;
  }
  return code;
}

}  // namespace

std::string_view CteLabel(std::string_view cte) { return LabelOf(kCteLabels, cte); }

std::string_view UnitLabel(std::string_view uom) { return LabelOf(kUnitLabels, uom); }

std::string DocumentsLabel(std::string_view documents) {
  std::string out;
  while (!documents.empty()) {
    const std::size_t end = documents.find("; ");
    const std::string_view doc = documents.substr(0, end);
    const std::size_t space = doc.find(' ');
    if (!out.empty())
      out += "; ";
    if (space == std::string_view::npos)
      out += doc;
    else
      out.append(LabelOf(kDocumentLabels, doc.substr(0, space))).append(doc.substr(space));
    documents = end == std::string_view::npos ? std::string_view() : documents.substr(end + 2);
  }
  return out;
}

std::string BeijingTimeText(std::string_view utc) {
  const Result<std::chrono::sys_time<std::chrono::milliseconds>> t = ParseTimestamp(utc);
  return t.ok() ? FormatBeijingTime(*t) : std::string(utc);
}

}  // namespace zq::trace::internal
