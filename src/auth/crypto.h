#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "core/result.h"

// Chinese commercial cryptography (商用密码) through OpenSSL 3: SM3 (GB/T 32905-2016) digests and
// HMAC-SM3, SM4 (GB/T 32907-2016) in CTR mode. We write no cipher code of our own.
namespace zq::auth {

using Sm3Digest = std::array<std::uint8_t, 32>;

// SM3 digest of `data`.
Sm3Digest Sm3(std::string_view data);

// HMAC (RFC 2104) with SM3 as the hash.
Sm3Digest HmacSm3(std::span<const std::uint8_t> key, std::string_view data);

// Lower-case hex of bytes, and back (kInvalidArgument on odd length or a non-hex character).
std::string ToHex(std::span<const std::uint8_t> bytes);
Result<std::string> FromHex(std::string_view hex);

// `n` bytes from OpenSSL's CSPRNG.
std::string RandomBytes(std::size_t n);

// Raw SM4-CTR: the keystream XORed with `data`. Same call encrypts and decrypts. Exposed for the
// standard's test vectors; use PersonalDataCipher for storage.
Result<std::string> Sm4Ctr(std::span<const std::uint8_t, 16> key,
                           std::span<const std::uint8_t, 16> iv, std::string_view data);

// Authenticated encryption of personal data at rest (个人信息): SM4-CTR with a fresh random
// 16-byte nonce, then HMAC-SM3 over version ‖ nonce ‖ ciphertext (encrypt-then-MAC), with
// independent encryption and MAC keys. Sealed form: "v1:" + hex(nonce ‖ ciphertext ‖ tag).
// Also gives a keyed blind index (HMAC-SM3 under a third key) for exact-match search.
// Immutable after construction: thread-safe.
class PersonalDataCipher {
 public:
  // Keys must be 16 (SM4), 32 (MAC) and 32 (index) bytes; kInvalidArgument otherwise.
  static Result<PersonalDataCipher> Create(std::string_view encryption_key,
                                           std::string_view mac_key, std::string_view index_key);

  std::string Seal(std::string_view plaintext) const;

  // kInvalidArgument ("field": "ciphertext") when the text is malformed, kPermissionDenied when
  // the tag does not verify (tampered, or sealed under another key).
  Result<std::string> Open(std::string_view sealed) const;

  // Deterministic keyed hash of a normalised value, for `WHERE phone_index = ?` look-ups.
  std::string BlindIndex(std::string_view value) const;

 private:
  PersonalDataCipher() = default;
  std::array<std::uint8_t, 16> encryption_key_{};
  std::string mac_key_;
  std::string index_key_;
};

}  // namespace zq::auth
