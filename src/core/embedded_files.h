#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace zq {

// Files compiled into the binary by zq_embed() (cmake/embed.cmake): reference data under data/ and
// the SQL migrations. Paths are relative to the source root, e.g. "data/regions/gbt2260-2024.txt".
// The registry is filled before main() and read-only afterwards, so lookups are thread-safe.
std::optional<std::string_view> EmbeddedFile(std::string_view path);

// Every embedded path that starts with `prefix`, sorted.
std::vector<std::string_view> EmbeddedFilesUnder(std::string_view prefix);

// One static instance per embedded file registers it; only generated code makes these.
class EmbeddedFileRegistration {
 public:
  EmbeddedFileRegistration(std::string_view path, std::string_view contents);
};

}  // namespace zq
