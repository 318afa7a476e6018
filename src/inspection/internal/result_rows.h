#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "auth/caller.h"
#include "auth/crypto.h"
#include "core/result.h"
#include "inspection/results.h"
#include "store/database.h"
#include "store/row_mapping.h"

// Shared pieces of ResultService's .cc files: row mapping, scope, dates and validation.
namespace zq::inspection::internal {

// What a caller may do with one batch or follow-up.
enum class Reach { kNone, kRead, kOwnFirm, kWrite };

// Regulators write within the plan's region; regulators and analysts read a batch of a plan in
// their jurisdiction or of a firm in it (the firm's local bureau does the follow-up); an
// enterprise reaches its own batches. FirmRegion::kWrites lets a regulator of the firm's region
// write (follow-up steps).
enum class FirmRegion { kReads, kWrites };

Reach ReachOf(const auth::Caller& caller, std::string_view plan_region,
              std::string_view firm_region, std::string_view uscc,
              FirmRegion firm = FirmRegion::kReads);

struct BatchRow {
  Batch batch;
  std::string plan_region;
  std::string plan_name;
  std::string authority;
  std::string sealed_samplers;  // as stored; BatchFromRow opens them into batch.sampling
};

// A batch's columns with its plan's code, region, name and authority and the firm's name
// (aliases b, p, e), declared once: SELECT list and row mapping.
const store::Columns<BatchRow>& BatchColumns();

// "SELECT <BatchColumns> FROM inspection_batches b JOIN … ", for a WHERE clause to follow.
const std::string& BatchSelect();

// Maps a row of BatchSelect(); the samplers are opened and masked unless `full_personal_data`.
Result<BatchRow> BatchFromRow(const store::Row& row, const auth::PersonalDataCipher& cipher,
                              bool full_personal_data);

// Loads the batch's items (both stages) and appeals into `batch`.
Status LoadDetails(store::Transaction& tx, Batch& batch);

Status InsertItems(store::Transaction& tx, std::int64_t batch_id, std::string_view stage,
                   const std::vector<TestItem>& items);

// Validation with the field named (e.g. "items[2].method"); tested_on must not be after `today`.
Status ValidateSampling(const SamplingRecord& record);
Status ValidateResults(const TestResults& results, std::string_view today);

std::string AddDays(std::string_view date, int days);  // date must be valid
// The last day of a window opened on `from` ("within N days of D" ends on D + N).
Result<std::string> WindowEnd(std::string_view from, const Window& window);

// The last day of a window paused on `paused_on` (its `deadline` not yet passed) and resumed on
// `resumed_on`: the days left after `paused_on` (calendar or working days, as the window counts)
// counted again from `resumed_on`.
Result<std::string> ResumedWindowEnd(std::string_view deadline, std::string_view paused_on,
                                     std::string_view resumed_on, DayCount count);

// ISO dates compare as text.
inline bool DateAfter(std::string_view a, std::string_view b) { return a > b; }

// A follow-up's columns with its batch's product and the firm's name (aliases f, b, e),
// declared once; FollowUpSelect() adds the plan's region (alias p) after them, for a WHERE
// clause to follow.
const store::Columns<FollowUp>& FollowUpColumns();
const std::string& FollowUpSelect();
inline constexpr std::size_t kFollowUpPlanRegion = 16;  // its column: FollowUpColumns().size()
FollowUp FollowUpFromRow(const store::Row& row, std::string_view today);

}  // namespace zq::inspection::internal
