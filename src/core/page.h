#pragma once

#include <cstdint>
#include <vector>

#include "core/status.h"

// Lists (DESIGN conventions): one page type and one maximum page size for every list the
// platform answers, so that a client pages every list the same way.
namespace zq {

inline constexpr int kMaxPageSize = 500;

struct Page {
  int page = 1;        // 1-based
  int page_size = 20;  // 1..kMaxPageSize
};

// Counting every match of a broad search costs a scan of the table, so totals may be counted up
// to this many rows; beyond it `total_exact` is false and `total` is this bound.
inline constexpr std::int64_t kMaxCountedTotal = 10'000;

template <typename T>
struct PageOf {
  std::vector<T> items;
  std::int64_t total = 0;
  bool total_exact = true;
  int page = 1;
  int page_size = 20;
};

// kInvalidArgument with field "page" (below 1) or "page_size" (outside 1..kMaxPageSize).
Status CheckPage(int page, int page_size);

inline Status CheckPage(const Page& page) { return CheckPage(page.page, page.page_size); }

}  // namespace zq
