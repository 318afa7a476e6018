#include "auth/totp.h"

#include <gtest/gtest.h>

namespace zq::auth {
namespace {

using std::chrono::seconds;
using std::chrono::system_clock;

// RFC 4226 Appendix D and RFC 6238 Appendix B: the SHA1 secret is the ASCII "12345678901234567890".
constexpr std::string_view kRfcSecret = "12345678901234567890";

TEST(Hotp, MatchesRfc4226AppendixD) {
  const std::uint32_t expected[] = {755224, 287082, 359152, 969429, 338314,
                                    254676, 287922, 162583, 399871, 520489};
  for (std::uint64_t counter = 0; counter < 10; ++counter) {
    EXPECT_EQ(Hotp(kRfcSecret, counter), expected[counter]) << counter;
  }
}

TEST(Totp, MatchesRfc6238AppendixBSha1Column) {
  const std::pair<std::int64_t, std::string_view> vectors[] = {
      {59, "94287082"},         {1111111109, "07081804"}, {1111111111, "14050471"},
      {1234567890, "89005924"}, {2000000000, "69279037"}, {20000000000, "65353130"}};
  for (const auto& [unix_time, code] : vectors) {
    const auto step = static_cast<std::uint64_t>(unix_time / 30);
    // The year 2603 is beyond system_clock's nanoseconds; the others go through the clock.
    if (unix_time < 9'000'000'000)
      EXPECT_EQ(TotpStep(system_clock::time_point(seconds(unix_time))), step) << unix_time;
    EXPECT_EQ(TotpCode(kRfcSecret, step, 8), code) << unix_time;
    // Six digits are the last six of eight (both are the same number modulo a power of ten).
    EXPECT_EQ(TotpCode(kRfcSecret, step), code.substr(2)) << unix_time;
  }
}

TEST(Totp, StepsAreThirtySeconds) {
  EXPECT_EQ(TotpStep(system_clock::time_point(seconds(29))), 0u);
  EXPECT_EQ(TotpStep(system_clock::time_point(seconds(30))), 1u);
  EXPECT_EQ(TotpStep(system_clock::time_point(seconds(59))), 1u);
}

// RFC 4648 §10 test vectors, without the padding.
TEST(Base32, MatchesRfc4648Vectors) {
  const std::pair<std::string_view, std::string_view> vectors[] = {{"", ""},
                                                                   {"f", "MY"},
                                                                   {"fo", "MZXQ"},
                                                                   {"foo", "MZXW6"},
                                                                   {"foob", "MZXW6YQ"},
                                                                   {"fooba", "MZXW6YTB"},
                                                                   {"foobar", "MZXW6YTBOI"}};
  for (const auto& [plain, encoded] : vectors) {
    EXPECT_EQ(Base32Encode(plain), encoded);
    EXPECT_EQ(Base32Decode(encoded).value(), plain);
  }
  EXPECT_EQ(Base32Decode("mzxw 6ytb oi======").value(), "foobar");
  EXPECT_EQ(Base32Decode("MZXW1").status().field(), "secret");  // '1' is not in the alphabet
}

TEST(Totp, OtpauthUriEscapesTheLabel) {
  EXPECT_EQ(OtpauthUri("Zhiqiang 质强", "admin", "GEZDGNBV"),
            "otpauth://totp/Zhiqiang%20%E8%B4%A8%E5%BC%BA:admin?secret=GEZDGNBV&issuer=Zhiqiang%"
            "20%E8%B4%A8%E5%BC%BA&algorithm=SHA1&digits=6&period=30");
}

}  // namespace
}  // namespace zq::auth
