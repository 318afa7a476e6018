#include "auth/crypto.h"

#include <algorithm>
#include <memory>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

namespace zq::auth {
namespace {

constexpr std::string_view kSealVersion = "v1:";
constexpr std::size_t kNonceSize = 16;
constexpr std::size_t kTagSize = 32;

struct CipherCtxFree {
  void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};

std::span<const std::uint8_t> Bytes(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

// Constant-time comparison so that tag checks do not leak how many bytes matched.
bool EqualConstantTime(std::string_view a, std::string_view b) {
  if (a.size() != b.size())
    return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    diff = static_cast<unsigned char>(
        diff | (static_cast<unsigned char>(a[i]) ^ static_cast<unsigned char>(b[i])));
  }
  return diff == 0;
}

}  // namespace

Sm3Digest Sm3(std::string_view data) {
  Sm3Digest out{};
  unsigned int len = 0;
  // GB/T 32905-2016; EVP_Digest fails only on allocation failure or a missing provider.
  ZQ_CHECK(EVP_Digest(data.data(), data.size(), out.data(), &len, EVP_sm3(), nullptr) == 1);
  ZQ_CHECK(len == out.size());
  return out;
}

Sm3Digest HmacSm3(std::span<const std::uint8_t> key, std::string_view data) {
  Sm3Digest out{};
  unsigned int len = 0;
  ZQ_CHECK(HMAC(EVP_sm3(), key.data(), static_cast<int>(key.size()),
                reinterpret_cast<const unsigned char*>(data.data()), data.size(), out.data(),
                &len) != nullptr);
  ZQ_CHECK(len == out.size());
  return out;
}

std::string ToHex(std::span<const std::uint8_t> bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (std::uint8_t b : bytes) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 0x0f]);
  }
  return out;
}

Result<std::string> FromHex(std::string_view hex) {
  if (hex.size() % 2 != 0)
    return Status::InvalidArgument("hex text has an odd length", "hex");
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9')
      return c - '0';
    if (c >= 'a' && c <= 'f')
      return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
      return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(hex.size() / 2);
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    int hi = nibble(hex[i]);
    int lo = nibble(hex[i + 1]);
    if (hi < 0 || lo < 0)
      return Status::InvalidArgument("not a hex character", "hex");
    out.push_back(static_cast<char>((hi << 4) | lo));
  }
  return out;
}

std::string RandomBytes(std::size_t n) {
  std::string out(n, '\0');
  ZQ_CHECK(RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) == 1);
  return out;
}

Result<std::string> Sm4Ctr(std::span<const std::uint8_t, 16> key,
                           std::span<const std::uint8_t, 16> iv, std::string_view data) {
  std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree> ctx(EVP_CIPHER_CTX_new());
  if (!ctx)
    return Status::Internal("cannot allocate a cipher context");
  if (EVP_EncryptInit_ex(ctx.get(), EVP_sm4_ctr(), nullptr, key.data(), iv.data()) != 1) {
    return Status::Internal("SM4-CTR is not available in this OpenSSL");
  }
  std::string out(data.size(), '\0');
  int len = 0;
  if (!data.empty() && EVP_EncryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(out.data()),
                                         &len, reinterpret_cast<const unsigned char*>(data.data()),
                                         static_cast<int>(data.size())) != 1) {
    return Status::Internal("SM4-CTR encryption failed");
  }
  int tail = 0;
  if (EVP_EncryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(out.data()) + len, &tail) !=
      1) {
    return Status::Internal("SM4-CTR finalisation failed");
  }
  return out;
}

Result<PersonalDataCipher> PersonalDataCipher::Create(std::string_view encryption_key,
                                                      std::string_view mac_key,
                                                      std::string_view index_key) {
  if (encryption_key.size() != 16) {
    return Status::InvalidArgument("the SM4 key must be 16 bytes", "encryption_key");
  }
  if (mac_key.size() != 32)
    return Status::InvalidArgument("the MAC key must be 32 bytes", "mac_key");
  if (index_key.size() != 32) {
    return Status::InvalidArgument("the index key must be 32 bytes", "index_key");
  }
  PersonalDataCipher cipher;
  std::copy(encryption_key.begin(), encryption_key.end(), cipher.encryption_key_.begin());
  cipher.mac_key_ = std::string(mac_key);
  cipher.index_key_ = std::string(index_key);
  return cipher;
}

std::string PersonalDataCipher::Seal(std::string_view plaintext) const {
  const std::string nonce = RandomBytes(kNonceSize);
  std::array<std::uint8_t, 16> iv{};
  std::copy(nonce.begin(), nonce.end(), iv.begin());
  Result<std::string> ciphertext = Sm4Ctr(encryption_key_, iv, plaintext);
  ZQ_CHECK(ciphertext.ok());  // only fails when OpenSSL lacks SM4, checked by the tests
  std::string body = nonce + *ciphertext;
  const Sm3Digest tag = HmacSm3(Bytes(mac_key_), std::string(kSealVersion) + body);
  return std::string(kSealVersion) + ToHex(Bytes(body)) + ToHex(tag);
}

Result<std::string> PersonalDataCipher::Open(std::string_view sealed) const {
  if (!sealed.starts_with(kSealVersion)) {
    return Status::InvalidArgument("sealed value has an unknown version", "ciphertext");
  }
  Result<std::string> decoded = FromHex(sealed.substr(kSealVersion.size()));
  if (!decoded.ok())
    return Status::InvalidArgument("sealed value is not hex", "ciphertext");
  const std::string& raw = *decoded;
  if (raw.size() < kNonceSize + kTagSize) {
    return Status::InvalidArgument("sealed value is too short", "ciphertext");
  }
  const std::string_view body(raw.data(), raw.size() - kTagSize);
  const std::string_view tag(raw.data() + body.size(), kTagSize);
  const Sm3Digest expected =
      HmacSm3(Bytes(mac_key_), std::string(kSealVersion) + std::string(body));
  const std::string_view expected_view(reinterpret_cast<const char*>(expected.data()),
                                       expected.size());
  if (!EqualConstantTime(tag, expected_view)) {
    return Status::PermissionDenied("personal data failed its integrity check", "ciphertext");
  }
  std::array<std::uint8_t, 16> iv{};
  std::copy(body.begin(), body.begin() + kNonceSize, iv.begin());
  return Sm4Ctr(encryption_key_, iv, body.substr(kNonceSize));
}

std::string PersonalDataCipher::BlindIndex(std::string_view value) const {
  return ToHex(HmacSm3(Bytes(index_key_), value));
}

}  // namespace zq::auth
