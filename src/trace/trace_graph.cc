#include "trace/trace_graph.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>

#include "core/calendar.h"

namespace zq::trace {
namespace {

using store::Value;

// Events are read in slices of ids, so that a first load of a province's events never holds
// more than one slice's rows at once.
constexpr std::int64_t kLoadSlice = 200'000;

GraphEventType TypeOf(std::string_view type) {
  if (type == "AggregationEvent")
    return GraphEventType::kAggregation;
  if (type == "TransactionEvent")
    return GraphEventType::kTransaction;
  if (type == "TransformationEvent")
    return GraphEventType::kTransformation;
  if (type == "AssociationEvent")
    return GraphEventType::kAssociation;
  return GraphEventType::kObject;
}

GraphAction ActionOf(std::string_view action) {
  if (action == "ADD")
    return GraphAction::kAdd;
  if (action == "OBSERVE")
    return GraphAction::kObserve;
  if (action == "DELETE")
    return GraphAction::kDelete;
  return GraphAction::kNone;
}

MemberPart PartOf(std::string_view part) {
  if (part == "parent")
    return MemberPart::kParent;
  if (part == "child")
    return MemberPart::kChild;
  if (part == "input")
    return MemberPart::kInput;
  if (part == "output")
    return MemberPart::kOutput;
  return MemberPart::kEpc;  // epc, quantity
}

PartyType PartyTypeOf(std::string_view type) {
  if (type.ends_with("SDT-location"))
    return PartyType::kLocation;
  if (type.ends_with("SDT-possessing_party"))
    return PartyType::kPossessingParty;
  if (type.ends_with("SDT-owning_party"))
    return PartyType::kOwningParty;
  return PartyType::kOther;
}

// The GTIN-14 of an item or lot in canonical Digital Link form, "" for another identifier.
std::string_view GtinOf(std::string_view id) {
  constexpr std::string_view kPrefix = "https://id.gs1.org/01/";
  if (!id.starts_with(kPrefix) || id.size() < kPrefix.size() + 14)
    return {};
  return id.substr(kPrefix.size(), 14);
}

const std::vector<std::uint32_t> kNone;

}  // namespace

struct TraceGraph::Loaded {
  GraphEvent event;
  std::vector<GraphMember> members;
  std::vector<GraphParty> parties;
};

std::int64_t EventTimeMs(std::string_view utc) {
  Result<std::chrono::sys_time<std::chrono::milliseconds>> t = ParseTimestamp(utc);
  return t.ok() ? t->time_since_epoch().count() : 0;
}

std::string EventTimeText(std::int64_t ms) {
  const std::chrono::sys_time<std::chrono::milliseconds> t{std::chrono::milliseconds(ms)};
  const std::string seconds = FormatUtcTimestamp(t);  // "…:SSZ"
  const std::int64_t frac = ((ms % 1000) + 1000) % 1000;
  std::string millis = std::to_string(1000 + frac).substr(1);
  return seconds.substr(0, seconds.size() - 1) + "." + millis + "Z";
}

std::uint32_t TraceGraph::Intern(std::string_view name) {
  if (auto it = ids_.find(name); it != ids_.end())
    return it->second;
  const auto node = static_cast<std::uint32_t>(names_.size());
  const std::string& stored = names_.emplace_back(name);
  ids_.emplace(stored, node);
  by_node_.emplace_back();
  if (const std::string_view gtin = GtinOf(stored); !gtin.empty())
    by_gtin_[std::string(gtin)].push_back(node);
  return node;
}

std::optional<std::uint32_t> TraceGraph::Find(std::string_view identifier) const {
  auto it = ids_.find(identifier);
  return it == ids_.end() ? std::nullopt : std::optional<std::uint32_t>(it->second);
}

const std::vector<std::uint32_t>& TraceGraph::OfGtin(std::string_view gtin14) const {
  auto it = by_gtin_.find(std::string(gtin14));
  return it == by_gtin_.end() ? kNone : it->second;
}

const std::vector<std::uint32_t>& TraceGraph::EventsOf(std::uint32_t node) const {
  return node < by_node_.size() ? by_node_[node] : kNone;
}

const GraphMember* TraceGraph::MemberOf(const GraphEvent& e, std::uint32_t node) const {
  for (const GraphMember& m : Members(e)) {
    if (m.node == node)
      return &m;
  }
  return nullptr;
}

void TraceGraph::Add(Loaded&& loaded) {
  GraphEvent e = loaded.event;
  e.first_member = static_cast<std::uint32_t>(members_.size());
  e.member_count = static_cast<std::uint16_t>(std::min<std::size_t>(loaded.members.size(), 65535));
  e.first_party = static_cast<std::uint32_t>(parties_.size());
  e.party_count = static_cast<std::uint8_t>(std::min<std::size_t>(loaded.parties.size(), 255));
  members_.insert(members_.end(), loaded.members.begin(), loaded.members.begin() + e.member_count);
  parties_.insert(parties_.end(), loaded.parties.begin(), loaded.parties.begin() + e.party_count);
  const auto index = static_cast<std::uint32_t>(events_.size());
  events_.push_back(e);
  const auto by_time = [this](std::uint32_t a, std::uint32_t b) {
    return events_[a].time_ms < events_[b].time_ms;
  };
  for (std::size_t i = 0; i < e.member_count; ++i) {
    std::vector<std::uint32_t>& list = by_node_[loaded.members[i].node];
    if (!list.empty() && list.back() == index)
      continue;  // named twice in one event
    list.insert(std::upper_bound(list.begin(), list.end(), index, by_time), index);
  }
}

Status TraceGraph::Refresh(store::Transaction& tx) {
  ZQ_ASSIGN_OR_RETURN(store::ResultSet top, tx.Query("SELECT MAX(id) FROM trace_events"));
  const std::int64_t high = top.rows.at(0).IsNull(0) ? 0 : top.rows.at(0).GetInt(0);
  std::int64_t low = max_row_;
  if (!gaps_.empty()) {  // ids below the newest that were not committed when last read
    const std::vector<Value> p(gaps_.begin(), gaps_.end());
    std::string sql = "SELECT MIN(id) FROM trace_events WHERE id IN (?";
    for (std::size_t i = 1; i < p.size(); ++i) sql += ", ?";
    ZQ_ASSIGN_OR_RETURN(store::ResultSet found, tx.Query(sql + ")", p));
    if (!found.rows.at(0).IsNull(0))
      low = std::min(low, found.rows.at(0).GetInt(0) - 1);
  }
  if (high <= max_row_ && low == max_row_)
    return Status::Ok();
  for (std::int64_t from = low; from < high; from += kLoadSlice) {
    const Value range[] = {from, std::min(high, from + kLoadSlice)};
    std::map<std::int64_t, Loaded> slice;
    ZQ_RETURN_IF_ERROR(tx.QueryEach(
        "SELECT id, event_type, event_time, action, biz_step, biz_location, read_point "
        "FROM trace_events WHERE id > ? AND id <= ?",
        range, [&](const store::Row& row) {
          const std::int64_t id = row.GetInt(0);
          if (id <= max_row_ && !gaps_.contains(id))
            return true;  // loaded already
          Loaded& l = slice[id];
          l.event.row = id;
          l.event.type = TypeOf(row.GetText(1));
          l.event.time_ms = EventTimeMs(row.GetText(2));
          l.event.action = ActionOf(row.GetText(3));
          const std::string step = row.GetText(4);
          l.event.biz_step = step.empty() ? kNoNode : Intern(step);
          std::string where = row.GetText(5);
          if (where.empty())
            where = row.GetText(6);
          l.event.location = where.empty() ? kNoNode : Intern(where);
          return true;
        }));
    if (slice.empty())
      continue;
    ZQ_RETURN_IF_ERROR(
        tx.QueryEach("SELECT event, role, epc FROM trace_event_epcs WHERE event > ? AND event <= ?",
                     range, [&](const store::Row& row) {
                       if (auto it = slice.find(row.GetInt(0)); it != slice.end())
                         it->second.members.push_back(
                             {.node = Intern(row.GetText(2)), .part = PartOf(row.GetText(1))});
                       return true;
                     }));
    ZQ_RETURN_IF_ERROR(
        tx.QueryEach("SELECT event, role, epc_class, quantity, uom FROM trace_event_quantities "
                     "WHERE event > ? AND event <= ?",
                     range, [&](const store::Row& row) {
                       if (auto it = slice.find(row.GetInt(0)); it != slice.end()) {
                         const std::string uom = row.GetText(4);
                         it->second.members.push_back(
                             {.node = Intern(row.GetText(2)),
                              .uom = uom.empty() ? kNoNode : Intern(uom),
                              .quantity = row.IsNull(3) ? std::nan("") : row.GetDouble(3),
                              .part = PartOf(row.GetText(1)),
                              .is_class = true});
                       }
                       return true;
                     }));
    ZQ_RETURN_IF_ERROR(tx.QueryEach(
        "SELECT event, role, type, id FROM trace_event_parties WHERE event > ? AND event <= ? "
        "AND role <> 'bizTransaction'",
        range, [&](const store::Row& row) {
          if (auto it = slice.find(row.GetInt(0)); it != slice.end()) {
            it->second.parties.push_back(
                {.id = Intern(row.GetText(3)),
                 .side = row.GetText(1) == "source" ? PartySide::kSource : PartySide::kDestination,
                 .type = PartyTypeOf(row.GetText(2))});
          }
          return true;
        }));
    for (auto& [id, loaded] : slice) {
      Add(std::move(loaded));
      gaps_.erase(id);
      // An id skipped between the newest loaded and this one is a gap: a capture that had not
      // committed yet (or rolled back), looked for again at the next refresh.
      for (std::int64_t g = std::max(max_row_, id - kRefreshWindow) + 1; g < id; ++g)
        gaps_.insert(g);
      max_row_ = std::max(max_row_, id);
    }
  }
  // A gap older than the window is taken for a rolled-back capture.
  gaps_.erase(gaps_.begin(), gaps_.upper_bound(max_row_ - kRefreshWindow));
  while (gaps_.size() > kMaxGaps) gaps_.erase(gaps_.begin());
  return Status::Ok();
}

std::size_t TraceGraph::MemoryBytes() const {
  std::size_t bytes = events_.capacity() * sizeof(GraphEvent) +
                      members_.capacity() * sizeof(GraphMember) +
                      parties_.capacity() * sizeof(GraphParty) +
                      by_node_.capacity() * sizeof(std::vector<std::uint32_t>);
  for (const auto& list : by_node_) bytes += list.capacity() * sizeof(std::uint32_t);
  for (const std::string& name : names_) bytes += sizeof(std::string) + name.capacity() + 1;
  // The hash index: a node per entry (key view, value, next pointer, cached hash) and buckets.
  bytes += ids_.size() * (sizeof(std::string_view) + 3 * sizeof(void*)) +
           ids_.bucket_count() * sizeof(void*);
  for (const auto& [gtin, nodes] : by_gtin_)
    bytes += sizeof(gtin) + 3 * sizeof(void*) + nodes.capacity() * sizeof(std::uint32_t);
  return bytes;
}

}  // namespace zq::trace
