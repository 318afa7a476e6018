// The annual quality status report rendered from its snapshot as one HTML page
// (quality_report.h): Simplified Chinese, inline styles and SVG, no script, every number with
// its interval and the reference of its source ([S1]) listed in 数据来源 at the end.
#include <cmath>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "core/calendar.h"
#include "core/export_headers.h"
#include "stats/quality_report.h"

namespace zq::stats {
namespace {

using nlohmann::json;

std::string Escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string Text(const json& j, const char* key) {
  const auto it = j.find(key);
  if (it == j.end() || !it->is_string())
    return "";
  return Escape(it->get<std::string>());
}

std::string Percent(double share) { return fmt::format("{:.2f}%", 100 * share); }

std::string Cite(const json& item) {
  return item.contains("source") ? fmt::format(" <sup>[{}]</sup>", Text(item, "source")) : "";
}

// "93.50%（95% 置信区间 91.20%–95.30%，n = 200）[S1]", or "—" without a value.
std::string RateCell(const json& r) {
  if (!r.is_object())
    return "—";
  std::string out = Percent(r["rate"].get<double>());
  out += fmt::format("<br><small>95% 置信区间 {}–{}，抽查 {} 批次</small>",
                     Percent(r["lower"].get<double>()), Percent(r["upper"].get<double>()),
                     r["tested"].get<std::int64_t>());
  return out + Cite(r);
}

std::string LossCell(const json& l) {
  if (!l.is_object())
    return "—";
  std::string out = Percent(l["value"].get<double>());
  if (l.contains("lower"))
    out += fmt::format("<br><small>95% 置信区间 {}–{}</small>", Percent(l["lower"].get<double>()),
                       Percent(l["upper"].get<double>()));
  return out + Cite(l);
}

std::string ChangeCell(const json& c) {
  if (!c.is_object())
    return "—";
  const std::string verdict = c["verdict"].get<std::string>();
  const std::string_view label = verdict == "improved"   ? "改善"
                                 : verdict == "worsened" ? "下降"
                                                         : "无显著变化";
  return fmt::format("{:+.2f} 个百分点<br><small>95% 置信区间 {:+.2f} 至 {:+.2f}</small><br>{}",
                     100 * c["difference"].get<double>(), 100 * c["lower"].get<double>(),
                     100 * c["upper"].get<double>(), label);
}

// "B（84.00 分，第 2 名）[S7]", "D（一票否决，103.00 分，第 16 名）", or "未核查".
std::string GradeCell(const json& e) {
  if (!e.is_object())
    return "未核查";
  return fmt::format("{}（{}{:.2f} 分，第 {} 名）{}", Text(e, "grade"),
                     e.value("vetoed", false) ? "一票否决，" : "", e.value("total", 0.0),
                     e.value("rank", 0), Cite(e));
}

std::string GroupTable(const json& lines, std::string_view group_header) {
  if (!lines.is_array() || lines.empty())
    return "<p>本年度没有抽查结果。</p>\n";
  std::string out = fmt::format(
      "<table><tr><th>{}</th><th>本年合格率</th><th>上年合格率</th><th>变化</th></tr>\n",
      group_header);
  for (const json& line : lines) {
    out += fmt::format("<tr><td>{}{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                       Text(line, "name"), Cite(line), RateCell(line["rate"]),
                       RateCell(line["earlier"]), ChangeCell(line["change"]));
  }
  return out + "</table>\n";
}

std::string NamesOf(const json& keys, const json& lines) {
  std::string out;
  for (const json& key : keys) {
    for (const json& line : lines) {
      if (line["key"] == key)
        out += (out.empty() ? "" : "、") + Text(line, "name");
    }
  }
  return out.empty() ? "无" : out;
}

// The regions' pass rates as horizontal bars with their intervals as whiskers (0–100 %).
std::string RegionChart(const json& regions) {
  int shown = 0;
  std::string bars;
  for (const json& r : regions) {
    const json& rate = r["pass_rate"];
    if (!rate.is_object())
      continue;
    const double y = 8 + 22.0 * shown++;
    const auto x = [](double share) { return 120 + 400 * share; };
    bars += fmt::format(
        "<text x=\"112\" y=\"{:.0f}\" text-anchor=\"end\">{}</text>"
        "<rect x=\"120\" y=\"{:.0f}\" width=\"{:.1f}\" height=\"14\" fill=\"#5b8ff9\"/>"
        "<line x1=\"{:.1f}\" x2=\"{:.1f}\" y1=\"{:.0f}\" y2=\"{:.0f}\" stroke=\"#333\"/>\n",
        y + 11, Text(r, "name"), y, x(rate["rate"].get<double>()) - 120,
        x(rate["lower"].get<double>()), x(rate["upper"].get<double>()), y + 7, y + 7);
  }
  if (!shown)
    return "";
  return fmt::format(
      "<svg role=\"img\" aria-label=\"各地区监督抽查合格率\" width=\"540\" height=\"{}\" "
      "font-size=\"12\">{}</svg>\n<p><small>条形为合格率，横线为 95% 置信区间（0–100%）。"
      "</small></p>\n",
      16 + 22 * shown, bars);
}

std::string BeijingTime(const json& snapshot) {
  const auto t = ParseTimestamp(snapshot.value("generated_at", ""));
  return t.ok() ? FormatBeijingTime(*t) + "（北京时间）" : Text(snapshot, "generated_at");
}

std::string SourceLine(const json& s) {
  if (s["kind"] == "indicator_value") {
    return fmt::format(
        "指标 {}（规则版本 {}），地区 {}，统计期 {}，区间方法 {}，计算于 {}；输入：{}",
        Text(s, "indicator"), s.value("rule_version", 1), Text(s, "region"), Text(s, "period"),
        Text(s, "interval_method"), Text(s, "computed_at"), Escape(s["inputs"].dump()));
  }
  if (s["kind"] == "evaluation") {
    return fmt::format(
        "质量工作考核结果（核查），评分细则 {}（{}），考核年度 {} 至 {}，考核地区 {}",
        Text(s, "rules_name"), Text(s, "rules"), Text(s, "first_day"), Text(s, "last_day"),
        Text(s, "region"));
  }
  return fmt::format("合格率数据立方（{}），按 {} 汇总，地区 {}，月份 {}–{}，区间方法 {}",
                     Text(s, "description"), Text(s, "group_by"), Text(s, "region"),
                     Escape(s["months"][0].get<std::string>()),
                     Escape(s["months"][1].get<std::string>()), Text(s, "interval_method"));
}

}  // namespace

std::string QualityReportHtml(const QualityReportEdition& report) {
  const json& snapshot = report.snapshot;
  const json& region = snapshot["region"];
  const int year = snapshot.value("year", 0);
  std::string html = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
      "<title>{0}{1}年质量状况分析报告</title><style>"
      "body{{font-family:'Noto Sans CJK SC',sans-serif;max-width:960px;margin:2em auto;"
      "color:#222}}table{{border-collapse:collapse;width:100%;margin:1em 0}}"
      "th,td{{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}}"
      "th{{background:#f3f5f8}}small{{color:#666}}sup{{color:#1f5fbf}}"
      "</style></head><body>\n<h1>{0}{1}年质量状况分析报告</h1>\n"
      "<p>生成于 {2}，第 {3} 版，数据快照 SM3 {4}；文中每个数字后的 [S…] "
      "指向文末“数据来源”。</p>\n",
      Text(region, "name"), year, BeijingTime(snapshot), report.edition, Escape(report.digest));

  html +=
      "<h2>一、总体状况</h2>\n<table><tr><th>指标</th><th>本年</th><th>上年</th><th>变化"
      "</th></tr>\n";
  html += fmt::format("<tr><td>监督抽查批次合格率</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                      RateCell(region["pass_rate"]), RateCell(region["earlier_pass_rate"]),
                      ChangeCell(region["change"]));
  html += fmt::format("<tr><td>质量损失率</td><td>{}</td><td>{}</td><td>—</td></tr>\n</table>\n",
                      LossCell(region["loss_rate"]), LossCell(region["earlier_loss_rate"]));
  if (!region["loss_rate"].is_object())
    html +=
        "<p><small>本年质量损失率尚未计算：由统计报表（企业质量统计表）计算后重新生成本报告。"
        "</small></p>\n";

  const json& categories = snapshot["product_categories"];
  html +=
      "<h2>二、产品质量</h2>\n<h3>按重点监管产品类别</h3>\n" + GroupTable(categories, "产品类别");
  html += fmt::format(
      "<p>合格率显著改善的产品：{}。<br>合格率显著下降的产品：{}。<br><small>"
      "“显著”指本年与上年合格率之差的 95% 置信区间（Newcombe 混合得分法）不含 0。</small></p>\n",
      NamesOf(snapshot["improved"], categories), NamesOf(snapshot["worsened"], categories));
  html += "<h3>按企业规模</h3>\n" + GroupTable(snapshot["firm_sizes"], "企业规模");

  html += "<h2>三、区域分析</h2>\n";
  const json& regions = snapshot["regions"];
  if (!regions.is_array() || regions.empty()) {
    html += "<p>下级地区本年没有数据。</p>\n";
  } else {
    html += RegionChart(regions);
    const bool graded = snapshot.contains("evaluation");
    const int assessed = graded ? snapshot["evaluation"].value("assessment_year", 0) : 0;
    html += fmt::format(
        "<table><tr><th>地区</th><th>本年合格率</th><th>上年合格率</th><th>变化</th>"
        "<th>质量损失率</th>{}</tr>\n",
        graded ? fmt::format("<th>{}—{}年度质量工作考核</th>", assessed, assessed + 1) : "");
    for (const json& r : regions) {
      html +=
          fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>{}</tr>\n",
                      Text(r, "name"), RateCell(r["pass_rate"]), RateCell(r["earlier_pass_rate"]),
                      ChangeCell(r["change"]), LossCell(r["loss_rate"]),
                      graded ? "<td>" + GradeCell(r.value("evaluation", json())) + "</td>" : "");
    }
    html += "</table>\n";
  }

  html += "<h2>数据来源</h2>\n<ol class=\"sources\">\n";
  for (const json& s : snapshot["sources"])
    html += fmt::format("<li id=\"{0}\">[{0}] {1}</li>\n", Text(s, "id"), SourceLine(s));
  html +=
      "</ol>\n<p><small>合格率的区间为 Wilson 得分区间；变化的区间为 Newcombe（1998）方法 10；"
      "质量损失率 = 质量损失 ÷ 工业总产值，区间为比率估计的线性化标准误所得。</small></p>\n"
      "</body></html>\n";
  return html;
}

std::string QualityReportFileName(const QualityReportEdition& report, std::string_view extension) {
  const std::string name = report.snapshot["region"].value("name", report.region_code);
  return fmt::format("{}_{}年质量状况分析报告_第{}版.{}", name, report.year, report.edition,
                     extension);
}

}  // namespace zq::stats
