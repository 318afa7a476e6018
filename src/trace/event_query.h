#pragma once
// The event queries of the EPCIS 2.0 REST bindings (GET /events and the per-resource paths; the
// SimpleEventQuery of EPCIS 2.0 §8.2.7.1): the standard parameters read from a URI query string
// (pipe-delimited lists), run over trace_events and the tables of what events name, paged by a
// keyset token (stable while events are captured), answered as an EPCISQueryDocument whose
// events are the stored JSON-LD bodies. A caller sees only what its scope allows: an
// administrator everything; a regulator or analyst (or a department key bound to a region) the
// events at locations (readPoint, bizLocation, source, destination) linked to entities in its
// region's subtree (master_data.h, ReadScope); an enterprise those at its own locations; a
// department client with the permission trace.query that of its region, or everything when its
// key names none; nobody else anything.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "auth/caller.h"
#include "core/clock.h"
#include "core/result.h"
#include "store/database.h"
#include "trace/capture.h"

namespace zq::trace {

// The largest perPage (and its default, the REST bindings' 30).
inline constexpr int kMaxPerPage = 500;
inline constexpr int kDefaultPerPage = 30;

// A query as parsed: every identifier in canonical Digital Link form, every vocabulary value a
// CBV web URI, every time UTC with milliseconds, as trace_events stores them.
struct EventQuery {
  // An identifier to match: exactly, or (from an EPC pattern URI, urn:epc:idpat:…:*) every
  // identifier beneath it.
  struct Match {
    std::string value;
    bool pattern = false;
  };

  // A name=value condition on a list of an event (bizTransaction, source or destination).
  struct Party {
    std::string role;  // bizTransaction | source | destination
    std::string type;  // CBV web URI
    std::vector<std::string> ids;
  };

  struct Ilmd {
    std::string field;  // as the stored body names it, e.g. "example:bestBeforeDate"
    std::vector<std::string> values;
  };

  std::vector<std::string> event_types;
  std::string ge_event_time, lt_event_time, ge_record_time, lt_record_time;  // "" unset
  std::vector<std::string> actions, biz_steps, dispositions, event_ids;
  std::vector<std::string> read_points, biz_locations;        // EQ_
  std::vector<std::string> wd_read_points, wd_biz_locations;  // WD_: a GLN covers its SGLNs
  // MATCH_ by role of trace_event_epcs / trace_event_quantities: "epc" (epcList and childEPCs),
  // "parent", "input", "output", "any".
  std::map<std::string, std::vector<Match>> epcs, classes;
  std::map<std::string, double> quantity;  // "=", ">", ">=", "<", "<=" → value
  bool error_declared = false;             // EXISTS_errorDeclaration
  std::vector<Party> parties;
  std::vector<Ilmd> ilmd;
  bool order_by_record_time = false;  // orderBy (default eventTime)
  bool ascending = false;             // orderDirection (default DESC)
  std::optional<std::int64_t> event_count_limit, max_event_count;
  int per_page = kDefaultPerPage;
  std::string next_page_token;    // "" for the first page
  std::uint64_t fingerprint = 0;  // of the parameters that select events (the token's binding)
};

// The query of URI query parameters. kInvalidArgument with the parameter as field for an
// unknown parameter, a bad value, or a standard one this repository does not support (sensor
// data filters, persistentDisposition, error reasons and times, transformationID, extension
// fields); the routes answer it as QueryParameterException.
Result<EventQuery> ParseEventQuery(const std::multimap<std::string, std::string>& params);

// One page of an answer.
struct EventPage {
  std::vector<std::string> bodies;  // the events' stored JSON-LD, in order
  std::string next_page_token;      // "" on the last page
};

class EventQueryService {
 public:
  EventQueryService(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // The page of `query` the caller may see. kPermissionDenied for a caller who may query
  // nothing; kInvalidArgument (field "nextPageToken") for a token of another query;
  // kResourceExhausted (field "maxEventCount") when more events match than maxEventCount allows.
  Result<EventPage> Run(const auth::Caller& caller, const EventQuery& query) const;

  // The EPCISQueryDocument of a page (JSON-LD; queryName SimpleEventQuery).
  nlohmann::json QueryDocument(const EventPage& page) const;

 private:
  store::Database& db_;
  const Clock& clock_;
};

// Of the events `ids` (trace_events.id), those the caller may see, by the scope of
// EventQueryService::Run; nullopt when the caller sees every event. kPermissionDenied for a
// caller who may see none.
Result<std::optional<std::set<std::int64_t>>> EventsInScope(store::Transaction& tx,
                                                            const auth::Caller& caller,
                                                            std::span<const std::int64_t> ids);

// The Link header of the next page: `<path?params&nextPageToken=token>; rel="next"`, `params`
// (the request's query parameters, without its nextPageToken) percent-encoded.
std::string NextPageLink(std::string_view path,
                         const std::multimap<std::string, std::string>& params,
                         std::string_view token);

// The standard's exception for a query's error Status: QueryParameterException (400) for an
// invalid parameter, QueryTooLargeException (413), SecurityException (403) for a caller who may
// not query; nullopt for any other error (the server's own).
std::optional<EpcisException> QueryException(const Status& status);

}  // namespace zq::trace
