// libFuzzer target: the code validators never crash, and what they accept is consistent
// (a USCC that parses re-parses to itself; its embedded organisation code parses; a USCC composed
// from any 8 + 8 characters carries the check characters that its parts give).
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
  if (text.size() >= 16) {
    if (auto c = zq::ids::ComposeUscc(text.substr(0, 8), text.substr(8, 8)); c.ok()) {
      ZQ_CHECK(c->size() == 18);
      ZQ_CHECK(*zq::ids::UsccCheckCharacter(std::string_view(*c).substr(0, 17)) == (*c)[17]);
      ZQ_CHECK(zq::ids::ParseOrgCode(std::string_view(*c).substr(8, 9)).ok());
    }
  }
  (void)zq::ids::ParseOrgCode(text);
  if (auto g = zq::ids::ParseGtin(text); g.ok())
    ZQ_CHECK(g->AsGtin14().size() == 14);
  if (auto r = zq::ids::ParseRegionCode(text); r.ok())
    ZQ_CHECK(r->Contains(*r));
  (void)zq::ParseDate(text);
  return 0;
}
