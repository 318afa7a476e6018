#pragma once

#include <span>
#include <string>
#include <string_view>

#include "core/status.h"

namespace zq::store::internal {

// Table and column names are spliced into SQL by the bulk path, so they must be plain
// identifiers written by us: [a-z_][a-z0-9_]*.
inline bool IsPlainIdentifier(std::string_view name) {
  if (name.empty() || name.size() > 63)
    return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool ok = (c >= 'a' && c <= 'z') || c == '_' || (i > 0 && c >= '0' && c <= '9');
    if (!ok)
      return false;
  }
  return true;
}

inline Status CheckBulkTarget(std::string_view table, std::span<const std::string> columns) {
  if (!IsPlainIdentifier(table))
    return Status::InvalidArgument("bad table name", "table");
  if (columns.empty())
    return Status::InvalidArgument("no columns", "columns");
  for (const std::string& c : columns) {
    if (!IsPlainIdentifier(c))
      return Status::InvalidArgument("bad column name", "columns");
  }
  return Status::Ok();
}

}  // namespace zq::store::internal
