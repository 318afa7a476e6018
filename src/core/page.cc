#include "core/page.h"

#include <fmt/format.h>

namespace zq {

Status CheckPage(int page, int page_size) {
  if (page < 1)
    return Status::InvalidArgument("page starts at 1", "page");
  if (page_size < 1 || page_size > kMaxPageSize) {
    return Status::InvalidArgument(fmt::format("page_size must be 1 to {}", kMaxPageSize),
                                   "page_size");
  }
  return Status::Ok();
}

}  // namespace zq
