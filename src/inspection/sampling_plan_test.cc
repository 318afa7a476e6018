#include "inspection/sampling_plan.h"

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace zq::inspection {
namespace {

constexpr InspectionLevel kLevels[] = {
    InspectionLevel::kS1, InspectionLevel::kS2, InspectionLevel::kS3, InspectionLevel::kS4,
    InspectionLevel::kI,  InspectionLevel::kII, InspectionLevel::kIII};
constexpr Severity kSeverities[] = {Severity::kNormal, Severity::kTightened, Severity::kReduced};
constexpr std::string_view kLettersAtoR = "ABCDEFGHJKLMNPQR";

void ExpectPlanError(const Status& status, StatusCode code, std::string_view field) {
  EXPECT_EQ(status.code(), code) << status.ToString();
  EXPECT_EQ(status.field(), field) << status.ToString();
}

std::vector<std::vector<std::string>> ReadTsv(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << path << " (tests run from the source root)";
  std::vector<std::vector<std::string>> rows;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') {
      continue;
    }
    std::vector<std::string> cols;
    std::stringstream ss(line);
    std::string col;
    while (std::getline(ss, col, '\t')) {
      cols.push_back(col);
    }
    rows.push_back(cols);
  }
  return rows;
}

TEST(SampleSizeCodeLetter, EveryLotRangeAndLevelMatchesTable1) {
  auto rows = ReadTsv("src/inspection/testdata/gbt2828_table1.tsv");
  ASSERT_EQ(rows.size(), 15u);
  for (const auto& row : rows) {
    ASSERT_EQ(row.size(), 9u);
    const int64_t min_lot = std::stoll(row[0]);
    const int64_t max_lot = row[1] == "0" ? int64_t{1} << 40 : std::stoll(row[1]);
    for (size_t level = 0; level < 7; ++level) {
      for (int64_t lot : {min_lot, (min_lot + max_lot) / 2, max_lot}) {
        Result<char> letter = SampleSizeCodeLetter(lot, kLevels[level]);
        ASSERT_TRUE(letter.ok()) << letter.status().ToString();
        EXPECT_EQ(*letter, row[2 + level][0]) << "lot " << lot << " level index " << level;
      }
    }
  }
}

TEST(SampleSizeCodeLetter, LotOfOneIsRejected) {
  ExpectPlanError(SampleSizeCodeLetter(1, InspectionLevel::kII).status(),
                  StatusCode::kInvalidArgument, "lot_size");
}

Severity SeverityFrom(const std::string& name) {
  if (name == "tightened") {
    return Severity::kTightened;
  }
  return name == "reduced" ? Severity::kReduced : Severity::kNormal;
}

TEST(MasterTablePlan, EveryCellOfTables2ABCMatchesTheReference) {
  auto rows = ReadTsv("src/inspection/testdata/gbt2828_single_sampling.tsv");
  ASSERT_EQ(rows.size(), 3u * 16u * 26u);
  std::map<std::pair<std::string, std::string>, int> cells_per_column;
  for (const auto& row : rows) {
    ASSERT_EQ(row.size(), 7u);
    const Severity severity = SeverityFrom(row[0]);
    Result<SamplingPlan> plan = MasterTablePlan(severity, row[1][0], std::stod(row[2]));
    ASSERT_TRUE(plan.ok()) << plan.status().ToString();
    const std::string where = row[0] + " " + row[1] + " AQL " + row[2];
    EXPECT_EQ(plan->plan_letter, row[3][0]) << where;
    EXPECT_EQ(plan->sample_size, std::stoll(row[4])) << where;
    EXPECT_EQ(plan->acceptance, std::stoi(row[5])) << where;
    EXPECT_EQ(plan->rejection, std::stoi(row[6])) << where;
    ++cells_per_column[{row[0], row[2]}];
  }
  // Each of the 26 AQL columns of each table is covered for all 16 code letters A…R.
  ASSERT_EQ(cells_per_column.size(), 3u * 26u);
  for (const auto& [column, count] : cells_per_column) {
    EXPECT_EQ(count, 16) << column.first << " " << column.second;
  }
}

TEST(MasterTablePlan, RejectionIsAcceptancePlusOneEverywhere) {
  for (Severity severity : kSeverities) {
    for (char letter : kLettersAtoR) {
      for (double aql : AqlSeries()) {
        Result<SamplingPlan> plan = MasterTablePlan(severity, letter, aql);
        ASSERT_TRUE(plan.ok());
        EXPECT_EQ(plan->rejection, plan->acceptance + 1);
      }
    }
  }
}

TEST(MasterTablePlan, TightenedNeverAcceptsMoreThanNormal) {
  for (char letter : kLettersAtoR) {
    for (double aql : AqlSeries()) {
      auto normal = MasterTablePlan(Severity::kNormal, letter, aql);
      auto tightened = MasterTablePlan(Severity::kTightened, letter, aql);
      ASSERT_TRUE(normal.ok() && tightened.ok());
      EXPECT_LE(tightened->acceptance, normal->acceptance) << letter << " AQL " << aql;
    }
  }
}

TEST(MasterTablePlan, SampleSizeDoesNotDecreaseWithTheCodeLetter) {
  for (Severity severity : kSeverities) {
    for (double aql : AqlSeries()) {
      int64_t previous = 0;
      for (char letter : kLettersAtoR) {
        auto plan = MasterTablePlan(severity, letter, aql);
        ASSERT_TRUE(plan.ok());
        EXPECT_GE(plan->sample_size, previous) << SeverityName(severity) << letter << aql;
        previous = plan->sample_size;
      }
    }
  }
}

TEST(MasterTablePlan, UnknownLetterOrAqlIsRejected) {
  ExpectPlanError(MasterTablePlan(Severity::kNormal, 'I', 1.0).status(),
                  StatusCode::kInvalidArgument, "code_letter");
  ExpectPlanError(MasterTablePlan(Severity::kNormal, 'S', 1.0).status(),
                  StatusCode::kInvalidArgument, "code_letter");
  ExpectPlanError(MasterTablePlan(Severity::kNormal, 'K', 0.3).status(),
                  StatusCode::kInvalidArgument, "aql");
  // Table 2-B's row S is reached through arrows only; it is not a letter of Table 1.
  ExpectPlanError(MasterTablePlan(Severity::kTightened, 'S', 0.025).status(),
                  StatusCode::kInvalidArgument, "code_letter");
}

TEST(MasterTablePlan, TightenedRowSIsReachedFromRowsQAndRAtAql0025Only) {
  for (char letter : kLettersAtoR) {
    for (double aql : AqlSeries()) {
      auto plan = MasterTablePlan(Severity::kTightened, letter, aql);
      ASSERT_TRUE(plan.ok());
      const bool reaches_s = (letter == 'Q' || letter == 'R') && aql == 0.025;
      EXPECT_EQ(plan->plan_letter == 'S', reaches_s) << letter << " AQL " << aql;
      if (reaches_s) {
        EXPECT_EQ(plan->sample_size, 3150);
        EXPECT_EQ(plan->acceptance, 1);
      }
    }
  }
}

TEST(MasterTablePlan, ReducedNeverSamplesMoreThanNormal) {
  for (char letter : kLettersAtoR) {
    for (double aql : AqlSeries()) {
      auto normal = MasterTablePlan(Severity::kNormal, letter, aql);
      auto reduced = MasterTablePlan(Severity::kReduced, letter, aql);
      ASSERT_TRUE(normal.ok() && reduced.ok());
      EXPECT_LE(reduced->sample_size, normal->sample_size) << letter << " AQL " << aql;
    }
  }
}

// The textbook example for GB/T 2828.1: N = 50, level II, AQL 1.0 → letter D, arrow down →
// (13; 0, 1) from letter E.
TEST(SingleSamplingPlan, FollowsTheArrowWithItsOwnSampleSize) {
  auto plan = SingleSamplingPlan(50, InspectionLevel::kII, 1.0, Severity::kNormal);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->code_letter, 'D');
  EXPECT_EQ(plan->plan_letter, 'E');
  EXPECT_EQ(plan->sample_size, 13);
  EXPECT_EQ(plan->acceptance, 0);
  EXPECT_FALSE(plan->full_inspection);
}

TEST(SingleSamplingPlan, SampleAtLeastTheLotMeansFullInspection) {
  // Lot 10, level II → B; AQL 0.10 points down to letter K (n = 125) > 10.
  auto plan = SingleSamplingPlan(10, InspectionLevel::kII, 0.10, Severity::kNormal);
  ASSERT_TRUE(plan.ok());
  EXPECT_TRUE(plan->full_inspection);
  EXPECT_EQ(plan->sample_size, 10);
  EXPECT_EQ(plan->acceptance, 0);
}

TEST(AcceptanceOneStepTighter, IsTheCellToTheLeftInTable2A) {
  auto plan = MasterTablePlan(Severity::kNormal, 'K', 1.0);  // 125; 3, 4
  ASSERT_TRUE(plan.ok());
  auto tighter = AcceptanceOneStepTighter(*plan);
  ASSERT_TRUE(tighter.ok());
  EXPECT_EQ(*tighter, 2);                                      // K at AQL 0.65
  auto small = MasterTablePlan(Severity::kNormal, 'K', 0.40);  // 125; 1, 2
  ASSERT_TRUE(small.ok());
  ExpectPlanError(AcceptanceOneStepTighter(*small).status(), StatusCode::kInvalidArgument, "plan");
}

// ---- Switching rules (§9.3, §9.4) ----

SamplingPlan Plan(Severity severity, char letter, double aql) {
  auto plan = MasterTablePlan(severity, letter, aql);
  EXPECT_TRUE(plan.ok());
  return *plan;
}

// Feeds lots to `procedure`: 'A' accepted (0 nonconforming), 'N' not accepted (Re items).
std::vector<SwitchingState> Feed(SwitchingProcedure& procedure, std::string_view lots,
                                 char letter = 'K', double aql = 0.40) {
  std::vector<SwitchingState> states;
  for (char lot : lots) {
    static constexpr Severity kSeverityOf[] = {Severity::kNormal, Severity::kTightened,
                                               Severity::kReduced};
    SamplingPlan plan = Plan(kSeverityOf[static_cast<int>(procedure.state())], letter, aql);
    auto state = procedure.RecordLot(plan, lot == 'A' ? 0 : plan.rejection, Production::kSteady,
                                     ReducedApproval::kNotApproved);
    EXPECT_TRUE(state.ok()) << state.status().ToString();
    states.push_back(state.value_or(SwitchingState::kDiscontinued));
  }
  return states;
}

TEST(SwitchingProcedure, TwoRejectionsWithinFiveLotsTightenInspection) {
  SwitchingProcedure procedure;
  auto states = Feed(procedure, "ANAAN");
  EXPECT_EQ(states[3], SwitchingState::kNormal);
  EXPECT_EQ(states[4], SwitchingState::kTightened);
}

TEST(SwitchingProcedure, TwoRejectionsSixLotsApartStayNormal) {
  SwitchingProcedure procedure;
  auto states = Feed(procedure, "NAAAAN");
  EXPECT_EQ(states.back(), SwitchingState::kNormal);
}

TEST(SwitchingProcedure, FiveConsecutiveAcceptancesOnTightenedRestoreNormal) {
  SwitchingProcedure procedure;
  Feed(procedure, "NN");
  ASSERT_EQ(procedure.state(), SwitchingState::kTightened);
  auto states = Feed(procedure, "AAAANAAAA");
  EXPECT_EQ(states[4], SwitchingState::kTightened);  // the run was broken
  EXPECT_EQ(states.back(), SwitchingState::kTightened);
  EXPECT_EQ(Feed(procedure, "A").back(), SwitchingState::kNormal);
}

TEST(SwitchingProcedure, FiveRejectionsInOneTightenedSpellDiscontinue) {
  SwitchingProcedure procedure;
  Feed(procedure, "NN");
  auto states = Feed(procedure, "NANANANAN");
  EXPECT_EQ(states[7], SwitchingState::kTightened);
  EXPECT_EQ(states.back(), SwitchingState::kDiscontinued);
  SamplingPlan plan = Plan(Severity::kTightened, 'K', 0.40);
  ExpectPlanError(
      procedure.RecordLot(plan, 0, Production::kSteady, ReducedApproval::kNotApproved).status(),
      StatusCode::kFailedPrecondition, "state");
  ASSERT_TRUE(procedure.Resume().ok());
  EXPECT_EQ(procedure.state(), SwitchingState::kTightened);
  ExpectPlanError(procedure.Resume(), StatusCode::kFailedPrecondition, "state");
}

TEST(SwitchingProcedure, ScoreOfThirtyWithApprovalSwitchesToReduced) {
  SwitchingProcedure procedure;
  SamplingPlan plan = Plan(Severity::kNormal, 'K', 0.40);  // Ac 1: +2 per accepted lot
  for (int lot = 1; lot <= 15; ++lot) {
    auto state =
        procedure.RecordLot(plan, 1, Production::kSteady,
                            lot < 15 ? ReducedApproval::kNotApproved : ReducedApproval::kApproved);
    ASSERT_TRUE(state.ok());
    EXPECT_EQ(procedure.history().switching_score, lot < 15 ? 2 * lot : 0);
  }
  EXPECT_EQ(procedure.state(), SwitchingState::kReduced);
}

TEST(SwitchingProcedure, ScoreNeedsAcceptanceAtTheTighterAqlWhenAcIsTwoOrMore) {
  SwitchingProcedure procedure;
  SamplingPlan plan = Plan(Severity::kNormal, 'K', 1.0);  // 125; 3, 4; one step tighter Ac 2
  auto record = [&](int64_t nonconforming, Production production) {
    auto state = procedure.RecordLot(plan, nonconforming, production, ReducedApproval::kApproved);
    EXPECT_TRUE(state.ok());
  };
  record(2, Production::kSteady);
  record(2, Production::kSteady);
  EXPECT_EQ(procedure.history().switching_score, 6);
  record(3, Production::kSteady);  // accepted, but not at AQL 0.65: reset
  EXPECT_EQ(procedure.history().switching_score, 0);
  EXPECT_EQ(procedure.state(), SwitchingState::kNormal);
  for (int lot = 0; lot < 9; ++lot) {
    record(0, Production::kIrregularOrDelayed);  // score grows, production not steady
  }
  EXPECT_EQ(procedure.history().switching_score, 27);
  record(0, Production::kIrregularOrDelayed);
  EXPECT_EQ(procedure.state(), SwitchingState::kNormal);
  record(0, Production::kSteady);
  EXPECT_EQ(procedure.state(), SwitchingState::kReduced);
}

TEST(SwitchingProcedure, ReducedReturnsToNormalOnRejectionIrregularityOrDecision) {
  SwitchingHistory reduced;
  reduced.state = SwitchingState::kReduced;
  SamplingPlan plan = Plan(Severity::kReduced, 'K', 0.40);

  SwitchingProcedure rejected(reduced);
  EXPECT_EQ(
      *rejected.RecordLot(plan, plan.rejection, Production::kSteady, ReducedApproval::kApproved),
      SwitchingState::kNormal);

  SwitchingProcedure irregular(reduced);
  EXPECT_EQ(
      *irregular.RecordLot(plan, 0, Production::kIrregularOrDelayed, ReducedApproval::kApproved),
      SwitchingState::kNormal);

  SwitchingProcedure steady(reduced);
  EXPECT_EQ(*steady.RecordLot(plan, 0, Production::kSteady, ReducedApproval::kApproved),
            SwitchingState::kReduced);
  ASSERT_TRUE(steady.ReinstateNormal().ok());
  EXPECT_EQ(steady.state(), SwitchingState::kNormal);
  ExpectPlanError(steady.ReinstateNormal(), StatusCode::kFailedPrecondition, "state");
}

TEST(SwitchingProcedure, InjectedHistoryContinuesWhereItStopped) {
  SwitchingHistory history;
  history.state = SwitchingState::kTightened;
  history.consecutive_accepted_tightened = 4;
  SwitchingProcedure procedure(history);
  EXPECT_EQ(Feed(procedure, "A").back(), SwitchingState::kNormal);
  EXPECT_EQ(procedure.history().switching_score, 0);
}

TEST(SwitchingProcedure, PlanOfAnotherSeverityOrImpossibleCountIsRejected) {
  SwitchingProcedure procedure;
  SamplingPlan tightened = Plan(Severity::kTightened, 'K', 0.40);
  ExpectPlanError(
      procedure.RecordLot(tightened, 0, Production::kSteady, ReducedApproval::kApproved).status(),
      StatusCode::kInvalidArgument, "plan");
  SamplingPlan normal = Plan(Severity::kNormal, 'K', 0.40);
  ExpectPlanError(
      procedure.RecordLot(normal, -1, Production::kSteady, ReducedApproval::kApproved).status(),
      StatusCode::kInvalidArgument, "nonconforming");
  EXPECT_EQ(procedure.history().lots, 0);
}

}  // namespace
}  // namespace zq::inspection
