#include "core/clock.h"

namespace zq {

std::chrono::year_month_day Clock::TodayInChina() const {
  const auto china = Now() + std::chrono::hours(8);  // CST is UTC+8 all year.
  return std::chrono::year_month_day(std::chrono::floor<std::chrono::days>(china));
}

std::chrono::system_clock::time_point SystemClock::Now() const {
  return std::chrono::system_clock::now();
}

const SystemClock& SystemClock::Instance() {
  static const SystemClock clock;
  return clock;
}

}  // namespace zq
