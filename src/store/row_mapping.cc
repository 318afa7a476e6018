#include "store/row_mapping.h"

namespace zq::store {

Status ExecuteUnique(Transaction& tx, std::string_view sql, std::span<const Value> params,
                     Status conflict) {
  Result<std::int64_t> changed = tx.Execute(sql, params);
  if (!changed.ok() && changed.status().code() == StatusCode::kAlreadyExists)
    return conflict;
  return changed.status();
}

namespace row_mapping_internal {

bool IsPlainName(std::string_view expression) {
  if (expression.empty())
    return false;
  for (const char c : expression) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok)
      return false;
  }
  return true;
}

}  // namespace row_mapping_internal
}  // namespace zq::store
