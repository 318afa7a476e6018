#include "store/row_mapping.h"

namespace zq::store::row_mapping_internal {

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

}  // namespace zq::store::row_mapping_internal
