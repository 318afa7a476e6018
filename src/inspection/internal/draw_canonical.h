#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "inspection/random_draw.h"

// Validation and the canonical byte forms of the draw inputs (docs/random-draw.md §2).
namespace zq::inspection::internal {

// Sorted by byte value, duplicates removed.
std::vector<std::string> SortedUnique(std::vector<std::string> values);

// Validates every row and returns the frame in canonical order (by USCC): `frame` itself when
// it already is, else a sorted copy kept in `storage`. Category lists may stay unsorted (the
// serialisation sorts them). kInvalidArgument (field "frame.<name>") on a malformed row or a
// duplicate USCC.
Result<std::span<const FrameEntry>> CanonicalFrameRows(std::span<const FrameEntry> frame,
                                                       std::vector<FrameEntry>& storage);
// The same in place, and each category list sorted and de-duplicated.
Status CanonicaliseFrame(std::vector<FrameEntry>& frame);

// As CanonicalFrameRows for the inspector pool (by id; field "pool.<name>").
Result<std::span<const Inspector>> CanonicalPoolRows(std::span<const Inspector> pool,
                                                     std::vector<Inspector>& storage);
Status CanonicalisePool(std::vector<Inspector>& pool);

// The byte forms of rows in canonical order; lists are sorted and de-duplicated on the way.
std::string SerialiseFrame(std::span<const FrameEntry> canonical_frame);
std::string SerialisePool(std::span<const Inspector> canonical_pool);
// Validates the parameters too (kInvalidArgument with the parameter's name as field).
Result<std::string> SerialiseParameters(const DrawParameters& parameters);

// Whether a canonical frame holds `uscc` (binary search).
bool ContainsUscc(std::span<const FrameEntry> canonical_frame, std::string_view uscc);

// draw_ceremony.cc: sets scope_hash and exclusions_hash from the record's frame and exclusions.
Status SetEligibilityHashes(DrawRecord& record);
// The checks of VerifyDraw beyond the selection: the commitment (one seed, or the parties'
// contributions), the eligibility hashes and the ceremony's timestamps. `seed`: 32 raw bytes.
void VerifyCeremony(const DrawRecord& record, const std::string& seed,
                    std::vector<DrawMismatch>& out);

}  // namespace zq::inspection::internal
