#pragma once

#include <string>
#include <vector>

#include "core/result.h"

namespace zq::store::internal {

// SM3 (GB/T 32905) of a file's bytes, in lower-case hex. kUnavailable when it cannot be read.
Result<std::string> FileSm3(const std::string& path);

// Writes "<path>.sm3" for the file at `path`.
Status WriteChecksum(const std::string& path);

// kFailedPrecondition (field "backup") unless "<path>.sm3" matches the file.
Status VerifyChecksum(const std::string& path);

// Runs a program with arguments (no shell), returning kUnavailable with its output when it fails.
Status RunProgram(const std::vector<std::string>& argv);

}  // namespace zq::store::internal
