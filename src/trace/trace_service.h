#pragma once
// Forward and backward trace (正向/反向追溯) over the captured EPCIS events, with the firms and
// regions they reached named through the trace master data (party_directory.h). The graph
// (trace_graph.h) is kept in memory and brought up to date from the tables before each trace, so
// an event captured by any process is traced from the next call on.
//
// The recall seam: WhereDidItGo(lot) answers "where did this lot go, and in what quantities" — the
// destinations (location, firm, region) with the quantity of the lot, or of what was made from
// it, that reached each and when. The recall module calls it to find whom to notify.
#include <cstdint>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "auth/caller.h"
#include "core/result.h"
#include "store/database.h"
#include "trace/party_directory.h"
#include "trace/trace_graph.h"
#include "trace/trace_walk.h"

namespace zq::trace {

// What to trace: `id` is an EPC URN, a GS1 Digital Link URI, "GTIN+LOT" (a lot of a GTIN), or a
// bare GTIN (8 to 14 digits) for every item and lot of it first recorded (commissioned or
// produced) within [produced_from, produced_to] — dates "YYYY-MM-DD" (the whole day, UTC) or
// RFC 3339 instants; empty for no bound.
struct TraceQuery {
  std::string id;
  std::string produced_from;
  std::string produced_to;
};

// A firm as the answer names it: the registered entity at a location or owning the identifier's
// company prefix; nullopt when the master data link none.
using Firm = std::optional<Party>;

// One row of the answer: an event as it concerns the traced goods (FSMA 204's key data
// elements: what, how much, where, when, with whom, under which documents).
struct TraceRow {
  std::string cte;         // commissioning, production, transformation, shipping, receiving, …
  std::string event_time;  // UTC, "2026-03-04T10:00:30.000Z"
  std::string what;        // the traceability lot code or item (canonical Digital Link)
  std::string via;         // the container it travelled in, "" when none
  std::optional<double> quantity;
  std::string uom;
  std::string location;     // bizLocation (else readPoint), "" when none
  Firm firm;                // at `location`
  std::string counterpart;  // ship-to, ship-from, the output (forward) or the input (backward)
  Firm counterpart_firm;
  int depth = 0;
  std::string event_hash;
  std::string biz_transactions;  // "type id" pairs, "; "-joined (type a CBV word when standard)
  std::int64_t event_row = 0;    // trace_events.id
};

// A place the traced goods reached, with the quantity that arrived there (as received, or as
// shipped to it when no receiving was recorded) and when.
struct Destination {
  std::string location;
  Firm firm;
  std::string what;
  std::optional<double> quantity;  // nullopt when the events give no quantity
  std::string uom;
  std::string first_time;
  std::string last_time;
  int depth = 0;
};

// Where the traced goods are now: arrived there, net of what was shipped on, used up as an input
// or decommissioned. in_transit: shipped there and not yet recorded as received.
struct Holder {
  std::string location;
  Firm firm;
  std::string what;
  std::optional<double> quantity;
  std::string uom;
  std::string since;
  bool in_transit = false;
};

// An input of the traced goods (backward) and where it came from: the place it was first
// recorded (commissioned or produced) and that place's firm, else the owner of its prefix.
struct InputLot {
  std::string what;
  int depth = 0;
  std::optional<double> quantity;  // used in the transformations that made the traced goods
  std::string uom;
  std::string origin;  // location
  Firm origin_firm;
  std::string first_time;
};

enum class Direction { kForward, kBackward };

struct TraceAnswer {
  Direction direction = Direction::kForward;
  std::vector<std::string> roots;
  std::vector<TraceRow> rows;                    // sorted by event time, then depth
  std::vector<Destination> destinations;         // forward
  std::vector<Holder> holders;                   // forward
  std::vector<InputLot> inputs;                  // backward
  std::vector<std::vector<std::string>> cycles;  // bad data: each a path, first = last
  bool truncated = false;
  // Parts of the chain lie beyond what the caller may see and are left out (Trace with a caller).
  bool withheld = false;
};

class TraceService {
 public:
  // `parties` may be null: firms are then left unnamed.
  TraceService(store::Database& db, const PartyDirectory* parties, WalkLimits limits = {})
      : db_(db), parties_(parties), limits_(limits) {}

  // kInvalidArgument (field "id", "producedFrom", "producedTo") for an identifier or date that
  // cannot be read; kNotFound (field "id") when no captured event names it.
  // The operator's trace (the command line, the bench): the whole chain.
  Result<TraceAnswer> Trace(const TraceQuery& query, Direction direction);

  // The trace as `caller` may see it (ReadScope, master_data.h): the chain is walked whole, so
  // that goods made elsewhere from the traced lot are still found, but the answer keeps only the
  // rows of events the caller's event queries see, the destinations and holders at places of
  // its scope, the inputs whose origin firm is in it, and names no counterpart firm outside it;
  // `withheld` says that something was left out; cycles are kept for callers who see everything.
  // kNotFound, as for an identifier no event names, when nothing of the answer is the caller's;
  // kPermissionDenied for a caller who may read no trace records.
  Result<TraceAnswer> Trace(const auth::Caller& caller, const TraceQuery& query,
                            Direction direction);

  // The recall seam (the operator's view, unscoped): every place the lot (or item, or container:
  // any id TraceQuery takes) and what was made from it reached, with its firm and region, the
  // quantity that arrived and the first and last arrival. The same as Trace(…,
  // kForward).destinations, without reading the rows' event hashes and documents.
  Result<std::vector<Destination>> WhereDidItGo(std::string_view id);

  // The graph's size now (for `zq trace` figures and the bench).
  struct GraphSize {
    std::size_t events = 0;
    std::size_t members = 0;
    std::size_t nodes = 0;
    std::size_t bytes = 0;
  };

  Result<GraphSize> Size();

 private:
  enum class Rows { kWith, kWithout };
  Result<TraceAnswer> Answer(const TraceQuery& query, Direction direction, Rows rows);
  Result<std::vector<std::uint32_t>> Roots(const TraceQuery& query) const;

  store::Database& db_;
  const PartyDirectory* parties_;
  WalkLimits limits_;
  std::shared_mutex mutex_;  // the graph: refreshed exclusively, walked shared
  TraceGraph graph_;
};

std::string_view DirectionName(Direction d);  // "forward" | "backward"

}  // namespace zq::trace
