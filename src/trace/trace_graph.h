#pragma once
// The trace graph (追溯图): a compact in-memory copy of what the stored EPCIS events say about
// movement — which identifiers (items, lots, containers) an event names and in which role
// (epc, parent/child, input/output), when, where, and to or from whom — read from the trace
// tables (migrations/0001_trace.sql) and brought up to date by Refresh before each trace. The
// walks over it are in trace_walk.h; README.md ("The trace graph") gives the design and its
// figures.
#include <cstdint>
#include <deque>
#include <limits>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.h"
#include "store/database.h"

namespace zq::trace {

// What an event is, for the graph.
enum class GraphEventType : std::uint8_t {
  kObject,
  kAggregation,
  kTransaction,
  kTransformation,
  kAssociation,
};
enum class GraphAction : std::uint8_t { kNone, kAdd, kObserve, kDelete };
// The part of an identifier in an event (trace_event_epcs.role / trace_event_quantities.role).
enum class MemberPart : std::uint8_t { kEpc, kParent, kChild, kInput, kOutput };
// The role of a party in an event: a source or a destination; and its CBV type.
enum class PartySide : std::uint8_t { kSource, kDestination };
enum class PartyType : std::uint8_t { kLocation, kPossessingParty, kOwningParty, kOther };

inline constexpr std::uint32_t kNoNode = std::numeric_limits<std::uint32_t>::max();
inline constexpr std::int64_t kNever = std::numeric_limits<std::int64_t>::max();

// One identifier an event names. `quantity` is the event's quantity for a class (NaN when it
// gives none, or for an instance); `uom` an interned UN/ECE unit (kNoNode for none).
struct GraphMember {
  std::uint32_t node = kNoNode;
  std::uint32_t uom = kNoNode;
  double quantity = std::numeric_limits<double>::quiet_NaN();
  MemberPart part = MemberPart::kEpc;
  bool is_class = false;  // from a quantity list (a class such as an LGTIN), not an EPC list
};

struct GraphParty {
  std::uint32_t id = kNoNode;  // interned party or location identifier
  PartySide side = PartySide::kSource;
  PartyType type = PartyType::kOther;
};

// One stored event, 40 bytes; its members and parties are slices of the graph's arrays.
struct GraphEvent {
  std::int64_t row = 0;      // trace_events.id
  std::int64_t time_ms = 0;  // event time, milliseconds since 1970 UTC
  std::uint32_t biz_step = kNoNode;
  std::uint32_t location = kNoNode;  // bizLocation, else readPoint
  std::uint32_t first_member = 0;
  std::uint32_t first_party = 0;
  std::uint16_t member_count = 0;
  std::uint8_t party_count = 0;
  GraphEventType type = GraphEventType::kObject;
  GraphAction action = GraphAction::kNone;
};

class TraceGraph {
 public:
  // Reads the events stored since the last call (every event at the first). Events are found by
  // id: those above the newest loaded, and the ids skipped below it (gaps: a concurrent capture
  // that committed later, or one rolled back) within the newest kRefreshWindow ids, at most
  // kMaxGaps of them. When nothing changed it reads MAX(id) and looks the gaps up, both by the
  // primary key.
  Status Refresh(store::Transaction& tx);
  static constexpr std::int64_t kRefreshWindow = 65536;
  static constexpr std::size_t kMaxGaps = 1000;

  // The node of an identifier in canonical form; nullopt when no event names it.
  std::optional<std::uint32_t> Find(std::string_view identifier) const;

  const std::string& Name(std::uint32_t node) const { return names_[node]; }

  // The item and lot nodes of a GTIN (14 digits), in the order first named.
  const std::vector<std::uint32_t>& OfGtin(std::string_view gtin14) const;

  const GraphEvent& Event(std::uint32_t e) const { return events_[e]; }

  // The events naming `node` (in any role), in event time order.
  const std::vector<std::uint32_t>& EventsOf(std::uint32_t node) const;

  std::span<const GraphMember> Members(const GraphEvent& e) const {
    return {members_.data() + e.first_member, e.member_count};
  }

  std::span<const GraphParty> Parties(const GraphEvent& e) const {
    return {parties_.data() + e.first_party, e.party_count};
  }

  // The role of `node` in event `e` (the first it has there), nullopt when it has none.
  const GraphMember* MemberOf(const GraphEvent& e, std::uint32_t node) const;

  std::size_t event_count() const { return events_.size(); }

  std::size_t member_count() const { return members_.size(); }

  std::size_t node_count() const { return names_.size(); }

  // Bytes the graph holds (arrays, indexes and names), for the figures.
  std::size_t MemoryBytes() const;

 private:
  struct Loaded;
  std::uint32_t Intern(std::string_view name);
  void Add(Loaded&& loaded);

  std::deque<std::string> names_;  // stable: ids_ keys view them
  std::unordered_map<std::string_view, std::uint32_t> ids_;
  std::unordered_map<std::string, std::vector<std::uint32_t>> by_gtin_;
  std::vector<std::vector<std::uint32_t>> by_node_;
  std::vector<GraphEvent> events_;
  std::vector<GraphMember> members_;
  std::vector<GraphParty> parties_;
  std::int64_t max_row_ = 0;     // the newest event loaded
  std::set<std::int64_t> gaps_;  // ids below max_row_ not (yet) seen, within the window
};

// Milliseconds since 1970 UTC of a stored event time ("2020-03-04T10:00:30.000Z"); 0 when the
// text is not one.
std::int64_t EventTimeMs(std::string_view utc);
// The stored form again ("2020-03-04T10:00:30.000Z").
std::string EventTimeText(std::int64_t ms);

}  // namespace zq::trace
