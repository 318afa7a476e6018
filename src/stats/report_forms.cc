// 统计报表: the built-in forms, their periods and figures, and the quality loss rate
// (report_forms.h).
#include "stats/report_forms.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include <boost/math/distributions/normal.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/calendar.h"

namespace zq::stats {
namespace {

constexpr double kLargestFigure = 1e9;  // 万元: ten trillion yuan
constexpr double kPlausibleLossRate = 0.20;

FormField Figure(std::string code, std::string zh, std::string en, FigureGroup group,
                 bool required = false) {
  return {.code = std::move(code),
          .name_zh = std::move(zh),
          .name_en = std::move(en),
          .group = group,
          .required = required};
}

// A whole number of `digits` digits at the start of `text`, or nullopt.
std::optional<int> Digits(std::string_view text, std::size_t digits) {
  if (text.size() < digits)
    return std::nullopt;
  int out = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + digits, out);
  if (ec != std::errc() || end != text.data() + digits)
    return std::nullopt;
  return out;
}

}  // namespace

const std::vector<ReportForm>& BuiltInReportForms() {
  using G = FigureGroup;
  static const std::vector<ReportForm> kForms = {{
      .code = "enterprise_quality",
      .version = 1,
      .name_zh = "企业质量统计表",
      .name_en = "Enterprise quality statistics",
      .unit = "万元",
      .period_kind = ReportPeriodKind::kYear,
      .due_months_after = 3,
      .fields =
          {
              Figure("output_value", "工业总产值（现行价）", "Gross industrial output value",
                     G::kOutputValue, true),
              Figure("scrap_loss", "报废损失费", "Scrap", G::kInternalFailure),
              Figure("rework_cost", "返修费", "Rework and repair", G::kInternalFailure),
              Figure("downgrade_loss", "降级损失", "Downgrading", G::kInternalFailure),
              Figure("stoppage_loss", "停工损失", "Stoppages caused by quality problems",
                     G::kInternalFailure),
              Figure("incident_cost", "质量事故分析处理费", "Quality incident analysis",
                     G::kInternalFailure),
              Figure("claims", "索赔费用", "Claims", G::kExternalFailure),
              Figure("returns_loss", "退货损失", "Returns", G::kExternalFailure),
              Figure("warranty_cost", "保修费", "Warranty", G::kExternalFailure),
              Figure("litigation_cost", "诉讼费", "Litigation", G::kExternalFailure),
              Figure("price_reduction_loss", "产品降价损失", "Price reductions after delivery",
                     G::kExternalFailure),
          },
  }};
  return kForms;
}

Result<const ReportForm*> FindReportForm(std::string_view code) {
  for (const ReportForm& form : BuiltInReportForms()) {
    if (form.code == code)
      return &form;
  }
  return Status::NotFound(fmt::format("no report form \"{}\"", code), "form");
}

Result<ReportPeriod> ParseReportPeriod(const ReportForm& form, std::string_view label) {
  const bool yearly = form.period_kind == ReportPeriodKind::kYear;
  const std::optional<int> year = Digits(label, 4);
  const bool shaped =
      yearly ? label.size() == 4
             : label.size() == 6 && label[4] == 'Q' && label[5] >= '1' && label[5] <= '4';
  if (!year || !shaped || *year < 2000) {
    return Status::InvalidArgument(
        yearly ? "the period of this form is a year from 2000 on, e.g. 2026"
               : "the period of this form is a quarter from 2000 on, e.g. 2026Q3",
        "period");
  }
  const int first_month = yearly ? 1 : (label[5] - '1') * 3 + 1;
  const int months = yearly ? 12 : 3;
  ZQ_ASSIGN_OR_RETURN(const std::int32_t first,
                      DayNumber(fmt::format("{:04}-{:02}-01", *year, first_month), "period"));
  ReportPeriod period;
  period.label = std::string(label);
  period.first_day = first;
  const std::int32_t next = AddMonths(first, months);
  period.last_day = next - 1;
  period.due_on = AddMonths(next, form.due_months_after) - 1;
  return period;
}

Result<FormFigures> ParseFormFigures(const ReportForm& form, const nlohmann::json& values) {
  if (!values.is_object())
    return Status::InvalidArgument("values is an object of the form's figures", "values");
  FormFigures out;
  for (const auto& [code, value] : values.items()) {
    const std::string field = "values." + code;
    const auto known =
        std::find_if(form.fields.begin(), form.fields.end(),
                     [&field](const FormField& f) { return "values." + f.code == field; });
    if (known == form.fields.end()) {
      return Status::InvalidArgument(
          fmt::format("the form {} has no figure \"{}\"", form.code, code), field);
    }
    if (!value.is_number())
      return Status::InvalidArgument(code + " is a number (" + form.unit + ")", field);
    const double v = value.get<double>();
    if (!std::isfinite(v) || v < 0 || v > kLargestFigure) {
      return Status::InvalidArgument(
          fmt::format("{} runs from 0 to {:.0f} ({})", code, kLargestFigure, form.unit), field);
    }
    out[code] = v;
  }
  for (const FormField& f : form.fields) {
    if (f.required && !out.contains(f.code))
      return Status::InvalidArgument(f.code + " is required", "values." + f.code);
    if (f.group == FigureGroup::kOutputValue && out.contains(f.code) && out[f.code] <= 0) {
      return Status::InvalidArgument(f.code + " is above 0: a firm without output files no form",
                                     "values." + f.code);
    }
  }
  return out;
}

FirmLossFigures LossFigures(const ReportForm& form, const FormFigures& figures) {
  FirmLossFigures out;
  for (const FormField& f : form.fields) {
    const auto it = figures.find(f.code);
    const double v = it == figures.end() ? 0 : it->second;
    switch (f.group) {
      case FigureGroup::kOutputValue:
        out.output_value += v;
        break;
      case FigureGroup::kInternalFailure:
        out.internal_failure += v;
        break;
      case FigureGroup::kExternalFailure:
        out.external_failure += v;
        break;
    }
  }
  return out;
}

std::vector<std::string> PlausibilityWarnings(const ReportForm& form, const FormFigures& figures) {
  std::vector<std::string> out;
  const FirmLossFigures f = LossFigures(form, figures);
  if (f.output_value > 0 &&
      f.internal_failure + f.external_failure > kPlausibleLossRate * f.output_value) {
    out.push_back(fmt::format(
        "the failure costs are {:.1f} % of the output value (above {:.0f} %): please check",
        100 * (f.internal_failure + f.external_failure) / f.output_value,
        100 * kPlausibleLossRate));
  }
  return out;
}

namespace {

// Σ numerator / Σ denominator with its linearised standard error (report_forms.h).
RatioEstimate Ratio(std::span<const FirmLossFigures> firms,
                    double (*numerator)(const FirmLossFigures&), double confidence) {
  RatioEstimate out;
  double sum_numerator = 0, sum_output = 0;
  for (const FirmLossFigures& f : firms) {
    sum_numerator += numerator(f);
    sum_output += f.output_value;
  }
  if (sum_output <= 0)
    return out;
  out.rate = sum_numerator / sum_output;
  if (firms.size() < 2)
    return out;
  double sum_squares = 0;
  for (const FirmLossFigures& f : firms) {
    const double residual = numerator(f) - out.rate * f.output_value;
    sum_squares += residual * residual;
  }
  const double n = static_cast<double>(firms.size());
  const double se = std::sqrt(n / (n - 1) * sum_squares) / sum_output;
  const double z = boost::math::quantile(boost::math::normal(), 0.5 + confidence / 2);
  out.standard_error = se;
  out.cv = out.rate > 0 ? std::optional(se / out.rate) : std::nullopt;
  out.lower = std::max(0.0, out.rate - z * se);
  out.upper = out.rate + z * se;
  return out;
}

}  // namespace

QualityLossRate EstimateQualityLossRate(std::span<const FirmLossFigures> firms, double confidence) {
  QualityLossRate out;
  out.confidence = confidence;
  out.firms = static_cast<int>(firms.size());
  for (const FirmLossFigures& f : firms) {
    out.internal_failure += f.internal_failure;
    out.external_failure += f.external_failure;
    out.output_value += f.output_value;
  }
  out.total = Ratio(
      firms, [](const FirmLossFigures& f) { return f.internal_failure + f.external_failure; },
      confidence);
  out.internal = Ratio(
      firms, [](const FirmLossFigures& f) { return f.internal_failure; }, confidence);
  out.external = Ratio(
      firms, [](const FirmLossFigures& f) { return f.external_failure; }, confidence);
  return out;
}

}  // namespace zq::stats
