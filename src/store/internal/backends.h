#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "store/database.h"

namespace zq::store::internal {

Result<std::unique_ptr<Database>> OpenSqlite(std::string_view path);
Result<std::unique_ptr<Database>> OpenPostgres(std::string_view url);

// Rewrites `?` placeholders to $1, $2, … outside string literals, quoted identifiers and
// comments (PostgreSQL's parameter syntax).
std::string NumberPlaceholders(std::string_view sql);

// The migration text for `backend`: `@ID@` becomes the backend's auto-increment primary key.
std::string ApplyDialect(std::string_view sql, Backend backend);

}  // namespace zq::store::internal
