#include "auth/password_policy.h"

#include <gtest/gtest.h>

namespace zq::auth {
namespace {

constexpr std::size_t kMin = 12;

Status Check(std::string_view password, std::string_view username = "jinan.reg") {
  return CheckPasswordStrength(password, username, kMin);
}

TEST(PasswordPolicy, CommonWordsWithDigitsAddedAreRefused) {
  for (const char* weak : {"Password123", "Password1234", "Password123!", "P@ssw0rd2026",
                           "p@ssw0rd-2026", "Welcome2024!", "2026!Welcome", "Qwerty123456",
                           "Admin-2026-!", "Zhiqiang2026!", "Summerday2026", "Beijing2008!"}) {
    const Status s = Check(weak);
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << weak;
    EXPECT_EQ(s.field(), "password") << weak;
  }
}

TEST(PasswordPolicy, KeyboardRunsAndSequencesAreRefused) {
  for (const char* weak : {"Abcd1234Efgh", "1qaz2wsx3edc4R", "Qwertyuiop12", "aaaaaaAAAA11"}) {
    EXPECT_EQ(Check(weak).field(), "password") << weak;
  }
}

TEST(PasswordPolicy, UserNameIsRefusedInAnyCase) {
  EXPECT_EQ(Check("Xx-JINAN.REG-9", "jinan.reg").field(), "password");
  EXPECT_EQ(Check("Xx-Jinan.Reg-9", "jinan.reg").field(), "password");
}

TEST(PasswordPolicy, LengthAndClassesStillApply) {
  EXPECT_EQ(Check("Sh0rt-Pass!").field(), "password");  // 11 characters
  EXPECT_EQ(Check("only lower case words").field(), "password");
  // Twelve characters counted as code points, not bytes.
  EXPECT_TRUE(Check("质量强省-Ab3-质量强省-").ok());
}

TEST(PasswordPolicy, PassphrasesAndRandomPasswordsPass) {
  for (const char* good :
       {"Quality-2026!", "Brand-New-Pass-1", "E2e-Passw0rd-2026", "Zq-Hk7mPq2xR9tWbNc-9a",
        "correct Horse battery 9", "Fresh-Pass-2027!"}) {
    EXPECT_TRUE(Check(good).ok()) << good << ": " << Check(good).ToString();
  }
}

}  // namespace
}  // namespace zq::auth
