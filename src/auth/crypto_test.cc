#include "auth/crypto.h"

#include <gtest/gtest.h>

namespace zq::auth {
namespace {

std::span<const std::uint8_t> Bytes(const std::string& s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

// GB/T 32905-2016 Appendix A, examples 1 and 2.
TEST(Sm3, MatchesTheStandardsExamples) {
  EXPECT_EQ(ToHex(Sm3("abc")), "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
  std::string sixty_four;
  for (int i = 0; i < 16; ++i) sixty_four += "abcd";
  EXPECT_EQ(ToHex(Sm3(sixty_four)),
            "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732");
}

// Reference: `openssl dgst -sm3 -hmac Jefe` on RFC 2104/4231's test case 2 message.
TEST(HmacSm3, MatchesOpenSslCommandLine) {
  const std::string key = "Jefe";
  EXPECT_EQ(ToHex(HmacSm3(Bytes(key), "what do ya want for nothing?")),
            "2e87f1d16862e6d964b50a5200bf2b10b764faa9680a296a2405f24bec39f882");
}

// GB/T 32907-2016 Appendix A example 1: key = plaintext = 0123456789abcdeffedcba9876543210 gives
// 681edf34d206965e86b3e94f536e4246. In CTR mode the first keystream block is E(IV), so encrypting
// a zero block with IV = that plaintext must yield the standard's ciphertext.
TEST(Sm4Ctr, FirstKeystreamBlockIsTheStandardsCiphertext) {
  const std::string key_bytes = *FromHex("0123456789abcdeffedcba9876543210");
  std::array<std::uint8_t, 16> key{};
  std::copy(key_bytes.begin(), key_bytes.end(), key.begin());
  std::array<std::uint8_t, 16> iv = key;
  Result<std::string> out = Sm4Ctr(key, iv, std::string(16, '\0'));
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(ToHex(Bytes(*out)), "681edf34d206965e86b3e94f536e4246");
}

class PersonalDataCipherTest : public ::testing::Test {
 protected:
  PersonalDataCipher cipher_ =
      *PersonalDataCipher::Create(std::string(16, 'k'), std::string(32, 'm'), std::string(32, 'i'));
};

TEST_F(PersonalDataCipherTest, SealThenOpenGivesThePlaintextBack) {
  const std::string phone = "13812341234";
  std::string sealed = cipher_.Seal(phone);
  EXPECT_EQ(sealed.find(phone), std::string::npos);
  EXPECT_TRUE(sealed.starts_with("v1:"));
  EXPECT_EQ(*cipher_.Open(sealed), phone);
  EXPECT_EQ(*cipher_.Open(cipher_.Seal("张三")), "张三");
  EXPECT_EQ(*cipher_.Open(cipher_.Seal("")), "");
}

TEST_F(PersonalDataCipherTest, SameValueSealsDifferentlyEachTime) {
  EXPECT_NE(cipher_.Seal("370102199001011234"), cipher_.Seal("370102199001011234"));
}

TEST_F(PersonalDataCipherTest, EveryFlippedCharacterIsDetected) {
  const std::string sealed = cipher_.Seal("13812341234");
  for (std::size_t i = 3; i < sealed.size(); ++i) {
    std::string tampered = sealed;
    tampered[i] = tampered[i] == '0' ? '1' : '0';
    Result<std::string> r = cipher_.Open(tampered);
    ASSERT_FALSE(r.ok()) << "position " << i;
    EXPECT_EQ(r.status().code(), StatusCode::kPermissionDenied) << "position " << i;
  }
}

TEST_F(PersonalDataCipherTest, ValueSealedUnderAnotherKeyIsRejected) {
  PersonalDataCipher other =
      *PersonalDataCipher::Create(std::string(16, 'k'), std::string(32, 'x'), std::string(32, 'i'));
  Result<std::string> r = other.Open(cipher_.Seal("secret"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kPermissionDenied);
}

TEST_F(PersonalDataCipherTest, MalformedInputIsAnInvalidArgument) {
  for (std::string_view bad : {"", "v2:00", "v1:zz", "v1:0", "v1:00ff"}) {
    Result<std::string> r = cipher_.Open(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << bad;
    EXPECT_EQ(r.status().field(), "ciphertext") << bad;
  }
}

TEST_F(PersonalDataCipherTest, BlindIndexIsDeterministicAndKeyed) {
  EXPECT_EQ(cipher_.BlindIndex("13812341234"), cipher_.BlindIndex("13812341234"));
  EXPECT_NE(cipher_.BlindIndex("13812341234"), cipher_.BlindIndex("13812341235"));
  PersonalDataCipher other =
      *PersonalDataCipher::Create(std::string(16, 'k'), std::string(32, 'm'), std::string(32, 'j'));
  EXPECT_NE(cipher_.BlindIndex("13812341234"), other.BlindIndex("13812341234"));
}

TEST(PersonalDataCipherCreate, RejectsKeysOfTheWrongSize) {
  Result<PersonalDataCipher> r =
      PersonalDataCipher::Create(std::string(15, 'k'), std::string(32, 'm'), std::string(32, 'i'));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().field(), "encryption_key");
}

}  // namespace
}  // namespace zq::auth
