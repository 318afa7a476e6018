// Digital Link → EPC URI with the company prefix's length, from GS1's table or given; each
// conversion goes back to the same Digital Link (digital_link.h).
#include "trace/epc_uri.h"

#include <gtest/gtest.h>

#include "trace/digital_link.h"

namespace zq::trace {
namespace {

TEST(Gs1CompanyPrefixLengthTest, TakesTheLongestListedPrefix) {
  EXPECT_EQ(Gs1CompanyPrefixLength("0614141073467"), 7);             // "06141" → 7
  EXPECT_EQ(Gs1CompanyPrefixLength("6901028000001"), 10);            // "6901028" → 10
  EXPECT_EQ(Gs1CompanyPrefixLength("6901234567892"), 7);             // "69012" → 7
  EXPECT_EQ(Gs1CompanyPrefixLength("2345678901231"), std::nullopt);  // restricted circulation
  EXPECT_EQ(Gs1CompanyPrefixLength(""), std::nullopt);
}

TEST(EpcUriTest, ConvertsEachKeyAndBack) {
  for (const auto& [urn, length] : {std::pair{"urn:epc:id:sgtin:0614141.107346.2017", 7},
                                    std::pair{"urn:epc:id:sgtin:2345678901.123.9999", 10},
                                    std::pair{"urn:epc:class:lgtin:4012345.012345.998877", 7},
                                    std::pair{"urn:epc:idpat:sgtin:4012345.098765.*", 7},
                                    std::pair{"urn:epc:id:sscc:0614141.1234567890", 7},
                                    std::pair{"urn:epc:id:sgln:0614141.07346.1234", 7},
                                    std::pair{"urn:epc:id:sgln:0614141.07346.0", 7},
                                    std::pair{"urn:epc:id:pgln:0614141.00001", 7},
                                    std::pair{"urn:epc:id:grai:0614141.12345.400", 7},
                                    std::pair{"urn:epc:id:giai:0614141.12345400", 7}}) {
    const std::optional<std::string> dl = CanonicalDigitalLink(urn);
    ASSERT_TRUE(dl.has_value()) << urn;
    EXPECT_EQ(EpcUriOf(*dl, length), urn) << *dl;
  }
  EXPECT_EQ(EpcUriOf("https://id.gs1.org/01/12345678901231/21/9999", 10),
            "urn:epc:id:sgtin:2345678901.123.9999");  // the translator's own example
  // With GS1's table.
  EXPECT_EQ(EpcUriOf("https://id.gs1.org/414/0614141073467/254/1234"),
            "urn:epc:id:sgln:0614141.07346.1234");
  EXPECT_EQ(EpcUriOf("https://id.gs1.org/01/16901028000007/21/7"),
            "urn:epc:id:sgtin:6901028000.100.7");
  EXPECT_EQ(EpcUriOf("https://id.gs1.org/01/12345678901231/21/9999"), std::nullopt);
  EXPECT_EQ(EpcUriOf("https://id.gs1.org/01/12345678901231/21/9999", 13), std::nullopt);
  EXPECT_EQ(EpcUriOf("urn:example:x", 7), std::nullopt);
}

}  // namespace
}  // namespace zq::trace
