#pragma once
// The columns of a market-entity file, shared by the export (which writes them) and the import
// (which reads any of their names back): each column's machine name, its Chinese and English
// headers, and whether it is a label written beside a code for people (行政区划 beside
// 行政区划代码), which the import accepts and ignores (internal).
#include <array>
#include <string_view>

#include "core/export_headers.h"
#include "registry/internal/csv_columns.h"

namespace zq::registry::internal {

// `code`: the machine header and the import's column; "" for a label column.
using EntityColumn = ExportColumn;

inline constexpr std::array<EntityColumn, 14> kEntityColumns = {{
    {"uscc", "统一社会信用代码", "USCC"},
    {"name", "名称", "Name"},
    {"legal_representative", "法定代表人", "Legal representative"},
    {"region_code", "行政区划代码", "Region code"},
    {"", "行政区划", "Region"},
    {"industry_code", "国民经济行业代码", "Industry code"},
    {"", "国民经济行业", "Industry"},
    {"type", "主体类型", "Type"},
    {"registered_capital", "注册资本（元）", "Registered capital (yuan)"},
    {"established_on", "成立日期", "Established on"},
    {"deregistered_on", "注销日期", "Deregistered on"},
    {"status", "登记状态", "Status"},
    {"size", "企业规模", "Size"},
    {"address", "住所", "Address"},
}};

// Every header of kEntityColumns other than the machine names, as the import's aliases.
inline constexpr std::array<ColumnAlias, 28> kEntityColumnAliases = [] {
  std::array<ColumnAlias, 28> out{};
  std::size_t i = 0;
  for (const EntityColumn& c : kEntityColumns) {
    out[i++] = ColumnAlias{c.zh, c.code};
    out[i++] = ColumnAlias{c.en, c.code};
  }
  return out;
}();

}  // namespace zq::registry::internal
