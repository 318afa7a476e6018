#pragma once

#include "inspection/internal/result_rows.h"
#include "inspection/result_service.h"

// The private pieces ResultService's .cc files share.
namespace zq::inspection {

struct ResultService::Scoped {
  internal::BatchRow row;
  internal::Reach reach = internal::Reach::kNone;
};

}  // namespace zq::inspection
