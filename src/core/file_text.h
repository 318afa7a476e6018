#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "core/result.h"

namespace zq {

// The whole of the file at `path`, its bytes as they are. kInvalidArgument ("cannot read <path>",
// `field`) when it cannot be opened or read: the commands name the option that gave the path.
Result<std::string> ReadFileText(const std::filesystem::path& path,
                                 std::string_view field = "file");

}  // namespace zq
