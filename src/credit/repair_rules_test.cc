#include "credit/repair_rules.h"

#include <functional>

#include <gtest/gtest.h>

#include "credit/internal/status_is.h"
#include "credit/scoring.h"

namespace zq::credit {
namespace {

using testing::StatusIs;

std::int32_t D(std::string_view iso) { return DayNumber(iso).value(); }

std::string Due(std::string_view from, int n) {
  return DayText(AddWorkingDays(D(from), n).value());
}

// A penalty published from 2026-03-10 that meets every condition.
RepairCase GoodPublication() {
  RepairCase c;
  c.kind = RepairKind::kPenaltyPublication;
  c.region_code = "370102";
  c.target_type = "penalty.ordinary";
  c.target_on = D("2026-03-10");
  c.measures = {"fine"};
  c.penalty_fulfilled = true;
  c.harm_removed = true;
  return c;
}

RepairCase GoodSerious() {
  RepairCase c;
  c.kind = RepairKind::kSeriousList;
  c.region_code = "370102";
  c.target_type = "list.serious.added";
  c.target_on = D("2025-02-28");
  c.penalty_fulfilled = true;
  c.harm_removed = true;
  return c;
}

TEST(RepairRules, ObjectionDeadlinesFollowTheProvince) {
  const RepairRules rules;
  EXPECT_EQ(rules.ObjectionFor("370102").working_days, 3);  // Shandong Art. 39
  EXPECT_EQ(rules.ObjectionFor("370102").extended_working_days, 7);
  EXPECT_EQ(rules.ObjectionFor("330106").working_days, 5);  // Zhejiang Art. 31
  EXPECT_EQ(rules.ObjectionFor("330106").extended_working_days, 20);
  EXPECT_EQ(rules.ObjectionFor("140105").working_days, 5);  // the default
  EXPECT_TRUE(rules.SeriousRepairAllowed("370102"));
  EXPECT_FALSE(rules.SeriousRepairAllowed("330106"));  // Zhejiang Art. 32
}

TEST(RepairRules, WorkingDayDeadlinesSkipHolidaysAndCountAdjustedSaturdays) {
  // Filed Tue 2026-09-29: Wed 30 counts, 1-7 October is the National Day holiday, Thu 8 and
  // Fri 9 count; Sat 2026-10-10 is an adjusted working day (调休).
  EXPECT_EQ(Due("2026-09-29", 3), "2026-10-09");
  EXPECT_EQ(Due("2026-09-29", 4), "2026-10-10");
  EXPECT_EQ(Due("2026-09-29", 5), "2026-10-12");
  EXPECT_EQ(Due("2026-11-24", 15), "2026-12-15");  // no holiday: three weeks
  EXPECT_THAT(AddWorkingDays(D("2027-12-20"), 30, "due_on").status(),
              StatusIs(StatusCode::kInvalidArgument, "due_on"));  // beyond the notices
}

TEST(RepairRules, PublicationRepairNeedsSixMonthsExactly) {
  const RepairRules rules;
  const RepairCase c = GoodPublication();
  const Eligibility day_before = CheckRepairEligibility(rules, c, D("2026-09-09"));
  EXPECT_TRUE(day_before.Fails("publication_period"));
  EXPECT_EQ(day_before.failures.size(), 1u);
  EXPECT_EQ(DayText(day_before.earliest_on), "2026-09-10");
  EXPECT_TRUE(CheckRepairEligibility(rules, c, D("2026-09-10")).eligible());
}

TEST(RepairRules, FoodDrugAndSpecialEquipmentCasesWaitOneYear) {
  const RepairRules rules;
  for (const char* domain : {"food", "drug", "special_equipment"}) {
    RepairCase c = GoodPublication();
    c.domain = domain;
    EXPECT_TRUE(CheckRepairEligibility(rules, c, D("2027-03-09")).Fails("publication_period"))
        << domain;
    EXPECT_TRUE(CheckRepairEligibility(rules, c, D("2027-03-10")).eligible()) << domain;
  }
  RepairCase bad = GoodPublication();
  bad.domain = "cosmetics";
  EXPECT_TRUE(CheckRepairEligibility(rules, bad, D("2027-03-10")).Fails("domain"));
}

TEST(RepairRules, EachPublicationConditionFailsWithItsOwnReason) {
  const RepairRules rules;
  const std::int32_t today = D("2026-11-24");
  const auto fails = [&](const std::function<void(RepairCase&)>& edit) {
    RepairCase c = GoodPublication();
    edit(c);
    const Eligibility e = CheckRepairEligibility(rules, c, today);
    if (e.failures.empty())
      return std::string("none");
    return e.failures.size() == 1 ? e.failures[0].condition : std::string("several");
  };
  EXPECT_EQ(fails([](RepairCase& c) { c.penalty_fulfilled = false; }), "penalty_fulfilled");
  EXPECT_EQ(fails([](RepairCase& c) { c.harm_removed = false; }), "harm_removed");
  EXPECT_EQ(fails([](RepairCase& c) { c.same_violation_since = true; }), "same_violation");
  EXPECT_EQ(fails([](RepairCase& c) { c.abnormal_listed = true; }), "listed");
  EXPECT_EQ(fails([](RepairCase& c) { c.serious_listed = true; }), "listed");
  EXPECT_EQ(fails([](RepairCase& c) { c.target_type = "penalty.minor"; }), "measures");
  EXPECT_EQ(fails([](RepairCase& c) { c.target_type = "spot_check.failed"; }), "target_type");
  EXPECT_EQ(fails([](RepairCase& c) { c.target_open = false; }), "not_open");
  EXPECT_EQ(fails([](RepairCase& c) { c.barred_until = D("2026-11-25"); }), "barred");
  EXPECT_EQ(fails([](RepairCase& c) { c.barred_until = D("2026-11-24"); }), "none")
      << "a bar ending today no longer applies";
  for (const char* m :
       {"warning", "criticism", "small_fine", "suspension", "licence_revoked", "employment_ban"})
    EXPECT_EQ(fails([&](RepairCase& c) { c.measures.push_back(m); }), "measures") << m;
  EXPECT_EQ(fails([](RepairCase& c) { c.measures.push_back("caning"); }), "measures");
  EXPECT_EQ(fails([](RepairCase& c) { c.measures.push_back("confiscation"); }), "none")
      << "confiscation with a fine may be repaired";
}

TEST(RepairRules, SeriousListRepairAfterOneYearWithoutHeavierPenalty) {
  RepairRules rules;
  const RepairCase c = GoodSerious();
  EXPECT_TRUE(CheckRepairEligibility(rules, c, D("2026-02-27")).Fails("listed_period"));
  EXPECT_TRUE(CheckRepairEligibility(rules, c, D("2026-02-28")).eligible());
  RepairCase heavier = c;
  heavier.heavier_penalty_since = true;
  EXPECT_TRUE(CheckRepairEligibility(rules, heavier, D("2026-11-24")).Fails("heavier_penalty"));
  RepairCase unpaid = c;
  unpaid.penalty_fulfilled = false;
  EXPECT_TRUE(CheckRepairEligibility(rules, unpaid, D("2026-11-24")).Fails("penalty_fulfilled"));
  RepairCase zhejiang = c;
  zhejiang.region_code = "330106";
  EXPECT_TRUE(CheckRepairEligibility(rules, zhejiang, D("2026-11-24")).Fails("province"));
  rules.serious_list_repair_allowed = false;  // switched off everywhere else too
  EXPECT_TRUE(CheckRepairEligibility(rules, c, D("2026-11-24")).Fails("province"));
}

TEST(RepairRules, AbnormalListRepairNeedsOneOfTheFourGrounds) {
  const RepairRules rules;
  RepairCase c;
  c.kind = RepairKind::kAbnormalList;
  c.target_type = "list.abnormal.added";
  c.target_on = D("2026-11-01");
  for (const std::string_view g : kAbnormalGrounds) {
    c.ground = std::string(g);
    EXPECT_TRUE(CheckRepairEligibility(rules, c, D("2026-11-02")).eligible()) << g;
  }
  c.ground = "paid";
  EXPECT_TRUE(CheckRepairEligibility(rules, c, D("2026-11-02")).Fails("ground"));
  c.ground = "annual_report";
  c.target_type = "list.serious.added";
  EXPECT_TRUE(CheckRepairEligibility(rules, c, D("2026-11-02")).Fails("target_type"));
}

TEST(RepairRules, KindsParseByName) {
  EXPECT_EQ(ParseRepairKind("serious_list").value(), RepairKind::kSeriousList);
  EXPECT_EQ(RepairKindName(RepairKind::kPenaltyPublication), "penalty_publication");
  EXPECT_THAT(ParseRepairKind("blacklist").status(),
              StatusIs(StatusCode::kInvalidArgument, "kind"));
}

}  // namespace
}  // namespace zq::credit
