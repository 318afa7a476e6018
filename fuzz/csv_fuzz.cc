// libFuzzer target: the CSV reader never crashes on any bytes, and every well-formed record it
// reads survives a round trip through the writer.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "core/csv.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  std::vector<std::vector<std::string>> good;
  (void)zq::ReadCsv(in, [&](zq::CsvRecord& r) {
    if (r.error.ok())
      good.push_back(r.fields);
    return true;
  });
  for (const auto& fields : good) {
    if (fields.size() == 1 && fields[0].empty())
      continue;  // an empty line is no record
    std::istringstream again(zq::CsvLine(fields));
    std::vector<std::string> back;
    (void)zq::ReadCsv(again, [&](zq::CsvRecord& r) {
      back = r.fields;
      return false;
    });
    ZQ_CHECK(back == fields);
  }
  return 0;
}
