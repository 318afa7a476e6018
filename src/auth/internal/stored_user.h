#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "auth/account_service.h"
#include "core/result.h"
#include "store/database.h"
#include "store/row_mapping.h"

// A user row as the account service reads it (users, with its latest lock from login_failures):
// shared by account management, sign-in and the second factor.
namespace zq::auth::internal {

struct StoredUser {
  UserInfo info;              // info.locked: set by FindUser as of its `now`
  std::string password_hash;  // Argon2id
  std::string locked_until;   // the latest lock of any source address, '' for none
  std::string totp_secret;    // sealed; '' without a second factor
  std::int64_t totp_last_step = 0;
};

const store::Columns<StoredUser>& StoredUserColumns();

// A row of StoredUserColumns(), info.locked as of `now`.
StoredUser UserFromRow(const store::Row& row, std::string_view now);

// The user `username`, or nullopt.
Result<std::optional<StoredUser>> FindUser(store::Transaction& tx, std::string_view username,
                                           std::string_view now);

}  // namespace zq::auth::internal
