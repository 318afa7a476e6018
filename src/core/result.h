#pragma once

#include <utility>
#include <variant>

#include "core/status.h"

namespace zq {

// A value of type T or the Status that explains why there is none (absl::StatusOr's shape).
// Accessing value() of a failed Result is a programming error and aborts.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::move(value)) {}  // NOLINT(google-explicit-constructor)

  Result(Status status) : data_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    ZQ_CHECK(!std::get<Status>(data_).ok());
  }

  bool ok() const { return std::holds_alternative<T>(data_); }

  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(data_);
  }

  T& value() & {
    ZQ_CHECK(ok());
    return std::get<T>(data_);
  }

  const T& value() const& {
    ZQ_CHECK(ok());
    return std::get<T>(data_);
  }

  T&& value() && {
    ZQ_CHECK(ok());
    return std::get<T>(std::move(data_));
  }

  T& operator*() & { return value(); }

  const T& operator*() const& { return value(); }

  T* operator->() { return &value(); }

  const T* operator->() const { return &value(); }

  T value_or(T fallback) const& { return ok() ? std::get<T>(data_) : std::move(fallback); }

 private:
  std::variant<Status, T> data_;
};

}  // namespace zq

// Declares or assigns `lhs` from the value of `expr` (a Result), or returns its Status.
#define ZQ_ASSIGN_OR_RETURN(lhs, expr) \
  ZQ_ASSIGN_OR_RETURN_IMPL(ZQ_STATUS_CONCAT(zq_result_, __COUNTER__), lhs, expr)

#define ZQ_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                             \
  if (!tmp.ok())                                 \
    return tmp.status();                         \
  lhs = std::move(tmp).value()
