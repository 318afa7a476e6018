#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace zq::store::internal {

// HMAC-SM3 (GB/T 32905, RFC 2104) of a file's bytes under `key`, in lower-case hex. kUnavailable
// when the file cannot be read.
Result<std::string> FileHmacSm3(const std::string& path, std::string_view key);

// Writes "<path>.hmac-sm3" for the backup at `path`, and removes an old "<path>.sm3".
Status WriteBackupMac(const std::string& path, std::string_view key);

// Runs a program with arguments (no shell), returning kUnavailable with its output when it fails.
Status RunProgram(const std::vector<std::string>& argv);

// The lock file beside an SQLite database that servers hold shared and a restore exclusively.
std::string ServingLockPath(const std::string& db_path);

}  // namespace zq::store::internal
