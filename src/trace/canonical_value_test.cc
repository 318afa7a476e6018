#include "trace/canonical_value.h"

#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

namespace zq::trace {
namespace {

using Cases = std::vector<std::pair<std::string, std::string>>;

template <class F>
void ExpectEach(F canonical, const Cases& cases) {
  for (const auto& [text, expected] : cases) EXPECT_EQ(canonical(text), expected) << text;
}

TEST(CanonicalTimestamp, IsUtcWithMilliseconds) {
  ExpectEach(CanonicalTimestamp,
             {{"2020-03-04T11:00:30+01:00", "2020-03-04T10:00:30.000Z"},
              {"2022-02-16T20:33:31.116000-06:00", "2022-02-17T02:33:31.116Z"},
              {"2019-12-31T23:30:00-01:00", "2020-01-01T00:30:00.000Z"},
              {"2022-02-17T11:30:47.0Z", "2022-02-17T11:30:47.000Z"},
              // CBV 2.0 §8.9 rule 9: the third decimal rounded up when the fourth is 5-9.
              {"2023-01-18T11:04:03.1415Z", "2023-01-18T11:04:03.142Z"},
              {"2023-01-18T11:04:03.14149Z", "2023-01-18T11:04:03.141Z"},
              {"2023-01-18T23:59:59.9999Z", "2023-01-19T00:00:00.000Z"},
              {"2023-01-18T11:04Z", "2023-01-18T11:04:00.000Z"},
              // Not timestamps: left as they are.
              {"yesterday", "yesterday"},
              {"2023-02-30T00:00:00Z", "2023-02-30T00:00:00Z"},
              {"2023-01-18T11:04:03.Z", "2023-01-18T11:04:03.Z"}});
}

TEST(CanonicalNumber, HasNoTrailingZerosAsPythonPrintsIt) {
  ExpectEach(CanonicalNumber, {{"1.0", "1"},
                               {"+0.50", "0.5"},
                               {"0.3434000", "0.3434"},
                               {"1e2", "100"},
                               {"0.00001", "1e-05"},
                               {"0.0001", "0.0001"},
                               {"-12.10", "-12.1"},
                               {"-0", "0"},
                               {"1_000", "1000"},
                               {"0614141", "614141"},  // as the reference: a number is a number
                               {"123456789012345678901", "123456789012345683968"}});
}

TEST(CanonicalNumber, LeavesWhatIsNotANumber) {
  for (const char* text :
       {"", "KGM", "+01:00", "2019-10-21", "1__0", "inf", "nan", "1e", ".", "0x10", "1e400"}) {
    EXPECT_EQ(CanonicalNumber(text), text);
  }
}

TEST(CanonicalValue, CbvUrnsBecomeWebUrisAndEpcsDigitalLinks) {
  ExpectEach(
      CanonicalValue,
      {{"urn:epcglobal:cbv:bizstep:receiving", "https://ref.gs1.org/cbv/BizStep-receiving"},
       {"urn:epcglobal:cbv:disp:in_transit", "https://ref.gs1.org/cbv/Disp-in_transit"},
       {"urn:epcglobal:cbv:btt:po", "https://ref.gs1.org/cbv/BTT-po"},
       {"urn:epcglobal:cbv:sdt:owning_party", "https://ref.gs1.org/cbv/SDT-owning_party"},
       {"urn:epcglobal:cbv:er:incorrect_data", "https://ref.gs1.org/cbv/ER-incorrect_data"},
       {"urn:epc:id:sgtin:0614141.107346.2017", "https://id.gs1.org/01/10614141073464/21/2017"},
       {"urn:epcglobal:cbv:bt:0614141073467:1152", "urn:epcglobal:cbv:bt:0614141073467:1152"}});
}

}  // namespace
}  // namespace zq::trace
