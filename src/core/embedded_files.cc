#include "core/embedded_files.h"

#include <algorithm>
#include <map>
#include <mutex>

namespace zq {
namespace {

std::map<std::string_view, std::string_view>& Registry() {
  static std::map<std::string_view, std::string_view> files;
  return files;
}

std::mutex& RegistryMutex() {
  static std::mutex mu;
  return mu;
}

}  // namespace

void RegisterEmbeddedFile(std::string_view path, std::string_view contents) {
  std::lock_guard lock(RegistryMutex());
  Registry()[path] = contents;
}

std::optional<std::string_view> EmbeddedFile(std::string_view path) {
  std::lock_guard lock(RegistryMutex());
  auto it = Registry().find(path);
  if (it == Registry().end())
    return std::nullopt;
  return it->second;
}

std::vector<std::string_view> EmbeddedFilesUnder(std::string_view prefix) {
  std::lock_guard lock(RegistryMutex());
  std::vector<std::string_view> out;
  for (const auto& [path, contents] : Registry()) {
    if (path.starts_with(prefix))
      out.push_back(path);
  }
  return out;
}

}  // namespace zq
