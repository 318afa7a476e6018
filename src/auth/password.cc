#include "auth/password.h"

#include <vector>

#include <argon2.h>

#include "auth/crypto.h"

namespace zq::auth {
namespace {

constexpr std::uint32_t kHashLength = 32;

}  // namespace

Result<std::string> HashPasswordWithSalt(std::string_view password, std::string_view salt,
                                         const Argon2Params& params) {
  if (password.empty())
    return Status::InvalidArgument("the password is empty", "password");
  const std::size_t encoded_len =
      argon2_encodedlen(params.time_cost, params.memory_kib, params.parallelism,
                        static_cast<std::uint32_t>(salt.size()), kHashLength, Argon2_id);
  std::vector<char> encoded(encoded_len);
  const int rc = argon2id_hash_encoded(params.time_cost, params.memory_kib, params.parallelism,
                                       password.data(), password.size(), salt.data(), salt.size(),
                                       kHashLength, encoded.data(), encoded.size());
  if (rc != ARGON2_OK) {
    return Status::InvalidArgument(std::string("argon2id: ") + argon2_error_message(rc),
                                   "password");
  }
  return std::string(encoded.data());
}

Result<std::string> HashPassword(std::string_view password, const Argon2Params& params) {
  return HashPasswordWithSalt(password, RandomBytes(16), params);
}

bool VerifyPassword(std::string_view password, std::string_view encoded) {
  const std::string encoded_z(encoded);  // libargon2 wants a NUL-terminated string
  return argon2id_verify(encoded_z.c_str(), password.data(), password.size()) == ARGON2_OK;
}

}  // namespace zq::auth
