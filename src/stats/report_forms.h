#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/result.h"

// 统计报表 (statistical report forms): the periodic forms firms file for the province's quality
// statistics, and the quality loss rate (质量损失率) computed from them. The forms are built in and
// versioned; report_store.h keeps who must file, the filings and their revisions.
namespace zq::stats {

// What a form's figure counts towards: the output value P, or the internal (C_i) or external
// (C_e) failure cost of the quality loss rate (GB/T 13339's cost categories).
enum class FigureGroup { kOutputValue, kInternalFailure, kExternalFailure };

struct FormField {
  std::string code;  // "scrap_loss"
  std::string name_zh, name_en;
  FigureGroup group = FigureGroup::kInternalFailure;
  bool required = false;  // a missing optional figure counts as 0
};

enum class ReportPeriodKind { kYear, kQuarter };

struct ReportForm {
  std::string code;  // "enterprise_quality"
  int version = 1;
  std::string name_zh, name_en;
  std::string unit;  // of every figure: "万元" (10,000 yuan, current prices)
  ReportPeriodKind period_kind = ReportPeriodKind::kYear;
  // Due on the last day of the n-th month after the period ends (3: a year's form by 31 March).
  int due_months_after = 3;
  std::vector<FormField> fields;
};

// The built-in forms (version 1): 企业质量统计表 (enterprise_quality, yearly): industrial output
// value and the failure costs by item.
const std::vector<ReportForm>& BuiltInReportForms();
// kNotFound (field "form") for an unknown code.
Result<const ReportForm*> FindReportForm(std::string_view code);

// A form's period: "2026" for a yearly form, "2026Q3" for a quarterly one; days are day numbers
// (core/calendar.h).
struct ReportPeriod {
  std::string label;
  std::int32_t first_day = 0, last_day = 0, due_on = 0;
};

// kInvalidArgument (field "period") for a label not of the form's kind or before 2000.
Result<ReportPeriod> ParseReportPeriod(const ReportForm& form, std::string_view label);

using FormFigures = std::map<std::string, double, std::less<>>;

// A filing's figures checked against the form: an object of the form's field codes, each a
// finite number from 0 to 1e9 (万元), every required one present, the output value above 0.
// kInvalidArgument naming "values.<code>" (or "values").
Result<FormFigures> ParseFormFigures(const ReportForm& form, const nlohmann::json& values);

// A sheet of figures (ReportStore::FileTable, ReportStore::Template): what each header names —
// "uscc" (uscc, 统一社会信用代码), "name" (name, 企业名称: read and ignored), "reason" (reason,
// 更正原因) or a figure's code (by its code or Chinese name), surrounding blanks trimmed.
// kInvalidArgument field "header" for an unknown or repeated column, or no uscc.
Result<std::vector<std::string>> ParseSheetHeader(const ReportForm& form,
                                                  std::span<const std::string> headers);

// One row of such a sheet, by the columns ParseSheetHeader gave: the USCC, the reason and the
// figures given (an empty cell is a figure not given). kInvalidArgument field "values.<code>" for
// a cell that is not a finite number. The figures are checked by ParseFormFigures when filed.
struct SheetRow {
  std::string uscc, reason;
  FormFigures values;  // by field code, as given
};

Result<SheetRow> ParseSheetRow(const ReportForm& form, std::span<const std::string> columns,
                               std::span<const std::string> fields);

// The header row of the sheet to fill in, in Chinese: 统一社会信用代码, 企业名称, each figure's
// Chinese name, 更正原因 (ParseSheetHeader reads it back).
std::vector<std::string> SheetHeaders(const ReportForm& form);

// Notes on figures that are allowed but unlikely, filed with them for the office to look at:
// failure costs above 20 % of the output value.
std::vector<std::string> PlausibilityWarnings(const ReportForm& form, const FormFigures& figures);

// One firm's figures as the loss rate sums them.
struct FirmLossFigures {
  double internal_failure = 0, external_failure = 0, output_value = 0;
};

FirmLossFigures LossFigures(const ReportForm& form, const FormFigures& figures);

// 质量损失率 over a set of firms: F = ΣC / ΣP with C = C_i + C_e (never the mean of the firms'
// rates), and F_i = ΣC_i / ΣP, F_e = ΣC_e / ΣP beside it (F = F_i + F_e). Each ratio's
// uncertainty treats the firms as a simple random sample of the region's firms (with
// replacement): the linearised standard error SE = sqrt(n/(n−1) · Σ (c_j − F p_j)²) / Σ p_j, as R
// survey's svyratio computes it, and the interval F ± z·SE (z for `confidence`, as survey's
// confint), its lower end not below 0. Fewer than two firms, or no output: no standard error.
struct RatioEstimate {
  double rate = 0;
  std::optional<double> standard_error, cv, lower, upper;
};

struct QualityLossRate {
  int firms = 0;
  double internal_failure = 0, external_failure = 0, output_value = 0;  // sums, 万元
  RatioEstimate total, internal, external;
  double confidence = 0.95;
};

QualityLossRate EstimateQualityLossRate(std::span<const FirmLossFigures> firms,
                                        double confidence = 0.95);

}  // namespace zq::stats
