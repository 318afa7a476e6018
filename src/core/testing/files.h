#pragma once

// Tests only: the text of a test's data file (paths are relative to the source tree, where ctest
// runs the tests). A file that cannot be read fails the test and reads as "".

#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "core/file_text.h"

namespace zq::testing_files {

inline std::string TestFileText(const std::filesystem::path& path) {
  Result<std::string> text = ReadFileText(path);
  if (!text.ok()) {
    ADD_FAILURE() << text.status().message();
    return "";
  }
  return std::move(text).value();
}

}  // namespace zq::testing_files
