#include "credit/credit_distribution.h"

#include <map>

#include <gtest/gtest.h>

#include "core/testing/ids.h"
#include "credit/internal/credit_test_fixture.h"
#include "credit/internal/status_is.h"

namespace zq::credit {
namespace {

using registry::testing::MakeEntity;
using registry::testing::Regulator;
using testing::StatusIs;

// Firms in 历下区, 市中区 (济南) and 市南区 (青岛), in manufacturing (3831, section C) and retail
// (5211, section F), one of them deregistered; events put some in classes A, C and D.
class CreditDistributionTest : public testing::CreditServiceTest {
 protected:
  void Seed() {
    std::vector<registry::MarketEntity> firms;
    const char* counties[] = {"370102", "370103", "370202"};
    for (int i = 0; i < 18; ++i) {
      registry::MarketEntity e =
          MakeEntity(counties[i % 3], 100 + i, "分布测试企业" + std::to_string(i));
      e.industry_code = i % 2 == 0 ? "3831" : "5211";
      if (i == 17) {
        e.status = registry::EntityStatus::kCancelled;
        e.deregistered_on = "2026-03-01";
      }
      firms.push_back(e);
      extra_.push_back(e);
    }
    ASSERT_TRUE(env_.registry->AppendEntities(admin_, firms).ok());
    auto record = [&](int firm, const char* type, const char* id) {
      CreditEvent e = Event(0, type, "2026-06-01", id);
      e.uscc = extra_.at(static_cast<std::size_t>(firm)).uscc;
      ASSERT_TRUE(service_->RecordEvent(admin_, e).ok()) << type << " " << id;
    };
    for (int firm : {0, 4, 9}) {  // 80 + 2 × 10 × 0.5 = 90 → A
      record(firm, "award.quality", ("AW-1-" + std::to_string(firm)).c_str());
      record(firm, "award.quality", ("AW-2-" + std::to_string(firm)).c_str());
    }
    for (int firm : {1, 2, 7, 10})  // 80 − 25 = 55 → C
      record(firm, "penalty.heavy", ("PH-" + std::to_string(firm)).c_str());
    record(3, "penalty.heavy", "PH-3-1");  // 80 − 50 = 30 → D
    record(3, "penalty.heavy", "PH-3-2");
    record(6, "penalty.ordinary", "PO-6");  // 70 → still B
    record(17, "penalty.heavy", "PH-17");   // deregistered: not counted
  }

  // The reference: each active firm's class as the department query gives it, summed in C++.
  struct Reference {
    ClassDistribution::Counts total{};
    std::map<std::string, ClassDistribution::Counts> by_region;  // key: the child's prefix
    std::map<std::string, ClassDistribution::Counts> by_section;
  };

  Reference Expected(std::string_view prefix, std::size_t child_prefix) {
    Reference r;
    std::vector<registry::MarketEntity> all = extra_;
    for (std::size_t i = 0; i < uscc_.size(); ++i) {
      registry::MarketEntity e = MakeEntity(i < 3 ? "370102" : "370202", static_cast<int>(i), "");
      all.push_back(e);
    }
    for (const registry::MarketEntity& e : all) {
      if (e.status != registry::EntityStatus::kActive || !e.region_code.starts_with(prefix))
        continue;
      const Result<CreditStatus> s = service_->Query(admin_, TestUscc(e.uscc));
      if (!s.ok()) {
        ADD_FAILURE() << s.status().ToString();
        continue;
      }
      const auto c = static_cast<std::size_t>(s->risk_class[0] - 'A');
      r.total[c]++;
      r.by_region[e.region_code.substr(0, child_prefix)][c]++;
      r.by_section[e.industry_code.starts_with("38") ? "C" : "F"][c]++;
    }
    return r;
  }

  // As the route does: the region parsed first (a malformed one is the parser's error).
  Result<ClassDistribution> For(const auth::Caller& caller, std::string_view region) {
    ZQ_ASSIGN_OR_RETURN(const auto parsed, ids::ParseOptionalRegionCode(region));
    return ClassDistributionFor(*db_, *env_.registry, *service_, env_.clock, caller, parsed);
  }

  std::vector<registry::MarketEntity> extra_;
};

ClassDistribution::Counts CountsOf(const std::vector<ClassDistribution::Group>& groups,
                                   std::string_view code) {
  for (const auto& g : groups)
    if (g.code == code)
      return g.counts;
  ADD_FAILURE() << "no group " << code;
  return {};
}

TEST_P(CreditDistributionTest, CityCountsMatchEachFirmsClassBySubRegionAndSection) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  Seed();
  const Result<ClassDistribution> d = For(Regulator("370100"), "");
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->region_code, "370100");
  EXPECT_EQ(d->default_class, "B");
  EXPECT_EQ(d->as_of, "2026-11-24");
  const Reference want = Expected("3701", 6);
  EXPECT_EQ(d->total, want.total);
  // 济南: 12 of the 18 firms and the fixture's three in 历下区; A: 0, 4, 9; C: 1, 7, 10; D: 3.
  EXPECT_EQ(d->total, (ClassDistribution::Counts{3, 8, 3, 1}));
  EXPECT_EQ(CountsOf(d->by_region, "370102"), want.by_region.at("370102"));
  EXPECT_EQ(CountsOf(d->by_region, "370103"), want.by_region.at("370103"));
  EXPECT_EQ(CountsOf(d->by_region, "370104"), ClassDistribution::Counts{});
  EXPECT_EQ(CountsOf(d->by_industry, "C"), want.by_section.at("C"));
  EXPECT_EQ(CountsOf(d->by_industry, "F"), want.by_section.at("F"));
  EXPECT_EQ(d->by_industry.size(), 20u);
  // At least the seven firms whose class moved have a stored grade; the rest have the default.
  EXPECT_GE(d->graded, 7);
  std::int64_t graded = 0;
  for (const auto& g : d->by_region) graded += g.graded;
  EXPECT_EQ(graded, d->graded);
}

TEST_P(CreditDistributionTest, TheWholeCountryGroupsByProvinceForAnAdmin) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  Seed();
  const Result<ClassDistribution> d = For(admin_, "");
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  const Reference want = Expected("", 2);
  EXPECT_EQ(d->total, want.total);
  EXPECT_EQ(CountsOf(d->by_region, "370000"), want.by_region.at("37"));
  EXPECT_EQ(CountsOf(d->by_region, "110000"), ClassDistribution::Counts{});
  // A county has no sub-regions: the totals only.
  const Result<ClassDistribution> county = For(admin_, "370202");
  ASSERT_TRUE(county.ok());
  EXPECT_TRUE(county->by_region.empty());
  EXPECT_EQ(county->total, Expected("370202", 6).total);
}

TEST_P(CreditDistributionTest, RegionsOutsideTheJurisdictionAreNotFound) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  EXPECT_THAT(For(Regulator("370202"), "370100").status(),
              StatusIs(StatusCode::kNotFound, "region"));
  EXPECT_THAT(For(Regulator("370100"), "379999").status(),
              StatusIs(StatusCode::kNotFound, "region"));
  EXPECT_THAT(For(Regulator("370100"), "37010x").status(),
              StatusIs(StatusCode::kInvalidArgument, "region_code"));
  auth::Caller firm;
  firm.actor = "firm";
  firm.role = auth::Role::kEnterprise;
  firm.uscc = uscc_[0];
  EXPECT_THAT(For(firm, "370102").status(), StatusIs(StatusCode::kPermissionDenied, ""));
  auth::Caller nowhere = Regulator("");
  EXPECT_THAT(For(nowhere, "").status(), StatusIs(StatusCode::kNotFound, "region"));
}

INSTANTIATE_TEST_SUITE_P(Backends, CreditDistributionTest,
                         ::testing::ValuesIn(store::testing::AllBackends()),
                         store::testing::BackendParamName);

}  // namespace
}  // namespace zq::credit
