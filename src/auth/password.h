#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace zq::auth {

// Argon2id cost parameters (RFC 9106). The defaults follow RFC 9106's second recommended option
// (64 MiB, 3 passes, 4 lanes); tests may lower them.
struct Argon2Params {
  std::uint32_t time_cost = 3;
  std::uint32_t memory_kib = 64 * 1024;
  std::uint32_t parallelism = 4;
};

// Hashes `password` with Argon2id (libargon2) under a fresh 16-byte random salt, returning the
// PHC string "$argon2id$v=19$m=…,t=…,p=…$salt$hash". kInvalidArgument for an empty password.
Result<std::string> HashPassword(std::string_view password, const Argon2Params& params = {});

// Hashes with a given salt: for the reference test vectors only.
Result<std::string> HashPasswordWithSalt(std::string_view password, std::string_view salt,
                                         const Argon2Params& params);

// True when `password` matches the PHC string `encoded`; false on mismatch or a malformed hash.
bool VerifyPassword(std::string_view password, std::string_view encoded);

}  // namespace zq::auth
