#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/database.h"

// Domain events (领域事件): the outbox through which one module tells the others about a fact
// without depending on them. The spot-check module appends a failing verdict or an escalation in
// the same transaction as the verdict; the credit module reads what is new since its cursor and
// turns it into credit events. Table and rules: store/migrations/0002_domain_events.sql.
namespace zq::store {

struct DomainEvent {
  std::int64_t seq = 0;   // assigned on append, increasing
  std::string source;     // the publishing module, e.g. "inspection"
  std::string source_id;  // the publisher's own id of the fact; unique per source
  std::string kind;       // printable ASCII, e.g. "inspection.batch_failed" (publisher-documented)
  std::string uscc;       // the market entity concerned
  std::string region_code;  // its region (GB/T 2260), for scoping
  std::string occurred_on;  // ISO date of the fact (e.g. the verdict's date)
  std::string payload;      // JSON object text; its shape is the publisher's documented contract
  std::string recorded_at;  // ISO-8601 timestamp of the append
};

// Appends `event` inside the caller's transaction and returns its seq. Idempotent: when
// (source, source_id) is already stored, returns the stored seq and changes nothing.
// kInvalidArgument (field "source", "source_id", "kind", "uscc" or "payload") when one is empty.
Result<std::int64_t> AppendDomainEvent(Transaction& tx, const DomainEvent& event);

// The seq up to which the outbox is settled: every event with a lower or equal seq is committed
// or never will be. On PostgreSQL a transaction may commit seq 11 before another commits seq 10,
// so a consumer that read past 10 meanwhile would skip it for ever; this waits for the appending
// transactions in flight (AppendDomainEvent holds a lock shared until its transaction ends) and
// returns the highest committed seq. SQLite serialises writers: the highest seq. Read no further.
Result<std::int64_t> SettledDomainEventSeq(Database& db);

// Events with seq > after_seq, oldest first, at most `limit`; only kinds starting with
// `kind_prefix` when it is not empty.
Result<std::vector<DomainEvent>> ReadDomainEvents(Transaction& tx, std::int64_t after_seq,
                                                  std::size_t limit,
                                                  std::string_view kind_prefix = {});

// A consumer's cursor: the highest seq it has handled (0 when it has none yet). Advance it in the
// same transaction as the work done for the events, so a crash neither loses nor repeats one.
Result<std::int64_t> DomainEventCursor(Transaction& tx, std::string_view consumer);
Status AdvanceDomainEventCursor(Transaction& tx, std::string_view consumer, std::int64_t seq);

// Moves `consumer`'s cursor from `from_seq` to `to_seq` if it still stands at `from_seq` (a
// missing cursor stands at 0); false, changing nothing, when another process moved it meanwhile.
// On PostgreSQL the update holds the cursor's row until the transaction ends, so two processes
// delivering to the same consumer wait for each other instead of both handling an event.
Result<bool> MoveDomainEventCursor(Transaction& tx, std::string_view consumer,
                                   std::int64_t from_seq, std::int64_t to_seq);

// How many events have seq > after_seq and a kind starting with `kind_prefix` (a consumer's lag).
Result<std::int64_t> CountDomainEvents(Transaction& tx, std::int64_t after_seq,
                                       std::string_view kind_prefix = {});

// A module that reacts to other modules' domain events, as its manifest declares it. The event
// dispatcher hands it each stored event whose kind starts with one of `kind_prefixes`, oldest
// first, once, inside a read-write transaction in which it also advances the consumer's cursor:
// the handler's writes and the cursor commit together. A handler that fails rolls back; the
// dispatcher retries it with backoff and, after repeated failures, sets the event aside as a
// dead letter shown to administrators.
struct DomainEventConsumer {
  std::string name;                        // the cursor's name, e.g. "credit.inspection"
  std::vector<std::string> kind_prefixes;  // e.g. {"inspection."}
  std::function<Status(Transaction& tx, const DomainEvent& event)> handle;
};

}  // namespace zq::store
