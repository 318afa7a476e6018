// libFuzzer target: 统计报表's parsers (stats/report_forms.h) over any text. Input format: byte 0
// picks the form's period kind (bit 0: quarterly) and, with bit 1, a sheet: the rest is CSV whose
// first record ParseSheetHeader reads (refused by "header", else distinct columns with a uscc) and
// whose other records ParseSheetRow reads (refused by a "values.…" field, else finite figures,
// which ParseFormFigures takes or refuses by a "values…" field). Without bit 1, a period label up
// to the first newline,
// then a filing's figures as JSON. ParseReportPeriod either refuses by the field "period" or
// gives first day ≤ last day < due date; ParseFormFigures either refuses by a "values…" field or
// gives finite figures from 0 to 1e9 with the output value above 0, whose loss rate (one firm,
// and the same firm twice) is a finite ratio equal to its parts' sum.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <set>
#include <sstream>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/csv.h"
#include "core/status.h"
#include "stats/report_forms.h"

namespace {

void CheckSheet(const zq::stats::ReportForm& form, std::string_view text) {
  ZQ_CHECK(zq::stats::ParseSheetHeader(form, zq::stats::SheetHeaders(form)).ok());
  std::istringstream in{std::string(text)};
  std::vector<std::string> columns;
  (void)zq::ReadCsv(in, [&](zq::CsvRecord& record) {
    if (!record.error.ok())
      return true;
    if (columns.empty()) {
      const auto header = zq::stats::ParseSheetHeader(form, record.fields);
      if (!header.ok()) {
        ZQ_CHECK(header.status().field() == "header");
        return false;
      }
      columns = *header;
      ZQ_CHECK(std::set<std::string>(columns.begin(), columns.end()).size() == columns.size());
      ZQ_CHECK(std::find(columns.begin(), columns.end(), "uscc") != columns.end());
      return true;
    }
    const auto row = zq::stats::ParseSheetRow(form, columns, record.fields);
    if (!row.ok()) {
      ZQ_CHECK(row.status().field().starts_with("values."));
      return true;
    }
    nlohmann::json values = nlohmann::json::object();
    for (const auto& [code, v] : row->values) {
      ZQ_CHECK(std::isfinite(v));
      values[code] = v;
    }
    const auto figures = zq::stats::ParseFormFigures(form, values);
    if (!figures.ok())
      ZQ_CHECK(figures.status().field().starts_with("values"));
    return true;
  });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1)
    return 0;
  zq::stats::ReportForm form = *zq::stats::FindReportForm("enterprise_quality").value();
  if (data[0] & 1) {
    form.period_kind = zq::stats::ReportPeriodKind::kQuarter;
    form.due_months_after = 1;
  }
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  if (data[0] & 2) {
    CheckSheet(form, text);
    return 0;
  }
  const std::size_t newline = text.find('\n');
  const std::string_view label = text.substr(0, newline);
  const auto period = zq::stats::ParseReportPeriod(form, label);
  if (!period.ok()) {
    ZQ_CHECK(period.status().field() == "period");
  } else {
    ZQ_CHECK(period->first_day <= period->last_day && period->last_day < period->due_on);
  }
  if (newline == std::string_view::npos)
    return 0;
  const nlohmann::json values = nlohmann::json::parse(text.substr(newline + 1), nullptr, false);
  if (values.is_discarded())
    return 0;
  const auto figures = zq::stats::ParseFormFigures(form, values);
  if (!figures.ok()) {
    ZQ_CHECK(figures.status().field().starts_with("values"));
    return 0;
  }
  for (const auto& [code, v] : *figures) ZQ_CHECK(std::isfinite(v) && v >= 0 && v <= 1e9);
  const zq::stats::FirmLossFigures firm = zq::stats::LossFigures(form, *figures);
  ZQ_CHECK(firm.output_value > 0);
  (void)zq::stats::PlausibilityWarnings(form, *figures);
  const zq::stats::FirmLossFigures twice[] = {firm, firm};
  for (const auto& r : {zq::stats::EstimateQualityLossRate({&firm, 1}),
                        zq::stats::EstimateQualityLossRate(twice)}) {
    ZQ_CHECK(std::isfinite(r.total.rate) && r.total.rate >= 0);
    ZQ_CHECK(std::abs(r.internal.rate + r.external.rate - r.total.rate) <=
             1e-12 * (1 + r.total.rate));
  }
  return 0;
}
