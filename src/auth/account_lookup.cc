#include "auth/account_lookup.h"

#include <vector>

namespace zq::auth {

Result<std::optional<Caller>> FindEnabledAccount(store::Transaction& tx,
                                                 std::string_view username) {
  const std::vector<store::Value> key = {std::string(username)};
  ZQ_ASSIGN_OR_RETURN(
      store::ResultSet rs,
      tx.Query("SELECT role, region_code, uscc FROM users WHERE username = ? AND disabled = 0",
               key));
  if (rs.rows.empty())
    return std::optional<Caller>();
  Caller c;
  c.actor = std::string(username);
  if (!ParseRole(rs.rows[0].GetText(0), c.role))
    return std::optional<Caller>();
  c.region_code = rs.rows[0].GetText(1);
  c.uscc = rs.rows[0].GetText(2);
  return std::optional<Caller>(std::move(c));
}

}  // namespace zq::auth
