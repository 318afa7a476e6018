#include "core/status.h"

#include <gtest/gtest.h>

#include "core/result.h"

namespace zq {
namespace {

Result<int> Half(int n) {
  if (n % 2 != 0)
    return Status::InvalidArgument("odd number", "n");
  return n / 2;
}

Result<int> Quarter(int n) {
  ZQ_ASSIGN_OR_RETURN(int half, Half(n));
  ZQ_ASSIGN_OR_RETURN(int quarter, Half(half));
  return quarter;
}

TEST(Status, DefaultIsOk) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.ToString(), "OK");
}

TEST(Status, CarriesCodeMessageAndField) {
  Status s = Status::InvalidArgument("check character mismatch", "uscc");
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.field(), "uscc");
  EXPECT_EQ(s.ToString(), "INVALID_ARGUMENT: check character mismatch [uscc]");
  EXPECT_NE(std::string(s.location().file_name()).find("status_test.cc"), std::string::npos);
}

TEST(Result, AssignOrReturnPropagatesTheFirstError) {
  EXPECT_EQ(Quarter(8).value(), 2);
  Result<int> r = Quarter(6);  // 6 → 3 → odd
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().field(), "n");
}

}  // namespace
}  // namespace zq
