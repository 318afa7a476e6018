#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "registry/internal/entity_sql.h"
#include "registry/registry.h"

// Full-text search of entity names and addresses (issue 22): the words of a query each match a
// substring, answered from a trigram index (SQLite FTS5 `entity_search`, registry migration 0008;
// PostgreSQL pg_trgm GIN indexes) instead of a scan of the table.
namespace zq::registry::internal {

// A trigram index answers words of this many characters or more.
inline constexpr std::size_t kIndexedWordChars = 3;

// The words of a query: split at ASCII white space and the ideographic space (U+3000).
std::vector<std::string> SplitWords(std::string_view query);

// The number of characters (code points) of UTF-8 text.
std::size_t CharCount(std::string_view utf8);

// Adds the conditions of filter.name_contains and filter.address_contains to `w`: every word of
// both must occur (a substring, exactly as instr() / strpos() find it). Words of three characters
// or more come from the trigram index; shorter ones filter what the index found. When no word of
// either has three characters, the first name word must begin the name (a range of the index on
// name: NameMatchOf says why). kInvalidArgument (field "address") when the address has words but
// none of three characters and the name none at all.
Status AddTextConditions(store::Transaction& tx, const EntityFilter& filter, Where& w);

// The ORDER BY of a name search: closeness to the query (the name is the query, begins with it,
// holds it whole, holds its words apart), then the shorter name, then region and USCC; for a
// prefix (no word of three characters) the order of the index on name. Its parameters are
// appended to `params`.
std::string ClosenessOrder(store::Backend backend, const EntityFilter& filter,
                           std::vector<store::Value>& params);

}  // namespace zq::registry::internal
