#include "inspection/sampling_plan.h"

#include <array>
#include <cmath>
#include <string>
#include <vector>

#include <fmt/format.h>

namespace zq::inspection {
namespace {

constexpr std::array<double, 26> kAqls = {0.010, 0.015, 0.025, 0.040, 0.065, 0.10, 0.15, 0.25, 0.40,
                                          0.65,  1.0,   1.5,   2.5,   4.0,   6.5,  10,   15,   25,
                                          40,    65,    100,   150,   250,   400,  650,  1000};

constexpr std::string_view kLetters = "ABCDEFGHJKLMNPQRS";

// Sample sizes per code letter: Tables 2-A and 2-B (A…S) and Table 2-C (A…R).
constexpr std::array<int64_t, 17> kNormalSizes = {2,   3,   5,   8,   13,  20,   32,   50,  80,
                                                  125, 200, 315, 500, 800, 1250, 2000, 3150};
constexpr std::array<int64_t, 16> kReducedSizes = {2,  2,  2,  3,   5,   8,   13,  20,
                                                   32, 50, 80, 125, 200, 315, 500, 800};

// The master tables as printed: one row per code letter, one cell per AQL of kAqls. "v" is the
// arrow ↓ (use the first plan below), "^" the arrow ↑ (first plan above), "-" a blank cell, a
// number is Ac with Re = Ac + 1 (every single sampling plan of ISO 2859-1:1999, reduced ones
// included: the 1999 edition removed the Ac/Re gap of MIL-STD-105E Table II-C). Table 2-A was
// transcribed on its own; 2-B and 2-C were rewritten from the cell-by-cell transcription of the
// printed standard that sampling_plan_test.cc checks all three against (testdata/README.md).
// GB/T 2828.1-2012 Table 2-A (表2-A 正常检验一次抽样方案).
constexpr std::array<std::string_view, 16> kNormal = {
    "v v v v v v v v v v v v v v 0 v v 1 2 3 5 7 10 14 21 30",   // A
    "v v v v v v v v v v v v v 0 ^ v 1 2 3 5 7 10 14 21 30 44",  // B
    "v v v v v v v v v v v v 0 ^ v 1 2 3 5 7 10 14 21 30 44 ^",  // C
    "v v v v v v v v v v v 0 ^ v 1 2 3 5 7 10 14 21 30 44 ^ ^",  // D
    "v v v v v v v v v v 0 ^ v 1 2 3 5 7 10 14 21 30 44 ^ ^ ^",  // E
    "v v v v v v v v v 0 ^ v 1 2 3 5 7 10 14 21 ^ ^ ^ ^ ^ ^",    // F
    "v v v v v v v v 0 ^ v 1 2 3 5 7 10 14 21 ^ ^ ^ ^ ^ ^ ^",    // G
    "v v v v v v v 0 ^ v 1 2 3 5 7 10 14 21 ^ ^ ^ ^ ^ ^ ^ ^",    // H
    "v v v v v v 0 ^ v 1 2 3 5 7 10 14 21 ^ ^ ^ ^ ^ ^ ^ ^ ^",    // J
    "v v v v v 0 ^ v 1 2 3 5 7 10 14 21 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^",    // K
    "v v v v 0 ^ v 1 2 3 5 7 10 14 21 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^",    // L
    "v v v 0 ^ v 1 2 3 5 7 10 14 21 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^",    // M
    "v v 0 ^ v 1 2 3 5 7 10 14 21 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^",    // N
    "v 0 ^ v 1 2 3 5 7 10 14 21 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^",    // P
    "0 ^ v 1 2 3 5 7 10 14 21 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^",    // Q
    "^ ^ 1 2 3 5 7 10 14 21 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^",    // R
};

// GB/T 2828.1-2012 Table 2-B (表2-B 加严检验一次抽样方案). Row S (n = 3150) holds one plan,
// reached from rows Q and R at AQL 0.025; Table 1 never gives S, so it is not a code letter.
constexpr std::array<std::string_view, 17> kTightened = {
    "v v v v v v v v v v v v v v v 0 v v 1 2 3 5 8 12 18 27",   // A
    "v v v v v v v v v v v v v v 0 v v 1 2 3 5 8 12 18 27 41",  // B
    "v v v v v v v v v v v v v 0 v v 1 2 3 5 8 12 18 27 41 ^",  // C
    "v v v v v v v v v v v v 0 v v 1 2 3 5 8 12 18 27 41 ^ ^",  // D
    "v v v v v v v v v v v 0 v v 1 2 3 5 8 12 18 27 41 ^ ^ ^",  // E
    "v v v v v v v v v v 0 v v 1 2 3 5 8 12 18 ^ ^ ^ ^ ^ ^",    // F
    "v v v v v v v v v 0 v v 1 2 3 5 8 12 18 ^ ^ ^ ^ ^ ^ ^",    // G
    "v v v v v v v v 0 v v 1 2 3 5 8 12 18 ^ ^ ^ ^ ^ ^ ^ ^",    // H
    "v v v v v v v 0 v v 1 2 3 5 8 12 18 ^ ^ ^ ^ ^ ^ ^ ^ ^",    // J
    "v v v v v v 0 v v 1 2 3 5 8 12 18 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^",    // K
    "v v v v v 0 v v 1 2 3 5 8 12 18 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^",    // L
    "v v v v 0 v v 1 2 3 5 8 12 18 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^",    // M
    "v v v 0 v v 1 2 3 5 8 12 18 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^",    // N
    "v v 0 v v 1 2 3 5 8 12 18 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^",    // P
    "v 0 v v 1 2 3 5 8 12 18 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^",    // Q
    "0 ^ v 1 2 3 5 8 12 18 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^",    // R
    "- - 1 - - - - - - - - - - - - - - - - - - - - - - -",      // S
};

// GB/T 2828.1-2012 Table 2-C (表2-C 放宽检验一次抽样方案), with its own sample sizes.
constexpr std::array<std::string_view, 16> kReduced = {
    "v v v v v v v v v v v v v v 0 v v 1 2 3 5 7 10 14 21 30",  // A
    "v v v v v v v v v v v v v 0 ^ v v 1 2 3 5 7 10 14 21 30",  // B
    "v v v v v v v v v v v v 0 ^ v v 1 2 3 5 6 8 10 14 21 ^",   // C
    "v v v v v v v v v v v 0 ^ v v 1 2 3 5 6 8 10 14 21 ^ ^",   // D
    "v v v v v v v v v v 0 ^ v v 1 2 3 5 6 8 10 14 21 ^ ^ ^",   // E
    "v v v v v v v v v 0 ^ v v 1 2 3 5 6 8 10 ^ ^ ^ ^ ^ ^",     // F
    "v v v v v v v v 0 ^ v v 1 2 3 5 6 8 10 ^ ^ ^ ^ ^ ^ ^",     // G
    "v v v v v v v 0 ^ v v 1 2 3 5 6 8 10 ^ ^ ^ ^ ^ ^ ^ ^",     // H
    "v v v v v v 0 ^ v v 1 2 3 5 6 8 10 ^ ^ ^ ^ ^ ^ ^ ^ ^",     // J
    "v v v v v 0 ^ v v 1 2 3 5 6 8 10 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^",     // K
    "v v v v 0 ^ v v 1 2 3 5 6 8 10 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^",     // L
    "v v v 0 ^ v v 1 2 3 5 6 8 10 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^",     // M
    "v v 0 ^ v v 1 2 3 5 6 8 10 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^",     // N
    "v 0 ^ v v 1 2 3 5 6 8 10 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^",     // P
    "0 ^ ^ v 1 2 3 5 6 8 10 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^",     // Q
    "^ ^ ^ 1 2 3 5 6 8 10 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^",     // R
};

constexpr int kDown = -1;
constexpr int kUp = -2;
constexpr int kBlank = -3;

// Parsed master table: cells_[row][aql] is kDown, kUp, kBlank or Ac.
struct MasterTable {
  std::vector<std::array<int, kAqls.size()>> cells;
  std::span<const int64_t> sizes;
};

template <size_t kRows>
MasterTable Parse(const std::array<std::string_view, kRows>& rows, std::span<const int64_t> sizes) {
  ZQ_CHECK(sizes.size() >= kRows);
  MasterTable table{std::vector<std::array<int, kAqls.size()>>(kRows), sizes};
  for (size_t r = 0; r < kRows; ++r) {
    std::string_view row = rows[r];
    size_t column = 0;
    while (!row.empty()) {
      size_t end = row.find(' ');
      std::string_view token = row.substr(0, end);
      row = end == std::string_view::npos ? std::string_view() : row.substr(end + 1);
      ZQ_CHECK(column < kAqls.size());
      int value = 0;
      if (token == "v") {
        value = kDown;
      } else if (token == "^") {
        value = kUp;
      } else if (token == "-") {
        value = kBlank;
      } else {
        for (char c : token) {
          ZQ_CHECK(c >= '0' && c <= '9');
          value = value * 10 + (c - '0');
        }
      }
      table.cells[r][column++] = value;
    }
    ZQ_CHECK(column == kAqls.size());  // every row has one cell per AQL of the series
  }
  return table;
}

const MasterTable& TableFor(Severity severity) {
  static const MasterTable normal = Parse(kNormal, kNormalSizes);
  static const MasterTable tightened = Parse(kTightened, kNormalSizes);
  static const MasterTable reduced = Parse(kReduced, kReducedSizes);
  switch (severity) {
    case Severity::kNormal:
      return normal;
    case Severity::kTightened:
      return tightened;
    case Severity::kReduced:
      return reduced;
  }
  ZQ_CHECK(false);
}

Result<size_t> AqlIndex(double aql) {
  for (size_t i = 0; i < kAqls.size(); ++i) {
    if (std::fabs(aql - kAqls[i]) <= 1e-9 * kAqls[i]) {
      return i;
    }
  }
  return Status::InvalidArgument(fmt::format("AQL {} is not in the series 0.010 … 1000", aql),
                                 "aql");
}

// Table 1 (表1 样本量字码). Upper lot-size bound of each row, then the letters for S-1, S-2, S-3,
// S-4, I, II, III.
struct LotRow {
  int64_t max_lot;
  std::string_view letters;
};

constexpr std::array<LotRow, 15> kTable1 = {{
    {8, "AAAAAAB"},
    {15, "AAAAABC"},
    {25, "AABBBCD"},
    {50, "ABBCCDE"},
    {90, "BBCCCEF"},
    {150, "BBCDDFG"},
    {280, "BCDEEGH"},
    {500, "BCDEFHJ"},
    {1200, "CCEFGJK"},
    {3200, "CDEGHKL"},
    {10000, "CDFGJLM"},
    {35000, "CDFHKMN"},
    {150000, "DEGJLNP"},
    {500000, "DEGJMPQ"},
    {INT64_MAX, "DEHKNQR"},
}};

}  // namespace

std::string_view SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kNormal:
      return "normal";
    case Severity::kTightened:
      return "tightened";
    case Severity::kReduced:
      return "reduced";
  }
  return "unknown";
}

std::span<const double> AqlSeries() { return kAqls; }

Result<char> SampleSizeCodeLetter(int64_t lot_size, InspectionLevel level) {
  if (lot_size < 2) {
    return Status::InvalidArgument("lot size must be at least 2 (GB/T 2828.1 Table 1)", "lot_size");
  }
  for (const LotRow& row : kTable1) {
    if (lot_size <= row.max_lot) {
      return row.letters[static_cast<size_t>(level)];
    }
  }
  ZQ_CHECK(false);  // the last row is unbounded
}

Result<SamplingPlan> MasterTablePlan(Severity severity, char code_letter, double aql) {
  const MasterTable& table = TableFor(severity);
  // Table 1 gives A…R; Table 2-B's row S is only ever reached through an arrow.
  size_t row = kLetters.find(code_letter);
  if (row == std::string_view::npos || code_letter == 'S') {
    return Status::InvalidArgument(fmt::format("no code letter '{}' in Table 1 (A…R)", code_letter),
                                   "code_letter");
  }
  ZQ_ASSIGN_OR_RETURN(size_t column, AqlIndex(aql));
  // Follow the arrows (Table 2 notes): ↓ first plan below, ↑ first plan above. The tables are
  // built so that every walk ends on a plan inside the table; the checks guard the transcription.
  while (table.cells[row][column] < 0) {
    ZQ_CHECK(table.cells[row][column] != kBlank);
    if (table.cells[row][column] == kDown) {
      ++row;
      ZQ_CHECK(row < table.cells.size());
    } else {
      ZQ_CHECK(row > 0);
      --row;
    }
  }
  SamplingPlan plan;
  plan.severity = severity;
  plan.aql = kAqls[column];
  plan.code_letter = code_letter;
  plan.plan_letter = kLetters[row];
  plan.sample_size = table.sizes[row];
  plan.acceptance = table.cells[row][column];
  plan.rejection = plan.acceptance + 1;
  return plan;
}

Result<SamplingPlan> SingleSamplingPlan(int64_t lot_size, InspectionLevel level, double aql,
                                        Severity severity) {
  ZQ_ASSIGN_OR_RETURN(char letter, SampleSizeCodeLetter(lot_size, level));
  ZQ_ASSIGN_OR_RETURN(SamplingPlan plan, MasterTablePlan(severity, letter, aql));
  // Table 2 note: if the sample size equals or exceeds the lot size, carry out 100 % inspection.
  if (plan.sample_size >= lot_size) {
    plan.sample_size = lot_size;
    plan.full_inspection = true;
  }
  return plan;
}

Result<int> AcceptanceOneStepTighter(const SamplingPlan& plan) {
  if (plan.severity != Severity::kNormal || plan.acceptance < 2) {
    return Status::InvalidArgument(
        "the one-step-tighter acceptance number applies to normal plans with Ac >= 2", "plan");
  }
  ZQ_ASSIGN_OR_RETURN(size_t column, AqlIndex(plan.aql));
  size_t row = kLetters.find(plan.plan_letter);
  const MasterTable& table = TableFor(Severity::kNormal);
  if (column == 0 || row == std::string_view::npos || row >= table.cells.size() ||
      table.cells[row][column] != plan.acceptance) {
    return Status::InvalidArgument("not a plan of Table 2-A", "plan");
  }
  // On Table 2-A's diagonals, a plan with Ac >= 2 always has a plan to its left (one AQL step
  // tighter, same sample size).
  int tighter = table.cells[row][column - 1];
  ZQ_CHECK(tighter >= 0);
  return tighter;
}

}  // namespace zq::inspection

namespace zq::inspection {

std::string_view SwitchingStateName(SwitchingState state) {
  switch (state) {
    case SwitchingState::kNormal:
      return "normal";
    case SwitchingState::kTightened:
      return "tightened";
    case SwitchingState::kReduced:
      return "reduced";
    case SwitchingState::kDiscontinued:
      return "discontinued";
  }
  return "unknown";
}

void SwitchingProcedure::Enter(SwitchingState state) {
  history_.state = state;
  // §9.3.3.2: the switching score starts at zero at the start of normal inspection; the
  // tightened counters start afresh with each tightened spell (§9.3.3, §9.4).
  history_.switching_score = 0;
  history_.recent_normal.clear();
  history_.consecutive_accepted_tightened = 0;
  history_.not_accepted_tightened = 0;
}

Result<SwitchingState> SwitchingProcedure::RecordLot(const SamplingPlan& plan,
                                                     int64_t nonconforming, Production production,
                                                     ReducedApproval approval) {
  if (history_.state == SwitchingState::kDiscontinued) {
    return Status::FailedPrecondition(
        "inspection is discontinued (GB/T 2828.1 §9.4) until the supplier has acted", "state");
  }
  static constexpr Severity kSeverityOf[] = {Severity::kNormal, Severity::kTightened,
                                             Severity::kReduced};
  Severity expected = kSeverityOf[static_cast<int>(history_.state)];
  if (plan.severity != expected) {
    return Status::InvalidArgument(fmt::format("the lot was inspected with a {} plan but "
                                               "inspection is {}",
                                               SeverityName(plan.severity), SeverityName(expected)),
                                   "plan");
  }
  if (nonconforming < 0 || nonconforming > plan.sample_size) {
    return Status::InvalidArgument("nonconforming items must lie in [0, sample size]",
                                   "nonconforming");
  }
  ++history_.lots;
  const bool accepted = plan.Accepts(nonconforming);
  switch (history_.state) {
    case SwitchingState::kNormal: {
      // §9.3.2: normal → tightened when 2 out of 5 or fewer consecutive lots are not accepted.
      int not_accepted = accepted ? 0 : 1;
      for (bool earlier : history_.recent_normal) {
        not_accepted += earlier ? 0 : 1;
      }
      if (!accepted && not_accepted >= 2) {
        Enter(SwitchingState::kTightened);
        break;
      }
      history_.recent_normal.push_back(accepted);
      if (history_.recent_normal.size() > 4) {
        history_.recent_normal.erase(history_.recent_normal.begin());
      }
      // §9.3.3.2 a) single sampling: with Ac >= 2 add 3 if the lot would have been accepted
      // at the AQL one step tighter, else reset; with Ac 0 or 1 add 2 if accepted, else reset.
      if (plan.acceptance >= 2) {
        ZQ_ASSIGN_OR_RETURN(int tighter, AcceptanceOneStepTighter(plan));
        history_.switching_score = nonconforming <= tighter ? history_.switching_score + 3 : 0;
      } else {
        history_.switching_score = accepted ? history_.switching_score + 2 : 0;
      }
      // §9.3.3.1: normal → reduced when the score reaches 30, production is steady and the
      // responsible authority approves.
      if (history_.switching_score >= 30 && production == Production::kSteady &&
          approval == ReducedApproval::kApproved) {
        Enter(SwitchingState::kReduced);
      }
      break;
    }
    case SwitchingState::kTightened:
      if (accepted) {
        // §9.3.3 (tightened → normal): 5 consecutive lots accepted on original inspection.
        if (++history_.consecutive_accepted_tightened >= 5) {
          Enter(SwitchingState::kNormal);
        }
      } else {
        history_.consecutive_accepted_tightened = 0;
        // §9.4: discontinue when the lots not accepted in one tightened spell reach 5.
        if (++history_.not_accepted_tightened >= 5) {
          history_.state = SwitchingState::kDiscontinued;
        }
      }
      break;
    case SwitchingState::kReduced:
      // §9.3.4 a), b): reduced → normal when a lot is not accepted or production is irregular.
      if (!accepted || production == Production::kIrregularOrDelayed) {
        Enter(SwitchingState::kNormal);
      }
      break;
    case SwitchingState::kDiscontinued:
      ZQ_CHECK(false);  // returned above
  }
  return history_.state;
}

Status SwitchingProcedure::ReinstateNormal() {
  if (history_.state != SwitchingState::kReduced) {
    return Status::FailedPrecondition("not on reduced inspection", "state");
  }
  Enter(SwitchingState::kNormal);
  return Status::Ok();
}

Status SwitchingProcedure::Resume() {
  if (history_.state != SwitchingState::kDiscontinued) {
    return Status::FailedPrecondition("inspection is not discontinued", "state");
  }
  Enter(SwitchingState::kTightened);
  return Status::Ok();
}

}  // namespace zq::inspection
