#pragma once

#include <chrono>
#include <memory>

namespace zq {

// The source of "now" for everything with a deadline or an "as of". Production code takes a
// Clock& so tests can pass a FakeClock. Implementations are thread-safe.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::chrono::system_clock::time_point Now() const = 0;

  // Today's civil date in China Standard Time (UTC+8, no daylight saving), the zone in which
  // statutory deadlines are counted.
  std::chrono::year_month_day TodayInChina() const;
};

// The real wall clock.
class SystemClock final : public Clock {
 public:
  std::chrono::system_clock::time_point Now() const override;
  static const SystemClock& Instance();
};

// A clock that stands still until told to move. For tests.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(std::chrono::system_clock::time_point now) : now_(now) {}

  std::chrono::system_clock::time_point Now() const override { return now_; }

  void Set(std::chrono::system_clock::time_point now) { now_ = now; }

  void Advance(std::chrono::system_clock::duration d) { now_ += d; }

 private:
  std::chrono::system_clock::time_point now_;
};

}  // namespace zq
