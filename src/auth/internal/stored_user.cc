#include "auth/internal/stored_user.h"

#include <vector>

namespace zq::auth::internal {

const store::Columns<StoredUser>& StoredUserColumns() {
  using S = StoredUser;
  using U = UserInfo;
  constexpr auto i = &S::info;
  static const store::Columns<S> kColumns(
      "id", i, &U::id, "username", i, &U::username, "role", i, &U::role, ParseRole, "region_code",
      i, &U::region_code, "uscc", i, &U::uscc, "display_name", i, &U::display_name, "disabled", i,
      &U::disabled, "must_change_password", i, &U::must_change_password,
      "COALESCE((SELECT MAX(f.locked_until) FROM login_failures f "
      "WHERE f.username = users.username), '')",
      &S::locked_until, "created_at", i, &U::created_at, "password_hash", &S::password_hash,
      "totp_secret", &S::totp_secret, "totp_last_step", &S::totp_last_step);
  return kColumns;
}

StoredUser UserFromRow(const store::Row& row, std::string_view now) {
  StoredUser u = StoredUserColumns().FromRow(row);
  u.info.locked = !u.locked_until.empty() && u.locked_until > now;
  return u;
}

Result<std::optional<StoredUser>> FindUser(store::Transaction& tx, std::string_view username,
                                           std::string_view now) {
  const std::vector<store::Value> p = {std::string(username)};
  ZQ_ASSIGN_OR_RETURN(store::ResultSet rs,
                      tx.Query(StoredUserColumns().SelectFrom("users WHERE username = ?"), p));
  if (rs.rows.empty())
    return std::optional<StoredUser>();
  return std::optional<StoredUser>(UserFromRow(rs.rows[0], now));
}

}  // namespace zq::auth::internal
