#include "events/dispatcher.h"

#include <algorithm>
#include <exception>
#include <iterator>
#include <set>
#include <utility>

#include <fmt/chrono.h>
#include <fmt/format.h>

namespace zq::events {
namespace {

using Steady = std::chrono::steady_clock;

// Sorted, without a prefix that another one covers, so no event is read (or counted) twice.
std::vector<std::string> NormalisePrefixes(std::vector<std::string> prefixes) {
  if (prefixes.empty() || std::find(prefixes.begin(), prefixes.end(), "") != prefixes.end())
    return {""};
  std::sort(prefixes.begin(), prefixes.end());
  std::vector<std::string> out;
  for (std::string& p : prefixes) {
    // Sorted, the kinds a prefix covers follow it directly: only the last kept one can cover p.
    if (!out.empty() && p.starts_with(out.back()))
      continue;
    out.push_back(std::move(p));
  }
  return out;
}

std::string Timestamp(const Clock& clock) {
  const auto ms = std::chrono::floor<std::chrono::milliseconds>(clock.Now());
  return fmt::format("{:%Y-%m-%dT%H:%M:%S}Z", ms);
}

Result<std::vector<store::DomainEvent>> ReadAfter(store::Transaction& tx,
                                                  const std::vector<std::string>& prefixes,
                                                  std::int64_t cursor, std::size_t limit) {
  std::vector<store::DomainEvent> out;
  for (const std::string& prefix : prefixes) {
    ZQ_ASSIGN_OR_RETURN(std::vector<store::DomainEvent> some,
                        store::ReadDomainEvents(tx, cursor, limit, prefix));
    std::move(some.begin(), some.end(), std::back_inserter(out));
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.seq < b.seq; });
  if (out.size() > limit)
    out.resize(limit);
  return out;
}

// A handler is a module's code: an exception from it is its failure, not the dispatcher's end.
Status CallHandler(const store::DomainEventConsumer& consumer, store::Transaction& tx,
                   const store::DomainEvent& event) {
  try {
    return consumer.handle(tx, event);
  } catch (const std::exception& e) {
    return Status::Internal(std::string("the handler threw: ") + e.what());
  } catch (...) {
    return Status::Internal("the handler threw");
  }
}

// first_backoff, doubled for each failure after the first, at most max_backoff.
std::chrono::milliseconds Backoff(const DispatchOptions& options, int failures) {
  std::chrono::milliseconds wait = options.first_backoff;
  for (int i = 1; i < failures && wait < options.max_backoff; ++i) wait *= 2;
  return std::min(wait, options.max_backoff);
}

}  // namespace

struct EventDispatcher::Lane {
  store::DomainEventConsumer consumer;
  std::int64_t failing_seq = 0;  // the event that failed last: delivered alone until it is passed
  int failures = 0;              // handler failures on failing_seq
  int outages = 0;               // consecutive failures that were not the handler's
  Steady::time_point retry_at{};
  std::string last_error;  // guarded by state_mutex_
};

EventDispatcher::EventDispatcher(store::Database& db,
                                 std::vector<store::DomainEventConsumer> consumers,
                                 DispatchOptions options, const Clock& clock)
    : db_(db), options_(options), clock_(clock) {
  ZQ_CHECK(options_.batch_size > 0 && options_.max_attempts > 0);
  std::set<std::string> names;
  for (store::DomainEventConsumer& c : consumers) {
    ZQ_CHECK(!c.name.empty() && c.handle != nullptr);
    ZQ_CHECK(names.insert(c.name).second);  // a cursor belongs to one consumer
    auto lane = std::make_unique<Lane>();
    lane->consumer = std::move(c);
    lane->consumer.kind_prefixes = NormalisePrefixes(std::move(lane->consumer.kind_prefixes));
    lanes_.push_back(std::move(lane));
  }
}

EventDispatcher::~EventDispatcher() { Stop(); }

EventDispatcher::Step EventDispatcher::StepLane(Lane& lane, ConsumerStats& stats) {
  if (Steady::now() < lane.retry_at)
    return Step::kWaiting;
  const store::DomainEventConsumer& c = lane.consumer;
  const auto outage = [&](const Status& why) {  // a failure that is not the handler's
    OnFailure(lane, stats, 0, 0, false, why, false);
    return Step::kFailed;
  };
  // Only settled events: on PostgreSQL one committed after a later one would be skipped.
  const Result<std::int64_t> settled = store::SettledDomainEventSeq(db_);
  if (!settled.ok())
    return outage(settled.status());
  Result<std::unique_ptr<store::Transaction>> tx = db_.Begin(store::TxMode::kReadWrite);
  if (!tx.ok())
    return outage(tx.status());
  Result<std::int64_t> cursor = store::DomainEventCursor(**tx, c.name);
  if (!cursor.ok())
    return outage(cursor.status());
  const std::size_t limit = lane.failing_seq != 0 ? 1 : options_.batch_size;
  Result<std::vector<store::DomainEvent>> events = ReadAfter(**tx, c.kind_prefixes, *cursor, limit);
  if (!events.ok())
    return outage(events.status());
  std::erase_if(*events, [&](const store::DomainEvent& e) { return e.seq > *settled; });
  if (events->empty()) {
    lane.outages = 0;
    return Step::kIdle;
  }
  // The cursor moves first: on PostgreSQL that holds its row, so a second server delivering to
  // this consumer waits here and then finds the cursor moved, instead of handling these too.
  Result<bool> moved = store::MoveDomainEventCursor(**tx, c.name, *cursor, events->back().seq);
  if (!moved.ok())
    return outage(moved.status());
  if (!*moved)
    return Step::kDelivered;  // another process delivered them: look again
  for (std::size_t i = 0; i < events->size(); ++i) {
    const Status handled = CallHandler(c, **tx, (*events)[i]);
    if (!handled.ok()) {
      tx->reset();  // roll back now: setting the event aside needs the write lock
      OnFailure(lane, stats, *cursor, (*events)[i].seq, i == 0, handled, true);
      return Step::kFailed;
    }
  }
  if (Status committed = (*tx)->Commit(); !committed.ok())
    return outage(committed);
  stats.delivered += static_cast<std::int64_t>(events->size());
  if (lane.failing_seq != 0 && events->back().seq >= lane.failing_seq) {
    lane.failing_seq = 0;
    lane.failures = 0;
  }
  lane.outages = 0;
  std::lock_guard lock(state_mutex_);
  lane.last_error.clear();
  return Step::kDelivered;
}

void EventDispatcher::OnFailure(Lane& lane, ConsumerStats& stats, std::int64_t cursor,
                                std::int64_t seq, bool first, const Status& why,
                                bool handler_failed) {
  ++stats.failures;
  {
    std::lock_guard lock(state_mutex_);
    lane.last_error = seq != 0 ? fmt::format("event {}: {}", seq, why.ToString()) : why.ToString();
  }
  // The database being away is no fault of the event: wait and retry, never set it aside.
  if (!handler_failed || why.code() == StatusCode::kUnavailable) {
    ++lane.outages;
    lane.retry_at = Steady::now() + Backoff(options_, lane.outages);
    return;
  }
  if (seq != lane.failing_seq) {
    lane.failing_seq = seq;
    lane.failures = 0;
  }
  ++lane.failures;
  if (lane.failures < options_.max_attempts || !first) {
    lane.retry_at = Steady::now() + Backoff(options_, lane.failures);
    return;
  }
  bool set_aside = false;
  const Status stored = store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    ZQ_ASSIGN_OR_RETURN(set_aside,
                        store::MoveDomainEventCursor(tx, lane.consumer.name, cursor, seq));
    if (!set_aside)
      return Status::Ok();  // another process moved on meanwhile
    DeadLetter letter;
    letter.consumer = lane.consumer.name;
    letter.seq = seq;
    letter.attempts = lane.failures;
    letter.last_error = why.ToString();
    letter.failed_at = letter.last_attempt_at = Timestamp(clock_);
    return AddDeadLetter(tx, letter);
  });
  if (!stored.ok()) {
    OnFailure(lane, stats, 0, 0, false, stored, false);
    return;
  }
  stats.dead_lettered += set_aside ? 1 : 0;
  lane.failing_seq = 0;
  lane.failures = 0;
  lane.retry_at = {};
  std::lock_guard lock(state_mutex_);
  lane.last_error.clear();
}

bool EventDispatcher::Pass(std::vector<ConsumerStats>& stats, std::vector<bool>& done,
                           bool give_up) {
  bool busy = false;
  for (std::size_t i = 0; i < lanes_.size(); ++i) {
    if (done[i])
      continue;
    Lane& lane = *lanes_[i];
    switch (StepLane(lane, stats[i])) {
      case Step::kIdle:
        done[i] = true;
        break;
      case Step::kDelivered:
        busy = true;
        break;
      case Step::kFailed:
        busy = true;
        if (give_up && lane.outages >= options_.max_attempts) {
          done[i] = true;
          std::lock_guard lock(state_mutex_);
          stats[i].error = lane.last_error;
        }
        break;
      case Step::kWaiting:
        break;
    }
  }
  return busy;
}

Steady::time_point EventDispatcher::NextRetry() const {
  Steady::time_point next = Steady::now() + options_.poll_interval;
  for (const auto& lane : lanes_) {
    if (lane->retry_at > Steady::now())
      next = std::min(next, lane->retry_at);
  }
  return next;
}

void EventDispatcher::WaitUntil(Steady::time_point until) {
  std::unique_lock lock(state_mutex_);
  wake_.wait_until(lock, until, [this] { return stop_; });
}

Result<std::vector<ConsumerStats>> EventDispatcher::RunUntilIdle() {
  std::vector<ConsumerStats> stats(lanes_.size());
  {
    std::lock_guard run(run_mutex_);
    std::vector<bool> done(lanes_.size(), false);
    for (std::size_t i = 0; i < lanes_.size(); ++i) stats[i].consumer = lanes_[i]->consumer.name;
    while (std::find(done.begin(), done.end(), false) != done.end()) {
      if (!Pass(stats, done, /*give_up=*/true))
        WaitUntil(NextRetry());  // every lane left is waiting out a backoff
      std::lock_guard lock(state_mutex_);
      if (stop_)
        break;
    }
  }
  ZQ_ASSIGN_OR_RETURN(const std::vector<ConsumerState> states, Consumers());
  for (std::size_t i = 0; i < lanes_.size(); ++i) {
    stats[i].cursor = states[i].cursor;
    stats[i].lag = states[i].lag;
  }
  return stats;
}

void EventDispatcher::Loop() {
  for (;;) {
    Steady::time_point next;
    {
      std::lock_guard run(run_mutex_);
      std::vector<ConsumerStats> stats(lanes_.size());
      std::vector<bool> done(lanes_.size(), false);
      while (Pass(stats, done, /*give_up=*/false)) {
        std::lock_guard lock(state_mutex_);
        if (stop_)
          return;
      }
      next = NextRetry();
    }
    WaitUntil(next);
    std::lock_guard lock(state_mutex_);
    if (stop_)
      return;
  }
}

void EventDispatcher::Start() {
  std::lock_guard lock(state_mutex_);
  if (thread_.joinable())
    return;
  stop_ = false;
  thread_ = std::thread([this] { Loop(); });
}

void EventDispatcher::Stop() {
  std::thread ending;
  {
    std::lock_guard lock(state_mutex_);
    stop_ = true;
    ending = std::move(thread_);
  }
  wake_.notify_all();
  if (ending.joinable())
    ending.join();
  std::lock_guard lock(state_mutex_);
  stop_ = false;
}

bool EventDispatcher::running() const {
  std::lock_guard lock(state_mutex_);
  return thread_.joinable();
}

Result<std::vector<ConsumerState>> EventDispatcher::Consumers() const {
  std::vector<ConsumerState> out;
  ZQ_ASSIGN_OR_RETURN(auto tx, db_.Begin(store::TxMode::kReadOnly));
  for (const auto& lane : lanes_) {
    ConsumerState s;
    s.consumer = lane->consumer.name;
    s.kind_prefixes = lane->consumer.kind_prefixes;
    ZQ_ASSIGN_OR_RETURN(s.cursor, store::DomainEventCursor(*tx, s.consumer));
    for (const std::string& prefix : s.kind_prefixes) {
      ZQ_ASSIGN_OR_RETURN(const std::int64_t n, store::CountDomainEvents(*tx, s.cursor, prefix));
      s.lag += n;
    }
    ZQ_ASSIGN_OR_RETURN(s.dead_letters, CountDeadLetters(*tx, s.consumer));
    {
      std::lock_guard lock(state_mutex_);
      s.last_error = lane->last_error;
    }
    out.push_back(std::move(s));
  }
  return out;
}

Result<std::vector<DeadLetter>> EventDispatcher::DeadLetters(std::size_t limit) const {
  ZQ_ASSIGN_OR_RETURN(auto tx, db_.Begin(store::TxMode::kReadOnly));
  return ListDeadLetters(*tx, limit);
}

Result<Redelivery> EventDispatcher::Redeliver(std::int64_t id, const RedeliveryHook& hook) {
  Redelivery out;
  DeadLetter letter;
  const Status done = store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    ZQ_ASSIGN_OR_RETURN(std::optional<DeadLetter> found, FindDeadLetter(tx, id));
    if (!found.has_value())
      return Status::NotFound("no such dead letter", "id");
    letter = std::move(*found);
    const auto lane = std::find_if(lanes_.begin(), lanes_.end(), [&](const auto& l) {
      return l->consumer.name == letter.consumer;
    });
    if (lane == lanes_.end()) {
      return Status::FailedPrecondition(
          "the consumer " + letter.consumer + " is not registered in this program", "consumer");
    }
    // Deleted first: the row stays locked, so two redeliveries of it cannot both run.
    ZQ_ASSIGN_OR_RETURN(const bool removed, RemoveDeadLetter(tx, id));
    if (!removed)
      return Status::NotFound("no such dead letter (already redelivered)", "id");
    ZQ_ASSIGN_OR_RETURN(std::vector<store::DomainEvent> event,
                        store::ReadDomainEvents(tx, letter.seq - 1, 1));
    if (event.empty() || event.front().seq != letter.seq)
      return Status::Internal("the dead letter's domain event is missing");
    const Status handled = CallHandler((*lane)->consumer, tx, event.front());
    if (!handled.ok()) {
      out.error = handled.ToString();
      return handled;
    }
    out.delivered = true;
    return hook ? hook(tx, letter, true) : Status::Ok();
  });
  if (out.delivered || out.error.empty()) {
    ZQ_RETURN_IF_ERROR(done);
    return out;
  }
  ZQ_RETURN_IF_ERROR(store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    ZQ_RETURN_IF_ERROR(RecordFailedAttempt(tx, id, out.error, Timestamp(clock_)));
    return hook ? hook(tx, letter, false) : Status::Ok();
  }));
  return out;
}

}  // namespace zq::events
