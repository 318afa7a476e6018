#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/database.h"

// Dead letters (死信): domain events a consumer's handler failed on max_attempts times, set aside
// so the consumer moves on. Table: events/migrations/0001_dead_letters.sql. The
// functions below are the table's only access; EventDispatcher uses them in its transactions.
namespace zq::events {

struct DeadLetter {
  std::int64_t id = 0;
  std::string consumer;
  std::int64_t seq = 0;  // the domain event's
  std::int64_t attempts = 0;
  std::string last_error;
  std::string failed_at;        // when it was set aside (ISO-8601, UTC)
  std::string last_attempt_at;  // of the latest failed attempt, redeliveries included
  // From the event itself (no payload, no USCC: the list is shown to administrators as is).
  std::string kind;
  std::string source;
  std::string source_id;
  std::string occurred_on;
};

// Records that `consumer` gave up on event `seq` (kept once per consumer and event).
Status AddDeadLetter(store::Transaction& tx, const DeadLetter& letter);

// Dead letters oldest first, at most `limit`; of one consumer when `consumer` is not empty.
Result<std::vector<DeadLetter>> ListDeadLetters(store::Transaction& tx, std::size_t limit,
                                                std::string_view consumer = {});

Result<std::optional<DeadLetter>> FindDeadLetter(store::Transaction& tx, std::int64_t id);

// Deletes it; false when it was not there (another caller redelivered it).
Result<bool> RemoveDeadLetter(store::Transaction& tx, std::int64_t id);

// Counts one more failed attempt.
Status RecordFailedAttempt(store::Transaction& tx, std::int64_t id, std::string_view error,
                           std::string_view at);

Result<std::int64_t> CountDeadLetters(store::Transaction& tx, std::string_view consumer);

}  // namespace zq::events
