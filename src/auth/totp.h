#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

// One-time passwords for the second factor (双因素认证): HOTP (RFC 4226) and TOTP (RFC 6238) with
// HMAC-SHA1, the variant every authenticator app implements. Pure functions: thread-safe.
namespace zq::auth {

// RFC 6238 §4: T0 = 0, X = 30 seconds.
inline constexpr std::chrono::seconds kTotpStep{30};

// RFC 4648 §6 base32 without padding (the form otpauth:// URIs carry), and back; decoding ignores
// case, spaces and '=' padding, and answers kInvalidArgument (field "secret") for other characters.
std::string Base32Encode(std::string_view bytes);
Result<std::string> Base32Decode(std::string_view text);

// RFC 4226 §5.3: the `digits`-digit HOTP value of `key` at `counter` (1 ≤ digits ≤ 9).
std::uint32_t Hotp(std::string_view key, std::uint64_t counter, int digits = 6);

// RFC 6238 §4.2: the time step of `t` (seconds since the epoch divided by 30).
std::uint64_t TotpStep(std::chrono::system_clock::time_point t);

// The TOTP value at time step `step`, zero-padded to `digits` characters.
std::string TotpCode(std::string_view key, std::uint64_t step, int digits = 6);

// The provisioning URI authenticator apps read (Google Authenticator's "Key Uri Format"):
// otpauth://totp/ISSUER:ACCOUNT?secret=BASE32&issuer=ISSUER&algorithm=SHA1&digits=6&period=30.
std::string OtpauthUri(std::string_view issuer, std::string_view account,
                       std::string_view base32_secret);

}  // namespace zq::auth
