#include "credit/procurement.h"

#include <algorithm>

#include <gtest/gtest.h>

#include "credit/internal/credit_test_fixture.h"
#include "credit/internal/status_is.h"

namespace zq::credit {
namespace {

using registry::testing::Regulator;
using testing::CreditServiceTest;
using testing::StatusIs;

class ProcurementTest : public CreditServiceTest {
 protected:
  Result<PreferencePage> List(const auth::Caller& caller, PreferenceFilter filter = {}) {
    return ProcurementPreferenceList(*db_, *service_, env_.clock, caller, filter);
  }

  static std::vector<std::string> Usccs(const PreferencePage& p) {
    std::vector<std::string> out;
    for (const PreferredFirm& f : p.items) out.push_back(f.uscc);
    return out;
  }
};

// Grades (zq-credit-2026.1, grade axis base 80): a governor's quality award (+10 honours, weight
// 1) gives 90 = AA; with a brand honour too (+5) 95 = AA; a firm on the abnormal list is capped at
// C whatever its score; a firm with a passed spot check only (+3 × 1.5) has 84.5 = A.
TEST_P(ProcurementTest, ListsFirmsAtOrAboveTheGradeAndOnNoList) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  ASSERT_TRUE(Record(0, "award.quality", "2026-05-01", "Q-0").ok());
  ASSERT_TRUE(Record(1, "award.quality", "2026-05-01", "Q-1").ok());
  ASSERT_TRUE(Record(1, "list.abnormal.added", "2026-06-01", "L-1").ok());
  ASSERT_TRUE(Record(2, "spot_check.passed", "2026-05-01", "S-2").ok());
  ASSERT_TRUE(Record(3, "award.quality", "2026-05-01", "Q-3").ok());
  ASSERT_TRUE(Record(3, "award.brand", "2026-05-01", "B-3").ok());

  Result<PreferencePage> all = List(admin_);
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  std::vector<std::string> expected = {uscc_[0], uscc_[3]};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(Usccs(*all), expected);
  EXPECT_EQ(all->total, 2);
  EXPECT_EQ(all->items[0].grade, "AA");
  EXPECT_EQ(all->items[0].name.substr(0, 6), "信用");

  PreferenceFilter a_or_better;
  a_or_better.min_grade = "A";
  EXPECT_EQ(List(admin_, a_or_better)->total, 3);  // firm 2 joins; firm 1 stays off (listed)
  PreferenceFilter jinan;
  jinan.region_code = "370100";
  EXPECT_EQ(Usccs(*List(admin_, jinan)), std::vector<std::string>{uscc_[0]});
  EXPECT_EQ(Usccs(*List(Regulator("370202"))), std::vector<std::string>{uscc_[3]});
  EXPECT_THAT(List(Regulator("370202"), jinan).status(), StatusIs(StatusCode::kNotFound, "region"));
  PreferenceFilter paged;
  paged.page = 2;
  paged.page_size = 1;
  const Result<PreferencePage> second = List(admin_, paged);
  EXPECT_EQ(second->total, 2);
  EXPECT_EQ(Usccs(*second), std::vector<std::string>{expected[1]});
  PreferenceFilter industry;
  industry.industry_code = "38";  // the fixture's firms are all 3831
  EXPECT_EQ(List(admin_, industry)->total, 2);
  industry.industry_code = "13";
  EXPECT_EQ(List(admin_, industry)->total, 0);
}

TEST_P(ProcurementTest, DepartmentsNeedAPermissionAndInputIsValidated) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  auth::Caller dept;
  dept.actor = "procurement-370000";
  dept.role = auth::Role::kDepartmentClient;
  dept.permissions = {"credit.procurement"};
  EXPECT_TRUE(List(dept).ok());
  dept.permissions = {"credit.events"};
  EXPECT_THAT(List(dept).status(), StatusIs(StatusCode::kNotFound, "region"));
  auth::Caller firm;
  firm.role = auth::Role::kEnterprise;
  firm.uscc = uscc_[0];
  EXPECT_THAT(List(firm).status(), StatusIs(StatusCode::kNotFound, "region"));
  PreferenceFilter bad;
  bad.min_grade = "AAAA";
  EXPECT_THAT(List(admin_, bad).status(), StatusIs(StatusCode::kInvalidArgument, "min_grade"));
  bad = {};
  bad.region_code = "37";
  const Status short_code = List(admin_, bad).status();
  EXPECT_THAT(short_code, StatusIs(StatusCode::kInvalidArgument, "region"));
  EXPECT_EQ(short_code.message(), "a region code has six digits");  // the parser's own words
  bad = {};
  bad.page_size = 501;
  EXPECT_THAT(List(admin_, bad).status(), StatusIs(StatusCode::kInvalidArgument, "page_size"));
  bad = {};
  bad.industry_code = "C38";
  EXPECT_THAT(List(admin_, bad).status(), StatusIs(StatusCode::kInvalidArgument, "industry"));
}

INSTANTIATE_TEST_SUITE_P(Backends, ProcurementTest,
                         ::testing::ValuesIn(store::testing::AllBackends()),
                         store::testing::BackendParamName);

}  // namespace
}  // namespace zq::credit
