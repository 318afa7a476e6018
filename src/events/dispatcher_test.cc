// Delivery: exactly once per consumer, across failures, restarts and a second process; consumers
// independent of each other; lag; the background thread.
#include "events/dispatcher.h"

#include <atomic>
#include <map>
#include <thread>

#include <gtest/gtest.h>

#include "events/testing/event_fixture.h"

namespace zq::events {
namespace {

using testing::DispatcherTest;

TEST_P(DispatcherTest, DeliversEachEventOnceAndMovesTheCursor) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  CreateHandledTable(t->db());
  const std::int64_t last = Publish(t->db(), "inspection.batch_failed", 120);
  Publish(t->db(), "registry.entity_changed", 3);  // not this consumer's kind
  EventDispatcher dispatcher(t->db(), {Recorder("credit", {"inspection."})}, Fast());
  Result<std::vector<ConsumerStats>> run = dispatcher.RunUntilIdle();
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  ASSERT_EQ(run->size(), 1u);
  EXPECT_EQ(run->at(0).delivered, 120);  // in batches of 50
  EXPECT_EQ(run->at(0).failures, 0);
  EXPECT_EQ(run->at(0).cursor, last);
  EXPECT_EQ(run->at(0).lag, 0);
  EXPECT_EQ(Handled(t->db(), "credit"), 120);
  EXPECT_EQ(dispatcher.RunUntilIdle()->at(0).delivered, 0);
  EXPECT_EQ(Handled(t->db(), "credit"), 120);
}

// A handler that fails twice then succeeds: both failed attempts roll back, the third commits.
TEST_P(DispatcherTest, AHandlerThatFailsTwiceThenSucceedsIsDeliveredOnce) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  CreateHandledTable(t->db());
  Publish(t->db(), "inspection.batch_failed", 2);
  const std::int64_t flaky = Publish(t->db(), "inspection.batch_failed", 1);
  Publish(t->db(), "inspection.batch_failed", 2);
  int calls = 0;
  EventDispatcher dispatcher(t->db(),
                             {Recorder("credit", {"inspection."},
                                       [&](const store::DomainEvent& e) {
                                         if (e.seq == flaky && ++calls <= 2)
                                           return Status::Internal("flaky");
                                         return Status::Ok();
                                       })},
                             Fast());
  Result<std::vector<ConsumerStats>> run = dispatcher.RunUntilIdle();
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  EXPECT_EQ(calls, 3);
  EXPECT_EQ(run->at(0).failures, 2);
  EXPECT_EQ(run->at(0).dead_lettered, 0);
  EXPECT_EQ(run->at(0).delivered, 5);
  EXPECT_EQ(run->at(0).lag, 0);
  EXPECT_EQ(Handled(t->db(), "credit", flaky), 1);
  EXPECT_EQ(Handled(t->db(), "credit"), 5);
  EXPECT_TRUE(dispatcher.Consumers()->at(0).last_error.empty());
}

// A crash between the handler's writes and the commit leaves nothing; the next process (a new
// dispatcher on a new connection) delivers the event once.
TEST_P(DispatcherTest, AfterACrashTheNextProcessDeliversWhatWasNotCommitted) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  CreateHandledTable(t->db());
  Publish(t->db(), "inspection.batch_failed", 3);
  {
    auto crashing = store::DomainEventConsumer{
        "credit",
        {"inspection."},
        [](store::Transaction& tx, const store::DomainEvent& e) -> Status {
          const std::vector<store::Value> row = {std::string("credit"), e.seq};
          (void)tx.Execute("INSERT INTO handled (consumer, seq) VALUES (?, ?)", row);
          throw std::runtime_error("the process dies here");  // the transaction never commits
        }};
    EventDispatcher dying(t->db(), {crashing}, Fast(/*max_attempts=*/1000));
    dying.Start();  // it fails and retries until stopped, never past the first event
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    dying.Stop();
    EXPECT_NE(dying.Consumers()->at(0).last_error.find("the process dies here"), std::string::npos);
  }
  EXPECT_EQ(Handled(t->db(), "credit"), 0);
  Result<std::unique_ptr<store::Database>> next = t->Reopen();
  ASSERT_TRUE(next.ok());
  EventDispatcher restarted(**next, {Recorder("credit", {"inspection."})}, Fast());
  EXPECT_EQ(restarted.RunUntilIdle()->at(0).delivered, 3);
  EXPECT_EQ(Handled(t->db(), "credit"), 3);
}

// Two processes deliver to the same consumer at once (servers sharing a PostgreSQL database):
// each event is handled once in all.
TEST_P(DispatcherTest, TwoProcessesDeliveringAtOnceHandleEachEventOnce) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  CreateHandledTable(t->db());
  Publish(t->db(), "inspection.batch_failed", 200);
  Result<std::unique_ptr<store::Database>> other = t->Reopen();
  ASSERT_TRUE(other.ok());
  DispatchOptions small = Fast();
  small.batch_size = 7;
  EventDispatcher a(t->db(), {Recorder("credit", {"inspection."})}, small);
  EventDispatcher b(**other, {Recorder("credit", {"inspection."})}, small);
  std::int64_t by_b = 0;
  std::thread second([&] { by_b = b.RunUntilIdle()->at(0).delivered; });
  const std::int64_t by_a = a.RunUntilIdle()->at(0).delivered;
  second.join();
  EXPECT_EQ(by_a + by_b, 200);
  EXPECT_EQ(Handled(t->db(), "credit"), 200);
  ASSERT_TRUE(store::InTransaction(t->db(), [](store::Transaction& tx) -> Status {
                ZQ_ASSIGN_OR_RETURN(store::ResultSet twice,
                                    tx.Query("SELECT seq FROM handled GROUP BY seq "
                                             "HAVING COUNT(*) > 1"));
                EXPECT_TRUE(twice.rows.empty());
                return Status::Ok();
              }).ok());
}

// One consumer's database-side failures (kUnavailable) are retried, never dead-lettered, and do
// not hold back the other consumer, which sees the same events.
TEST_P(DispatcherTest, OneConsumersFailureDoesNotHoldBackAnother) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  CreateHandledTable(t->db());
  Publish(t->db(), "inspection.batch_failed", 4);
  EventDispatcher dispatcher(
      t->db(),
      {Recorder("down", {"inspection."},
                [](const store::DomainEvent&) { return Status::Unavailable("the bank is away"); }),
       Recorder("credit", {"inspection.batch_", "inspection."})},
      Fast());
  Result<std::vector<ConsumerStats>> run = dispatcher.RunUntilIdle();
  ASSERT_TRUE(run.ok());
  EXPECT_EQ(run->at(0).consumer, "down");
  EXPECT_EQ(run->at(0).delivered, 0);
  EXPECT_EQ(run->at(0).failures, 3);  // then this run gives up on it
  EXPECT_EQ(run->at(0).dead_lettered, 0);
  EXPECT_EQ(run->at(0).lag, 4);
  EXPECT_NE(run->at(0).error.find("the bank is away"), std::string::npos);
  EXPECT_EQ(run->at(1).delivered, 4);  // overlapping prefixes: each event once
  EXPECT_EQ(run->at(1).lag, 0);
  EXPECT_EQ(Handled(t->db(), "credit"), 4);
  EXPECT_EQ(Handled(t->db(), "down"), 0);
  EXPECT_EQ(dispatcher.DeadLetters()->size(), 0u);
}

// PostgreSQL lets a transaction commit seq 2 while seq 1 is still in flight; the dispatcher waits
// for seq 1 instead of moving the cursor past it for ever.
TEST_P(DispatcherTest, AnEventCommittedAfterALaterOneIsNotSkipped) {
  if (GetParam() == store::Backend::kSqlite)
    GTEST_SKIP() << "SQLite serialises writers: events commit in seq order";
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  CreateHandledTable(t->db());
  Result<std::unique_ptr<store::Database>> other = t->Reopen();
  ASSERT_TRUE(other.ok());
  Result<std::unique_ptr<store::Transaction>> slow = (*other)->Begin();
  ASSERT_TRUE(slow.ok());
  const Result<std::int64_t> first =
      store::AppendDomainEvent(**slow, Event("inspection.batch_failed", "slow"));
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  const std::int64_t second = Publish(t->db(), "inspection.batch_failed", 1);
  ASSERT_GT(second, *first);
  std::thread committer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    EXPECT_TRUE((*slow)->Commit().ok());
  });
  EventDispatcher dispatcher(t->db(), {Recorder("credit", {"inspection."})}, Fast());
  Result<std::vector<ConsumerStats>> run = dispatcher.RunUntilIdle();  // waits for the commit
  committer.join();
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  EXPECT_EQ(run->at(0).delivered, 2);
  EXPECT_EQ(Handled(t->db(), "credit", *first), 1);
  EXPECT_EQ(Handled(t->db(), "credit", second), 1);
}

TEST_P(DispatcherTest, LagCountsTheConsumersKindsAfterItsCursor) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  CreateHandledTable(t->db());
  Publish(t->db(), "inspection.batch_failed", 3);
  Publish(t->db(), "inspection.escalated", 2);
  Publish(t->db(), "registry.entity_changed", 5);
  EventDispatcher dispatcher(t->db(),
                             {Recorder("credit", {"inspection.escalated", "inspection.batch_"}),
                              Recorder("all", {}), Recorder("none", {"recall."})},
                             Fast());
  Result<std::vector<ConsumerState>> before = dispatcher.Consumers();
  ASSERT_TRUE(before.ok()) << before.status().ToString();
  EXPECT_EQ(before->at(0).lag, 5);
  EXPECT_EQ(before->at(0).cursor, 0);
  EXPECT_EQ(before->at(1).lag, 10);
  EXPECT_EQ(before->at(1).kind_prefixes, std::vector<std::string>{""});
  EXPECT_EQ(before->at(2).lag, 0);
  ASSERT_TRUE(dispatcher.RunUntilIdle().ok());
  Publish(t->db(), "inspection.escalated", 1);
  Result<std::vector<ConsumerState>> after = dispatcher.Consumers();
  EXPECT_EQ(after->at(0).lag, 1);
  EXPECT_EQ(after->at(1).lag, 1);
  EXPECT_EQ(after->at(2).lag, 0);
}

TEST_P(DispatcherTest, TheBackgroundThreadDeliversNewEventsAndStopsPromptly) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  CreateHandledTable(t->db());
  DispatchOptions options = Fast();
  options.poll_interval = std::chrono::milliseconds(20);
  EventDispatcher dispatcher(t->db(), {Recorder("credit", {"inspection."})}, options);
  dispatcher.Start();
  dispatcher.Start();  // already running: nothing happens
  EXPECT_TRUE(dispatcher.running());
  Publish(t->db(), "inspection.batch_failed", 3);
  for (int i = 0; i < 500 && Handled(t->db(), "credit") < 3; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(Handled(t->db(), "credit"), 3);
  EXPECT_EQ(dispatcher.Consumers()->at(0).lag, 0);
  dispatcher.Stop();
  EXPECT_FALSE(dispatcher.running());

  // A long poll interval does not delay Stop(): it wakes the thread.
  options.poll_interval = std::chrono::minutes(10);
  EventDispatcher idle(t->db(), {Recorder("other", {"inspection."})}, options);
  idle.Start();
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  const auto stopping = std::chrono::steady_clock::now();
  idle.Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - stopping, std::chrono::seconds(2));
  EXPECT_EQ(Handled(t->db(), "other"), 3);
}

INSTANTIATE_TEST_SUITE_P(Backends, DispatcherTest,
                         ::testing::ValuesIn(store::testing::AllBackends()),
                         store::testing::BackendParamName);

}  // namespace
}  // namespace zq::events
