#pragma once
// The trace module's tables (migrations/0001_trace.sql) as functions over a transaction: captured
// events with what they name, and capture jobs. The capture service (capture.h) is their writer.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "store/database.h"
#include "trace/event_record.h"

namespace zq::trace {

// What StoreEvent did with an event.
enum class Stored {
  kNew,            // a new event
  kAlreadyStored,  // the same event (same hash) was stored before: nothing changed
  kErrorDeclared,  // the same event, now with an error declaration, which the stored one lacked:
                   // its body and error_declared were replaced (EPCIS 2.0 §7.4.1.2)
};

// Stores `record` (with its EPC, quantity and party rows) as captured by job `job`; idempotent
// by record.event_hash, also when two transactions store the same event at once.
Result<Stored> StoreEvent(store::Transaction& tx, const EventRecord& record, std::int64_t job);

// The stored event with this hash, with its rows; nullopt when there is none.
Result<std::optional<EventRecord>> ReadEvent(store::Transaction& tx, std::string_view event_hash);

// The number of stored events.
Result<std::int64_t> CountEvents(store::Transaction& tx);

// A capture job (EPCIS 2.0 REST bindings, CaptureJob): one per captured document.
struct CaptureJob {
  std::int64_t id = 0;
  std::string error_behaviour;  // rollback | proceed
  std::string captured_by;      // who captured it (a user, an API key, "cli")
  std::string created_at;       // UTC, "2026-01-21T17:32:28.000Z"
  std::string finished_at;      // "" while running
  bool running = true;
  bool success = true;
  std::int64_t event_count = 0;   // events in the document
  std::int64_t stored_count = 0;  // events stored (new or already there)
  std::string errors = "[]";      // JSON array of the exceptions (capture.h)

  friend bool operator==(const CaptureJob&, const CaptureJob&) = default;
};

// Inserts `job` and returns its id.
Result<std::int64_t> InsertCaptureJob(store::Transaction& tx, const CaptureJob& job);
// Writes the job's outcome (finished_at, running, success, counts, errors).
Status UpdateCaptureJob(store::Transaction& tx, const CaptureJob& job);
Result<std::optional<CaptureJob>> ReadCaptureJob(store::Transaction& tx, std::int64_t id);

}  // namespace zq::trace
