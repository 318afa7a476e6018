#pragma once
// EPCIS 2.0 capture (EPCIS 2.0 §8.2, REST bindings POST /capture): a document, JSON-LD or XML,
// is validated (the GS1 JSON Schemas, then capture_rules.h), each event gets its CBV 2.0 hash as
// identity (a given ni:/// eventID is checked against it: HashMismatch), and its events are stored
// (event_store.h) under a capture job: all or none (rollback), or every valid one (proceed).
// Capturing an event already stored changes nothing, except that a later error declaration of it is
// recorded.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "auth/caller.h"
#include "core/clock.h"
#include "core/result.h"
#include "store/database.h"
#include "trace/event_store.h"
#include "trace/party_directory.h"

namespace zq::trace {

class CaptureScope;

// GS1-Capture-Error-Behaviour.
enum class ErrorBehaviour { kRollback, kProceed };
std::string_view ErrorBehaviourName(ErrorBehaviour behaviour);  // "rollback" | "proceed"
// kInvalidArgument (field "GS1-Capture-Error-Behaviour") for another word.
Result<ErrorBehaviour> ParseErrorBehaviour(std::string_view text);

// An EPCIS exception (EPCIS 2.0 §8.2.6 and §12; RFC 7807 in the REST bindings).
struct EpcisException {
  std::string type;  // ValidationException, CaptureLimitExceededException, ImplementationException
  std::string detail;
  int status = 400;                        // the HTTP status the REST bindings give it
  std::optional<std::size_t> event_index;  // the event at fault, in document order
  std::string path;  // the JSON path at fault ("epcisBody.eventList[2].action"); "" for the whole
  std::string parameter;  // a query's parameter at fault ("MATCH_anyEPC"), an extension member

  // {"type": "epcisException:ValidationException", "title": …, "status": 400, "detail": …,
  //  "eventIndex": 2, "jsonPath": "epcisBody.eventList[2].action"}; a query's refusal names its
  // "parameter" instead
  nlohmann::json ToJson() const;
};

// What capture does with an eventID "ni:///sha-256;…" that is not the event's CBV 2.0 hash. GS1's
// own examples and OpenEPCIS' capture documents carry such IDs (illustrative, or computed by other
// rules), and EPCIS 2.0 makes eventID an opaque URI, so by default the event is stored under its
// computed hash with the given eventID kept beside it (event_id ≠ event_hash shows the mismatch);
// kRefuse answers ValidationException instead.
enum class HashMismatch { kKeepEventId, kRefuse };

// The capture limits the server advertises (GS1-EPCIS-Capture-Limit and
// GS1-EPCIS-Capture-File-Size-Limit); more is refused with CaptureLimitExceededException.
struct CaptureLimits {
  std::size_t max_events = 10000;
  std::size_t max_bytes = 20 * 1024 * 1024;
};

// The capture job as the REST bindings show it (captureID, createdAt, finishedAt, running,
// success, captureErrorBehaviour, errors) with eventCount and storedCount.
nlohmann::json CaptureJobJson(const CaptureJob& job);

class CaptureService {
 public:
  CaptureService(store::Database& db, const Clock& clock, CaptureLimits limits = {},
                 HashMismatch mismatch = HashMismatch::kKeepEventId)
      : db_(db), clock_(clock), limits_(limits), mismatch_(mismatch) {}

  // Captures `document` (EPCISDocument or EPCISQueryDocument, JSON-LD or XML) as `captured_by`
  // and returns its finished job: success when every event was stored (or already was); else its
  // errors say why, and with kRollback nothing was stored. An error Status only when the
  // database fails.
  Result<CaptureJob> Capture(std::string_view document, ErrorBehaviour behaviour,
                             std::string_view captured_by);

  // The same for `caller`, within its capture scope (capture_scope.h, with `parties` the master
  // data): each event outside it is refused as a SecurityException (403) at its index, the others
  // as by the behaviour (with kRollback, nothing is stored). kPermissionDenied for a caller who
  // may capture nothing.
  Result<CaptureJob> Capture(std::string_view document, ErrorBehaviour behaviour,
                             const auth::Caller& caller, const PartyDirectory& parties);

  // The job with this id; nullopt when there is none.
  Result<std::optional<CaptureJob>> Job(std::int64_t id);
  // The same as `caller` may see it: an administrator any job, anyone else its own.
  Result<std::optional<CaptureJob>> Job(const auth::Caller& caller, std::int64_t id);

  const CaptureLimits& limits() const { return limits_; }

 private:
  Result<CaptureJob> Run(std::string_view document, ErrorBehaviour behaviour,
                         std::string_view captured_by, CaptureScope* scope);

  store::Database& db_;
  const Clock& clock_;
  CaptureLimits limits_;
  HashMismatch mismatch_;
};

}  // namespace zq::trace
