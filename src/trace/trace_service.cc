#include "trace/trace_service.h"

#include <algorithm>
#include <map>
#include <mutex>

#include "core/calendar.h"
#include "trace/digital_link.h"
#include "trace/event_query.h"
#include "trace/master_data.h"
#include "trace/trace_answer.h"

namespace zq::trace {
namespace {

using store::Value;

// Rows read per IN (…) list when the answer's events are looked up.
constexpr std::size_t kLookupBatch = 500;

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A bound of the production window in milliseconds: a date is its whole day (UTC), an instant
// itself. `upper` makes a date's bound the end of its day.
Result<std::int64_t> WindowBound(std::string_view text, bool upper, std::string_view field) {
  if (text.size() == 10) {
    ZQ_ASSIGN_OR_RETURN(const std::int32_t day, DayNumber(text, field));
    return (std::int64_t{day} + (upper ? 1 : 0)) * 86'400'000 - (upper ? 1 : 0);
  }
  ZQ_ASSIGN_OR_RETURN(const auto t, ParseTimestamp(text, field));
  return t.time_since_epoch().count();
}

// The word of a CBV web URI or URN ("https://ref.gs1.org/cbv/BTT-po" → "po").
std::string CbvWord(const std::string& uri) {
  const auto cut = uri.find_last_of("-:");
  return uri.starts_with("https://ref.gs1.org/cbv/") || uri.starts_with("urn:epcglobal:cbv:")
             ? uri.substr(cut + 1)
             : uri;
}

std::string Placeholders(std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += i == 0 ? "?" : ", ?";
  return out;
}

// Fills each row's event hash and business documents from the tables.
Status FillDocuments(store::Transaction& tx, std::vector<TraceRow>& rows) {
  std::vector<std::int64_t> ids;
  for (const TraceRow& r : rows) ids.push_back(r.event_row);
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  std::map<std::int64_t, std::pair<std::string, std::string>> found;  // hash, documents
  for (std::size_t at = 0; at < ids.size(); at += kLookupBatch) {
    const std::size_t n = std::min(kLookupBatch, ids.size() - at);
    const std::vector<Value> p(ids.begin() + static_cast<std::ptrdiff_t>(at),
                               ids.begin() + static_cast<std::ptrdiff_t>(at + n));
    ZQ_RETURN_IF_ERROR(tx.QueryEach(
        "SELECT id, event_hash FROM trace_events WHERE id IN (" + Placeholders(n) + ")", p,
        [&](const store::Row& row) {
          found[row.GetInt(0)].first = row.GetText(1);
          return true;
        }));
    ZQ_RETURN_IF_ERROR(tx.QueryEach(
        "SELECT event, type, id FROM trace_event_parties WHERE role = 'bizTransaction' AND "
        "event IN (" +
            Placeholders(n) + ") ORDER BY event, type, id",
        p, [&](const store::Row& row) {
          std::string& docs = found[row.GetInt(0)].second;
          const std::string type = CbvWord(row.GetText(1));
          docs += (docs.empty() ? "" : "; ") + (type.empty() ? "" : type + " ") + row.GetText(2);
          return true;
        }));
  }
  for (TraceRow& r : rows) {
    const auto& [hash, docs] = found[r.event_row];
    r.event_hash = hash;
    r.biz_transactions = docs;
  }
  return Status::Ok();
}

// Names the firms of an answer through the master data, each place asked once.
class FirmNamer {
 public:
  explicit FirmNamer(const PartyDirectory* parties) : parties_(parties) {}

  // The firm at a location, else the owner of its company prefix.
  Result<Firm> operator()(const std::string& where) {
    if (parties_ == nullptr || where.empty())
      return Firm();
    if (auto it = cache_.find(where); it != cache_.end())
      return it->second;
    ZQ_ASSIGN_OR_RETURN(Firm firm, parties_->AtLocation(where));
    if (!firm) {
      ZQ_ASSIGN_OR_RETURN(firm, parties_->OwnerOf(where));
    }
    cache_.emplace(where, firm);
    return firm;
  }

 private:
  const PartyDirectory* parties_;
  std::map<std::string, Firm> cache_;
};

Status NameFirms(const PartyDirectory* parties, TraceAnswer& a) {
  FirmNamer name(parties);
  for (TraceRow& r : a.rows) {
    ZQ_ASSIGN_OR_RETURN(r.firm, name(r.location));
    ZQ_ASSIGN_OR_RETURN(r.counterpart_firm, name(r.counterpart));
  }
  for (Destination& d : a.destinations) {
    ZQ_ASSIGN_OR_RETURN(d.firm, name(d.location));
  }
  for (Holder& h : a.holders) {
    ZQ_ASSIGN_OR_RETURN(h.firm, name(h.location));
  }
  for (InputLot& in : a.inputs) {
    ZQ_ASSIGN_OR_RETURN(in.origin_firm, name(in.origin));
    if (!in.origin_firm && parties != nullptr) {
      ZQ_ASSIGN_OR_RETURN(in.origin_firm, parties->OwnerOf(in.what));
    }
  }
  return Status::Ok();
}

// Keeps of `a` what `caller` may see (TraceService::Trace with a caller). False when nothing is
// left.
Result<bool> KeepInScope(store::Transaction& tx, const auth::Caller& caller, TraceAnswer& a) {
  std::vector<std::int64_t> ids;
  for (const TraceRow& r : a.rows) ids.push_back(r.event_row);
  ZQ_ASSIGN_OR_RETURN(const auto visible, EventsInScope(tx, caller, ids));
  if (!visible)
    return true;  // the caller sees every event
  const std::size_t before =
      a.rows.size() + a.destinations.size() + a.holders.size() + a.inputs.size();
  std::erase_if(a.rows, [&](const TraceRow& r) { return !visible->contains(r.event_row); });
  for (TraceRow& r : a.rows) {
    if (r.firm && !MayReadParty(caller, r.firm))
      r.firm.reset();
    if (r.counterpart_firm && !MayReadParty(caller, r.counterpart_firm))
      r.counterpart_firm.reset();
  }
  std::erase_if(a.destinations,
                [&](const Destination& d) { return !MayReadParty(caller, d.firm); });
  std::erase_if(a.holders, [&](const Holder& h) { return !MayReadParty(caller, h.firm); });
  std::erase_if(a.inputs,
                [&](const InputLot& in) { return !MayReadParty(caller, in.origin_firm); });
  const std::size_t after =
      a.rows.size() + a.destinations.size() + a.holders.size() + a.inputs.size();
  a.withheld = after < before || !a.cycles.empty();
  a.cycles.clear();
  return after > 0;
}

}  // namespace

std::string_view DirectionName(Direction d) {
  return d == Direction::kForward ? "forward" : "backward";
}

Result<std::vector<std::uint32_t>> TraceService::Roots(const TraceQuery& q) const {
  const std::string_view id = q.id;
  const auto plus = id.find('+');
  if (AllDigits(id) && id.size() >= 8 && id.size() <= 14) {
    std::int64_t from = std::numeric_limits<std::int64_t>::min();
    std::int64_t to = kNever;
    if (!q.produced_from.empty()) {
      ZQ_ASSIGN_OR_RETURN(from, WindowBound(q.produced_from, false, "producedFrom"));
    }
    if (!q.produced_to.empty()) {
      ZQ_ASSIGN_OR_RETURN(to, WindowBound(q.produced_to, true, "producedTo"));
    }
    std::vector<std::uint32_t> roots;
    for (std::uint32_t node : graph_.OfGtin(std::string(14 - id.size(), '0') + std::string(id))) {
      const std::vector<std::uint32_t>& events = graph_.EventsOf(node);
      if (events.empty())
        continue;
      const std::int64_t produced = graph_.Event(events.front()).time_ms;
      if (produced >= from && produced <= to)
        roots.push_back(node);
    }
    if (roots.empty())
      return Status::NotFound("no item or lot of this GTIN was recorded in the window", "id");
    return roots;
  }
  std::optional<std::string> canonical;
  if (plus != std::string_view::npos && AllDigits(id.substr(0, plus)) && plus <= 14) {
    canonical = CanonicalDigitalLink("https://id.gs1.org/01/" + std::string(14 - plus, '0') +
                                     std::string(id.substr(0, plus)) + "/10/" +
                                     std::string(id.substr(plus + 1)));
  } else {
    canonical = CanonicalDigitalLink(id);
  }
  if (!canonical) {
    return Status::InvalidArgument(
        "the id is an EPC URN, a GS1 Digital Link URI, GTIN+LOT or a GTIN", "id");
  }
  const std::optional<std::uint32_t> node = graph_.Find(*canonical);
  if (!node)
    return Status::NotFound("no captured event names " + *canonical, "id");
  return std::vector<std::uint32_t>{*node};
}

Result<TraceAnswer> TraceService::Trace(const TraceQuery& query, Direction direction) {
  return Answer(query, direction, Rows::kWith);
}

Result<TraceAnswer> TraceService::Trace(const auth::Caller& caller, const TraceQuery& query,
                                        Direction direction) {
  std::vector<store::Value> unused;
  ZQ_RETURN_IF_ERROR(ReadScope(caller, unused).status());
  // One answer for "nothing names it" and "nothing of it is yours", so existence does not leak.
  const Status none = Status::NotFound("no captured event in your view names " + query.id, "id");
  Result<TraceAnswer> a = Answer(query, direction, Rows::kWith);
  if (!a.ok())
    return a.status().code() == StatusCode::kNotFound ? none : a.status();
  ZQ_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, db_.Begin(store::TxMode::kReadOnly));
  ZQ_ASSIGN_OR_RETURN(const bool any, KeepInScope(*tx, caller, *a));
  ZQ_RETURN_IF_ERROR(tx->Commit());
  if (!any)
    return none;
  return a;
}

Result<TraceAnswer> TraceService::Answer(const TraceQuery& query, Direction direction, Rows rows) {
  ZQ_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, db_.Begin(store::TxMode::kReadOnly));
  {
    std::unique_lock lock(mutex_);
    ZQ_RETURN_IF_ERROR(graph_.Refresh(*tx));
  }
  TraceAnswer answer;
  {
    std::shared_lock lock(mutex_);
    ZQ_ASSIGN_OR_RETURN(const std::vector<std::uint32_t> roots, Roots(query));
    const Walk walk = direction == Direction::kForward ? WalkForward(graph_, roots, limits_)
                                                       : WalkBackward(graph_, roots, limits_);
    answer = AnswerOf(graph_, walk, direction, roots);
  }
  if (rows == Rows::kWithout)
    answer.rows.clear();  // the seam needs no key data elements: no hashes or documents to read
  ZQ_RETURN_IF_ERROR(FillDocuments(*tx, answer.rows));
  ZQ_RETURN_IF_ERROR(tx->Commit());
  ZQ_RETURN_IF_ERROR(NameFirms(parties_, answer));
  return answer;
}

Result<std::vector<Destination>> TraceService::WhereDidItGo(std::string_view id) {
  ZQ_ASSIGN_OR_RETURN(TraceAnswer a,
                      Answer({.id = std::string(id)}, Direction::kForward, Rows::kWithout));
  return std::move(a.destinations);
}

Result<TraceService::GraphSize> TraceService::Size() {
  ZQ_ASSIGN_OR_RETURN(std::unique_ptr<store::Transaction> tx, db_.Begin(store::TxMode::kReadOnly));
  std::unique_lock lock(mutex_);
  ZQ_RETURN_IF_ERROR(graph_.Refresh(*tx));
  return GraphSize{.events = graph_.event_count(),
                   .members = graph_.member_count(),
                   .nodes = graph_.node_count(),
                   .bytes = graph_.MemoryBytes()};
}

}  // namespace zq::trace
