#pragma once
// Console accounts as other modules may see them: who holds a user name, without its secrets.
#include <optional>
#include <string>
#include <string_view>

#include "auth/caller.h"
#include "core/result.h"
#include "store/database.h"

namespace zq::auth {

// The role and jurisdiction of the enabled console account `username`, read in `tx` (so that a
// module linking a record to an account sees the accounts of its own transaction); nullopt when
// no enabled account has that name. The password, sessions and lockout stay in auth/.
Result<std::optional<Caller>> FindEnabledAccount(store::Transaction& tx, std::string_view username);

}  // namespace zq::auth
