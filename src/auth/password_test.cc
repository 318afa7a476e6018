#include "auth/password.h"

#include <gtest/gtest.h>

namespace zq::auth {
namespace {

// Small costs keep the suite fast under the sanitizers; the reference vector uses its own.
constexpr Argon2Params kCheap{.time_cost = 1, .memory_kib = 1024, .parallelism = 1};

// Reference vector of the Argon2 reference implementation (phc-winner-argon2 src/test.c, Argon2id
// v=0x13, t=2, m=2^16, p=1, password "password", salt "somesalt"); the `argon2` command-line tool
// from Debian prints the same string.
TEST(Argon2id, MatchesTheReferenceImplementationsVector) {
  Result<std::string> r = HashPasswordWithSalt(
      "password", "somesalt", Argon2Params{.time_cost = 2, .memory_kib = 65536, .parallelism = 1});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(
      *r, "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc");
}

TEST(Argon2id, VerifiesTheRightPasswordOnly) {
  std::string hash = *HashPassword("正确的马电池钉", kCheap);
  EXPECT_TRUE(hash.starts_with("$argon2id$v=19$"));
  EXPECT_TRUE(VerifyPassword("正确的马电池钉", hash));
  EXPECT_FALSE(VerifyPassword("正确的马电池", hash));
  EXPECT_FALSE(VerifyPassword("", hash));
}

TEST(Argon2id, SaltsEveryHash) {
  EXPECT_NE(*HashPassword("same password", kCheap), *HashPassword("same password", kCheap));
}

TEST(Argon2id, MalformedHashNeverVerifies) {
  EXPECT_FALSE(VerifyPassword("x", ""));
  EXPECT_FALSE(VerifyPassword("x", "$argon2id$v=19$garbage"));
  EXPECT_FALSE(VerifyPassword("x", "$2b$10$abcdefghijklmnopqrstuv"));
}

TEST(Argon2id, EmptyPasswordIsRejected) {
  Result<std::string> r = HashPassword("", kCheap);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().field(), "password");
}

}  // namespace
}  // namespace zq::auth
