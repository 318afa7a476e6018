#include "core/file_text.h"

#include <fstream>
#include <sstream>

namespace zq {

Result<std::string> ReadFileText(const std::filesystem::path& path, std::string_view field) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (in)
    text << in.rdbuf();
  if (!in || in.bad())
    return Status::InvalidArgument("cannot read " + path.string(), std::string(field));
  return text.str();
}

}  // namespace zq
