#pragma once
// The columns of the trace spreadsheets (trace_export.h) with their headers in the machine layout,
// in Chinese and in English, and the Chinese labels of the coded values they hold (internal).
#include <array>
#include <string>
#include <string_view>

#include "core/export_headers.h"

namespace zq::trace::internal {

using TraceColumn = ExportColumn;

// The key data elements, a row per critical tracking event. The machine headers are those the
// export has always had.
inline constexpr std::array<TraceColumn, 19> kKdeColumns = {{
    {"event time (UTC)", "事件时间（北京时间）", "Event time (Beijing)"},
    {"critical tracking event", "关键追溯环节", "Critical tracking event"},
    {"traceability lot code / item", "追溯批次/单品", "Traceability lot code / item"},
    {"quantity", "数量", "Quantity"},
    {"unit of measure", "计量单位", "Unit of measure"},
    {"location", "地点", "Location"},
    {"location firm USCC", "地点企业统一社会信用代码", "Location firm USCC"},
    {"location firm", "地点企业", "Location firm"},
    {"location region", "地点企业行政区划代码", "Location firm region code"},
    {"", "地点企业行政区划", "Location firm region"},
    {"ship-to / ship-from / input / output", "收货方/发货方/投入/产出",
     "Ship-to / ship-from / input / output"},
    {"counterpart firm USCC", "对方企业统一社会信用代码", "Counterpart firm USCC"},
    {"counterpart firm", "对方企业", "Counterpart firm"},
    {"counterpart region", "对方企业行政区划代码", "Counterpart firm region code"},
    {"", "对方企业行政区划", "Counterpart firm region"},
    {"container", "容器/包装", "Container"},
    {"hops", "环节数", "Hops"},
    {"reference documents", "关联单据", "Reference documents"},
    {"event ID", "事件标识", "Event ID"},
}};

// A forward trace's destinations: where the goods arrived, how much and when.
inline constexpr std::array<TraceColumn, 11> kDestinationColumns = {{
    {"location", "地点", "Location"},
    {"firm USCC", "企业统一社会信用代码", "Firm USCC"},
    {"firm", "企业", "Firm"},
    {"region", "行政区划代码", "Region code"},
    {"", "行政区划", "Region"},
    {"what", "批次/单品", "Lot / item"},
    {"quantity", "数量", "Quantity"},
    {"uom", "计量单位", "Unit of measure"},
    {"first arrival (UTC)", "首次到达（北京时间）", "First arrival (Beijing)"},
    {"last arrival (UTC)", "最近到达（北京时间）", "Last arrival (Beijing)"},
    {"hops", "环节数", "Hops"},
}};

// A forward trace's holders now.
inline constexpr std::array<TraceColumn, 10> kHolderColumns = {{
    {"location", "地点", "Location"},
    {"firm USCC", "企业统一社会信用代码", "Firm USCC"},
    {"firm", "企业", "Firm"},
    {"region", "行政区划代码", "Region code"},
    {"", "行政区划", "Region"},
    {"what", "批次/单品", "Lot / item"},
    {"quantity", "数量", "Quantity"},
    {"uom", "计量单位", "Unit of measure"},
    {"since (UTC)", "持有起始（北京时间）", "Since (Beijing)"},
    {"in transit", "在途", "In transit"},
}};

// A backward trace's inputs and their origins.
inline constexpr std::array<TraceColumn, 10> kInputColumns = {{
    {"input", "原料批次/单品", "Input"},
    {"hops", "环节数", "Hops"},
    {"quantity used", "投入数量", "Quantity used"},
    {"uom", "计量单位", "Unit of measure"},
    {"origin", "来源地点", "Origin"},
    {"origin firm USCC", "来源企业统一社会信用代码", "Origin firm USCC"},
    {"origin firm", "来源企业", "Origin firm"},
    {"origin region", "来源企业行政区划代码", "Origin firm region code"},
    {"", "来源企业行政区划", "Origin firm region"},
    {"first recorded (UTC)", "首次记录（北京时间）", "First recorded (Beijing)"},
}};

inline constexpr std::array<TraceColumn, 1> kCycleColumns = {{
    {"cycle (bad data, cut)", "循环（数据有误，已截断）", "Cycle (bad data, cut)"},
}};

// The Chinese label of a critical tracking event (shipping → 发货; the console's terms), of a
// UN/ECE Recommendation 20 unit code (KGM → 千克), and of the CBV 2.0 business transaction types
// in a row's documents ("po urn:…; inv urn:…" → "采购订单 urn:…; 发票 urn:…"); a value without a
// label is given back as it is.
std::string_view CteLabel(std::string_view cte);
std::string_view UnitLabel(std::string_view uom);
std::string DocumentsLabel(std::string_view documents);

// A stored instant ("2026-03-04T10:00:30.000Z") in Beijing time ("2026-03-04 18:00:30"); "" and
// text that is not an instant are given back as they are.
std::string BeijingTimeText(std::string_view utc);

}  // namespace zq::trace::internal
