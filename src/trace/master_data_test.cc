// Trace master data on both databases: locations and company prefixes linked to registered
// entities, their validation (GLN check digit, unknown USCC, duplicates, overlapping prefixes),
// the jurisdiction of regulators, and the PartyDirectory the trace graph reads.
#include "trace/master_data.h"

#include <gtest/gtest.h>

#include "registry/registry_test_env.h"

namespace zq::trace {
namespace {

using registry::testing::MakeEntity;
using registry::testing::Regulator;

// Two firms, one in 历下区 (370102, Jinan) and one in 市南区 (370202, Qingdao).
class MasterDataTest : public ::testing::TestWithParam<store::Backend> {
 protected:
  void Start(store::Database& db) {
    ASSERT_TRUE(env_.Start(db).ok());
    for (const auto& [county, serial] : {std::pair{"370102", 1}, std::pair{"370202", 2}}) {
      registry::MarketEntity e = MakeEntity(county, serial, std::string("追溯企业") + county);
      ASSERT_TRUE(env_.registry->UpsertEntity(auth::Caller::System(), e).ok());
      uscc_.push_back(e.uscc);
    }
    data_ = std::make_unique<MasterData>(db, *env_.registry, env_.audit, env_.clock);
  }

  registry::testing::RegistryEnv env_;
  std::unique_ptr<MasterData> data_;
  std::vector<std::string> uscc_;
  auth::Caller admin_ = auth::Caller::System();
};

TEST(CanonicalLocationTest, TakesEveryFormAndChecksTheCheckDigit) {
  EXPECT_EQ(*CanonicalLocation("urn:epc:id:sgln:0614141.07346.1234"),
            "https://id.gs1.org/414/0614141073467/254/1234");
  EXPECT_EQ(*CanonicalLocation("urn:epc:id:sgln:0614141.07346.0"),
            "https://id.gs1.org/414/0614141073467");
  EXPECT_EQ(*CanonicalLocation("0614141073467"), "https://id.gs1.org/414/0614141073467");
  EXPECT_EQ(*CanonicalLocation("https://example.com/414/0614141073467/254/1234"),
            "https://id.gs1.org/414/0614141073467/254/1234");
  const Status bad = CanonicalLocation("0614141073468").status();
  EXPECT_EQ(bad.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(bad.field(), "location");
  EXPECT_EQ(bad.message(), "GLN check digit: expected 7, got 8");
  EXPECT_EQ(CanonicalLocation("urn:epc:id:sgtin:0614141.107346.1").status().field(), "location");
  EXPECT_EQ(CanonicalLocation("12345").status().field(), "location");
}

TEST(KeyDigitsTest, StartsWhereTheCompanyPrefixStarts) {
  EXPECT_EQ(KeyDigitsAfterIndicator("https://id.gs1.org/01/06901234567892/21/1"), "6901234567892");
  EXPECT_EQ(KeyDigitsAfterIndicator("https://id.gs1.org/01/06901234567892/10/L1"), "6901234567892");
  EXPECT_EQ(KeyDigitsAfterIndicator("https://id.gs1.org/00/069012345000000017"),
            "69012345000000017");
  EXPECT_EQ(KeyDigitsAfterIndicator("https://id.gs1.org/414/6901234000009/254/7"), "6901234000009");
  EXPECT_EQ(KeyDigitsAfterIndicator("urn:example:thing"), "");
}

TEST_P(MasterDataTest, LinksLocationsAndPrefixesToRegisteredEntities) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  Result<TraceLocation> added =
      data_->AddLocation(admin_, "urn:epc:id:sgln:6901234.00000.1", uscc_[0], "一号仓库");
  ASSERT_TRUE(added.ok()) << added.status().ToString();
  EXPECT_EQ(added->location, "https://id.gs1.org/414/6901234000009/254/1");
  EXPECT_EQ(added->gln, "6901234000009");
  EXPECT_EQ(added->extension, "1");
  EXPECT_EQ(added->region_code, "370102");
  EXPECT_EQ(added->entity_name, "追溯企业370102");
  EXPECT_GT(added->id, 0);
  ASSERT_TRUE(data_->AddLocation(admin_, "6901234000115", uscc_[1], "").ok());
  ASSERT_TRUE(data_->AddCompanyPrefix(admin_, "6901234", uscc_[0]).ok());

  // The directory: a location, the GLN whose extension a location is, a prefix's owner.
  auto at = data_->AtLocation("https://id.gs1.org/414/6901234000009/254/1");
  ASSERT_TRUE(at.ok() && at->has_value());
  EXPECT_EQ((*at)->uscc, uscc_[0]);
  EXPECT_EQ((*at)->region_code, "370102");
  at = data_->AtLocation("https://id.gs1.org/414/6901234000115/254/99");
  ASSERT_TRUE(at.ok() && at->has_value());
  EXPECT_EQ((*at)->uscc, uscc_[1]);
  EXPECT_FALSE(data_->AtLocation("https://id.gs1.org/414/6901234000009/254/2")->has_value());
  auto owner = data_->OwnerOf("https://id.gs1.org/01/06901234567892/10/LOT1");
  ASSERT_TRUE(owner.ok() && owner->has_value());
  EXPECT_EQ((*owner)->name, "追溯企业370102");
  EXPECT_FALSE(data_->OwnerOf("https://id.gs1.org/01/06911234567891/21/1")->has_value());
  EXPECT_EQ(*data_->RegisteredPrefixLength("6901234567892"), 7);
  // Back to an EPC URI: a registered prefix's length first (GS1's table says 7 for 69012… too,
  // but 10 for 6901028…, registered here as 8 digits).
  EXPECT_EQ(*data_->EpcUri("https://id.gs1.org/01/06901234567892/21/1"),
            "urn:epc:id:sgtin:6901234.056789.1");
  ASSERT_TRUE(data_->AddCompanyPrefix(admin_, "69010280", uscc_[1]).ok());
  EXPECT_EQ(*data_->EpcUri("https://id.gs1.org/01/16901028000007/21/7"),
            "urn:epc:id:sgtin:69010280.10000.7");

  // Validation: each error names its field.
  auto refused = [&](Result<TraceLocation> r, StatusCode code, const std::string& field) {
    EXPECT_EQ(r.status().code(), code) << r.status().ToString();
    EXPECT_EQ(r.status().field(), field);
  };
  refused(data_->AddLocation(admin_, "6901234000005", uscc_[0], ""), StatusCode::kInvalidArgument,
          "location");
  refused(data_->AddLocation(admin_, "6901234000030", "91370102MA00000X0X", ""),
          StatusCode::kInvalidArgument, "uscc");
  std::string unknown = registry::testing::MakeUscc("370102", 99);
  refused(data_->AddLocation(admin_, "6901234000030", unknown, ""), StatusCode::kNotFound, "uscc");
  refused(data_->AddLocation(admin_, "urn:epc:id:sgln:6901234.00000.1", uscc_[1], ""),
          StatusCode::kAlreadyExists, "location");
  for (const char* overlapping : {"6901234", "69012345", "690123"}) {
    const Status s = data_->AddCompanyPrefix(admin_, overlapping, uscc_[1]).status();
    EXPECT_EQ(s.code(), StatusCode::kAlreadyExists) << overlapping;
    EXPECT_EQ(s.field(), "prefix");
  }
  EXPECT_EQ(data_->AddCompanyPrefix(admin_, "69012", uscc_[1]).status().field(), "prefix");
  EXPECT_TRUE(data_->AddCompanyPrefix(admin_, "6901235", uscc_[1]).ok());
}

TEST_P(MasterDataTest, RegulatorsWorkWithinTheirJurisdiction) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  const auth::Caller jinan = Regulator("370100");
  const auth::Caller qingdao = Regulator("370200");
  ASSERT_TRUE(data_->AddLocation(jinan, "6901234000009", uscc_[0], "").ok());
  // Another city's firm is not found for a Jinan regulator.
  EXPECT_EQ(data_->AddLocation(jinan, "6901234000115", uscc_[1], "").status().code(),
            StatusCode::kNotFound);
  ASSERT_TRUE(data_->AddLocation(qingdao, "6901234000115", uscc_[1], "").ok());
  ASSERT_TRUE(data_->AddCompanyPrefix(qingdao, "6901236", uscc_[1]).ok());

  auto mine = data_->Locations(jinan, "");
  ASSERT_TRUE(mine.ok());
  ASSERT_EQ(mine->size(), 1U);
  EXPECT_EQ(mine->at(0).uscc, uscc_[0]);
  EXPECT_EQ(data_->Locations(admin_, "")->size(), 2U);
  EXPECT_EQ(data_->Locations(admin_, uscc_[1])->size(), 1U);
  EXPECT_TRUE(data_->CompanyPrefixes(jinan, "")->empty());
  EXPECT_EQ(data_->CompanyPrefixes(qingdao, "")->size(), 1U);

  auth::Caller firm;
  firm.role = auth::Role::kEnterprise;
  firm.uscc = uscc_[0];
  EXPECT_EQ(data_->Locations(firm, "")->size(), 1U);  // a firm reads its own, writes none
  EXPECT_EQ(data_->AddLocation(firm, "6901234000030", uscc_[0], "").status().code(),
            StatusCode::kPermissionDenied);

  // Removal: only within the jurisdiction; the id then answers not found.
  const std::int64_t qingdao_id = data_->Locations(qingdao, "")->at(0).id;
  EXPECT_EQ(data_->RemoveLocation(jinan, qingdao_id).code(), StatusCode::kNotFound);
  EXPECT_TRUE(data_->RemoveLocation(qingdao, qingdao_id).ok());
  EXPECT_EQ(data_->RemoveLocation(qingdao, qingdao_id).code(), StatusCode::kNotFound);
  EXPECT_FALSE(data_->AtLocation("https://id.gs1.org/414/6901234000115")->has_value());
  const std::int64_t prefix_id = data_->CompanyPrefixes(qingdao, "")->at(0).id;
  EXPECT_TRUE(data_->RemoveCompanyPrefix(qingdao, prefix_id).ok());
}

INSTANTIATE_TEST_SUITE_P(Backends, MasterDataTest,
                         ::testing::ValuesIn(store::testing::AllBackends()),
                         store::testing::BackendParamName);

}  // namespace
}  // namespace zq::trace
