// Canonical GS1 Digital Link URIs, with the cases of the reference implementation's
// dl_normaliser tests (RalphTro/epcis-event-hash-generator, tests/dl_normaliser_test.py, MIT).
#include "trace/digital_link.h"

#include <utility>
#include <vector>

#include <gtest/gtest.h>

namespace zq::trace {
namespace {

using Case = std::pair<std::string, std::string>;

void ExpectAll(const std::vector<Case>& cases) {
  for (const auto& [uri, canonical] : cases) {
    const std::optional<std::string> got = CanonicalDigitalLink(uri);
    ASSERT_TRUE(got.has_value()) << uri;
    EXPECT_EQ(*got, canonical) << uri;
  }
}

TEST(CanonicalDigitalLink, EpcUrisOfEverySchemeBecomeDigitalLinks) {
  ExpectAll({
      {"urn:epc:id:sgtin:4012345.011111.98%22", "https://id.gs1.org/01/04012345111118/21/98%22"},
      {"urn:epc:id:sgtin:415056789012.0.987654", "https://id.gs1.org/01/04150567890128/21/987654"},
      {"urn:epc:id:sgtin:0614141.812345.6789%2F%26%25%22!%3F()",
       "https://id.gs1.org/01/80614141123458/21/6789%2F%26%25%22%21%3F%28%29"},
      {"urn:epc:id:sscc:4012345.3111111111", "https://id.gs1.org/00/340123451111111111"},
      {"urn:epc:id:sscc:4012345.0000000011", "https://id.gs1.org/00/040123450000000115"},
      {"urn:epc:id:sgln:4012345.00005.122", "https://id.gs1.org/414/4012345000054/254/122"},
      {"urn:epc:id:sgln:4012345.00005.0", "https://id.gs1.org/414/4012345000054"},
      {"urn:epc:id:grai:4012345.00022.334455", "https://id.gs1.org/8003/04012345000221334455"},
      {"urn:epc:id:giai:4012345.ABC345", "https://id.gs1.org/8004/4012345ABC345"},
      {"urn:epc:id:gsrn:4012345.0000006765", "https://id.gs1.org/8018/401234500000067657"},
      {"urn:epc:id:gsrn:4012345.9876540000", "https://id.gs1.org/8018/401234598765400000"},
      {"urn:epc:id:gsrnp:4012345.0000000007", "https://id.gs1.org/8017/401234500000000074"},
      {"urn:epc:id:gsrnp:4012345.0000098765", "https://id.gs1.org/8017/401234500000987658"},
      {"urn:epc:id:gdti:4012345.00009.PO-4711", "https://id.gs1.org/253/4012345000092PO-4711"},
      {"urn:epc:id:gdti:987659999999..9", "https://id.gs1.org/253/98765999999929"},
      {"urn:epc:id:cpi:0614141.11111111111111-A%23%2F.1234",
       "https://id.gs1.org/8010/061414111111111111111-A%23%2F/8011/1234"},
      {"urn:epc:id:ginc:0614141.xyz47%2F11", "https://id.gs1.org/401/0614141xyz47%2F11"},
      {"urn:epc:id:gsin:4012345.222333444", "https://id.gs1.org/402/40123452223334442"},
      {"urn:epc:id:gsin:4012345.999987654", "https://id.gs1.org/402/40123459999876541"},
      {"urn:epc:id:itip:4012345.011111.01.02.987",
       "https://id.gs1.org/8006/040123451111180102/21/987"},
      {"urn:epc:id:upui:1234567.098765.51qIgY)%3C%26Jp3*j7SDB",
       "https://id.gs1.org/01/01234567987651/235/51qIgY%29%3C%26Jp3%2Aj7SDB"},
      {"urn:epc:id:pgln:4000001.00000", "https://id.gs1.org/417/4000001000005"},
      {"urn:epc:id:pgln:999999999999.", "https://id.gs1.org/417/9999999999994"},
      {"urn:epc:class:lgtin:4012345.012345.Lot987",
       "https://id.gs1.org/01/04012345123456/10/Lot987"},
  });
}

TEST(CanonicalDigitalLink, EpcPatternUrisBecomeTheirClass) {
  ExpectAll({
      {"urn:epc:idpat:sgtin:4012345.012345.*", "https://id.gs1.org/01/04012345123456"},
      {"urn:epc:idpat:grai:4012345.99999.*", "https://id.gs1.org/8003/04012345999990"},
      {"urn:epc:idpat:gdti:4012345.11111.*", "https://id.gs1.org/253/4012345111118"},
      {"urn:epc:idpat:sgcn:4012345.22222.*", "https://id.gs1.org/255/4012345222227"},
      {"urn:epc:idpat:cpi:4012345.AB12.*", "https://id.gs1.org/8010/4012345AB12"},
      {"urn:epc:idpat:itip:4012345.012345.01.02.*", "https://id.gs1.org/8006/040123451234560102"},
      {"urn:epc:idpat:upui:4012345.012345.*", "https://id.gs1.org/01/04012345123456"},
  });
}

TEST(CanonicalDigitalLink, DigitalLinksGetTheCanonicalDomainAisAndFinestKey) {
  ExpectAll({
      {"https://id.gs1.org/gtin/09780345418913", "https://id.gs1.org/01/09780345418913"},
      {"https://example.com/gtin/09780345418913/21/765tz?abc=211121",
       "https://id.gs1.org/01/09780345418913/21/765tz"},
      {"http://example.de/gtin-8/01/97803111", "https://id.gs1.org/01/00000097803111"},
      {"http://us-company-with-UPC.com/01/001122334455", "https://id.gs1.org/01/00001122334455"},
      {"http://us-company-with-UPC.com/01/001122334455/ser/GHB",
       "https://id.gs1.org/01/00001122334455/21/GHB"},
      {"http://id.gs1.org/gtin/9780345418913", "https://id.gs1.org/01/09780345418913"},
      {"https://id.gs1.org/gtin/9780345418913/cpv/344/lot/1223/ser/765tz",
       "https://id.gs1.org/01/09780345418913/21/765tz"},
      {"https://id.gs1.org/gtin/9780345418913/cpv/344", "https://id.gs1.org/01/09780345418913"},
      {"http://example.de/01/040123451234/cpv/344/lot/ABD",
       "https://id.gs1.org/01/00040123451234/10/ABD"},
      {"https://id.gs1.org/01/9780345418913/22/344/10/1223/21/765tz",
       "https://id.gs1.org/01/09780345418913/21/765tz"},
      {"https://id.gs1.org/itip/123456789101100190/cpv/ABCD",
       "https://id.gs1.org/8006/123456789101100190"},
      {"https://fashion-corp.com/8006/040123451234560102/22/AB/21/443322",
       "https://id.gs1.org/8006/040123451234560102/21/443322"},
      {"https://fashion-corp.com/8006/040123451234560102/10/Lot-123/21/ser987",
       "https://id.gs1.org/8006/040123451234560102/21/ser987"},
      {"https://gs1.test.example.org/01/9780345418913/10/1223",
       "https://id.gs1.org/01/09780345418913/10/1223"},
      {"https://example.co.uk/party/4226350800008", "https://id.gs1.org/417/4226350800008"},
      {"https://id.gs1.org/414/4280000000002/254/12",
       "https://id.gs1.org/414/4280000000002/254/12"},
      {"https://id.gs1.org/8010/0628165987/8011/9876",
       "https://id.gs1.org/8010/0628165987/8011/9876"},
      {"https://id.gs1.org/255/0811625999996554433", "https://id.gs1.org/255/0811625999996554433"},
  });
}

TEST(CanonicalDigitalLink, OtherUrisAndMalformedKeysAreNotDigitalLinks) {
  for (const char* uri :
       {"http://example.org/123/4012345ABC987/456/4711", "http://id.gs1.org/99/9780345418913",
        "http://id.gs1.org/01/9780345418913/99/utfgf", "http://example.de/abc/9780345418913",
        "http://example.de/01/97803", "https://id.gs1.org/8006/04012345123456/22/ABCD/10/XYZ", "42",
        "Hello World!", "urn:epc:id:sgtin:4012345.01111.1", "urn:epc:id:sgtin:4012345.011111.%00",
        "urn:epc:id:sscc:4012345.31111111111", "urn:epcglobal:cbv:bt:0614141073467:1152", ""}) {
    EXPECT_EQ(CanonicalDigitalLink(uri), std::nullopt) << uri;
  }
}

}  // namespace
}  // namespace zq::trace
