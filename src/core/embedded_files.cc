#include "core/embedded_files.h"

#include <algorithm>
#include <map>

namespace zq {
namespace {

std::map<std::string_view, std::string_view>& Registry() {
  static std::map<std::string_view, std::string_view> files;
  return files;
}

}  // namespace

EmbeddedFileRegistration::EmbeddedFileRegistration(std::string_view path,
                                                   std::string_view contents) {
  Registry()[path] = contents;
}

std::optional<std::string_view> EmbeddedFile(std::string_view path) {
  auto it = Registry().find(path);
  if (it == Registry().end()) return std::nullopt;
  return it->second;
}

std::vector<std::string_view> EmbeddedFilesUnder(std::string_view prefix) {
  std::vector<std::string_view> out;
  for (const auto& [path, contents] : Registry()) {
    if (path.starts_with(prefix)) out.push_back(path);
  }
  return out;
}

}  // namespace zq
