#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "events/dead_letters.h"
#include "store/database.h"
#include "store/domain_events.h"

// The domain-event loop (领域事件分发): delivers each stored domain event to every consumer that
// declared its kind, exactly once per consumer. Guarantees and operation: src/events/README.md.
namespace zq::events {

struct DispatchOptions {
  std::size_t batch_size = 50;  // events delivered per transaction (one after a failure)
  int max_attempts = 5;         // handler failures on one event before it becomes a dead letter
  std::chrono::milliseconds first_backoff{200};  // wait after the first failure, doubled after each
  std::chrono::milliseconds max_backoff{60'000};
  std::chrono::milliseconds poll_interval{1'000};  // background thread: look for new events
};

// What one run did for one consumer, and where it stands after it.
struct ConsumerStats {
  std::string consumer;
  std::int64_t delivered = 0;      // events handled and committed
  std::int64_t dead_lettered = 0;  // events set aside after max_attempts failures
  std::int64_t failures = 0;       // failed attempts (each rolled back)
  std::int64_t cursor = 0;         // the last seq handled
  std::int64_t lag = 0;            // matching events after the cursor
  std::string error;               // why the run gave up on this consumer; empty when it did not
};

// A consumer as administrators see it.
struct ConsumerState {
  std::string consumer;
  std::vector<std::string> kind_prefixes;
  std::int64_t cursor = 0;
  std::int64_t lag = 0;           // matching events after the cursor, not yet delivered
  std::int64_t dead_letters = 0;  // events set aside, awaiting redelivery
  std::string last_error;         // of the failing attempt in progress (this process); or empty
};

// The outcome of redelivering a dead letter.
struct Redelivery {
  bool delivered = false;  // the handler succeeded; the dead letter is gone
  std::string error;       // otherwise the handler's failure (the dead letter stays)
};

// Runs in the transaction that records a redelivery's outcome (the handler's when it succeeded,
// else the one that counts the failed attempt): for the caller's audit entry.
using RedeliveryHook =
    std::function<Status(store::Transaction& tx, const DeadLetter& letter, bool delivered)>;

// Delivers domain events to consumers. Delivery to one consumer: read the events after its cursor
// (kinds starting with one of its prefixes, oldest first), run its handler on each and move the
// cursor, all in one read-write transaction. A handler that fails rolls the transaction back; the
// event is retried alone after a backoff, and after max_attempts failures it becomes a dead letter
// and the cursor moves past it. kUnavailable (the database is away) is retried but never makes a
// dead letter. Consumers are independent: one failing or waiting does not hold back the others.
// Thread-safe. Handlers may be called from the background thread and, for a redelivery, from the
// caller's thread at the same time.
class EventDispatcher {
 public:
  // `db` must outlive the dispatcher. Consumer names are unique and non-empty, each has a handler
  // (checked). An empty prefix list (or the prefix "") means every kind.
  EventDispatcher(store::Database& db, std::vector<store::DomainEventConsumer> consumers,
                  DispatchOptions options = {}, const Clock& clock = SystemClock::Instance());
  ~EventDispatcher();  // stops the background thread
  EventDispatcher(const EventDispatcher&) = delete;
  EventDispatcher& operator=(const EventDispatcher&) = delete;

  // Delivers everything pending and returns per consumer what it did. Waits out backoffs; gives up
  // on a consumer (stats.error) after max_attempts failures that are not the handler's
  // (kUnavailable). Errors only when the final status cannot be read.
  Result<std::vector<ConsumerStats>> RunUntilIdle();

  // The background thread: delivers what is pending, then looks again every poll_interval (or
  // when a backoff ends). Stop() returns promptly: at the latest when the delivery in progress
  // ends. Start() on a running dispatcher does nothing.
  void Start();
  void Stop();
  bool running() const;

  // Each consumer's cursor, lag and dead letters.
  Result<std::vector<ConsumerState>> Consumers() const;

  // Dead letters, oldest first (at most `limit`).
  Result<std::vector<DeadLetter>> DeadLetters(std::size_t limit = 100) const;

  // Runs the dead letter's consumer on its event again, in one transaction with deleting the dead
  // letter; a failure counts one more attempt instead. `hook` (optional) runs in the transaction
  // that records the outcome. kNotFound (field "id") for no such dead letter (also when another
  // caller redelivered it meanwhile); kFailedPrecondition (field "consumer") when its consumer is
  // not registered here.
  Result<Redelivery> Redeliver(std::int64_t dead_letter_id, const RedeliveryHook& hook = {});

 private:
  struct Lane;
  enum class Step { kIdle, kDelivered, kFailed, kWaiting };

  Step StepLane(Lane& lane, ConsumerStats& stats);
  Status Deliver(Lane& lane, ConsumerStats& stats, bool& idle);
  void OnFailure(Lane& lane, ConsumerStats& stats, std::int64_t cursor, std::int64_t seq,
                 bool first, const Status& why, bool handler_failed);
  // Runs one step on every lane not yet `done`; true when some lane delivered or failed.
  bool Pass(std::vector<ConsumerStats>& stats, std::vector<bool>& done, bool give_up);
  std::chrono::steady_clock::time_point NextRetry() const;
  void WaitUntil(std::chrono::steady_clock::time_point until);
  void Loop();

  store::Database& db_;
  DispatchOptions options_;
  const Clock& clock_;
  std::vector<std::unique_ptr<Lane>> lanes_;
  std::mutex run_mutex_;            // one delivery pass at a time
  mutable std::mutex state_mutex_;  // guards stop_, lanes' last_error and the thread
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace zq::events
