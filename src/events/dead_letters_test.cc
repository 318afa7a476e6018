// Dead letters: a poison event is set aside after max_attempts failures and the consumer moves
// on; administrators list and redeliver it.
#include "events/dead_letters.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/testing/status_is.h"
#include "events/dispatcher.h"
#include "events/testing/event_fixture.h"

namespace zq::events {
namespace {

using status_matchers::StatusIs;
using testing::DispatcherTest;

class DeadLetterTest : public DispatcherTest {};

TEST_P(DeadLetterTest, APoisonEventBecomesADeadLetterAndTheCursorMovesOn) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  CreateHandledTable(t->db());
  Publish(t->db(), "inspection.batch_failed", 3);
  const std::int64_t poison = Publish(t->db(), "inspection.escalated", 1);
  const std::int64_t last = Publish(t->db(), "inspection.batch_failed", 3);
  int attempts = 0;
  EventDispatcher dispatcher(t->db(),
                             {Recorder("credit", {"inspection."},
                                       [&](const store::DomainEvent& e) {
                                         if (e.seq != poison)
                                           return Status::Ok();
                                         ++attempts;
                                         return Status::InvalidArgument("no such level", "level");
                                       })},
                             Fast(/*max_attempts=*/4));
  Result<std::vector<ConsumerStats>> run = dispatcher.RunUntilIdle();
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  EXPECT_EQ(attempts, 4);
  EXPECT_EQ(run->at(0).failures, 4);
  EXPECT_EQ(run->at(0).dead_lettered, 1);
  EXPECT_EQ(run->at(0).delivered, 6);
  EXPECT_EQ(run->at(0).cursor, last);
  EXPECT_EQ(run->at(0).lag, 0);
  EXPECT_EQ(Handled(t->db(), "credit", poison), 0);
  EXPECT_EQ(Handled(t->db(), "credit"), 6);

  Result<std::vector<DeadLetter>> letters = dispatcher.DeadLetters();
  ASSERT_TRUE(letters.ok()) << letters.status().ToString();
  ASSERT_EQ(letters->size(), 1u);
  const DeadLetter& d = letters->front();
  EXPECT_EQ(d.consumer, "credit");
  EXPECT_EQ(d.seq, poison);
  EXPECT_EQ(d.attempts, 4);
  EXPECT_EQ(d.kind, "inspection.escalated");
  EXPECT_EQ(d.source, "test");
  EXPECT_EQ(d.occurred_on, "2026-10-20");
  EXPECT_NE(d.last_error.find("no such level"), std::string::npos);
  EXPECT_FALSE(d.failed_at.empty());
  EXPECT_EQ(dispatcher.Consumers()->at(0).dead_letters, 1);
  // Nothing is retried by itself once set aside.
  EXPECT_EQ(dispatcher.RunUntilIdle()->at(0).failures, 0);
  EXPECT_EQ(attempts, 4);
}

TEST_P(DeadLetterTest, RedeliveryRunsTheHandlerAgainAndSuccessClearsIt) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  CreateHandledTable(t->db());
  const std::int64_t poison = Publish(t->db(), "inspection.batch_failed", 1);
  bool fixed = false;
  EventDispatcher dispatcher(t->db(),
                             {Recorder("credit", {"inspection."},
                                       [&](const store::DomainEvent&) {
                                         return fixed ? Status::Ok()
                                                      : Status::Internal("rule set missing");
                                       })},
                             Fast(/*max_attempts=*/2));
  ASSERT_EQ(dispatcher.RunUntilIdle()->at(0).dead_lettered, 1);
  const std::int64_t id = dispatcher.DeadLetters()->at(0).id;
  std::vector<bool> hooked;
  const RedeliveryHook hook = [&](store::Transaction& tx, const DeadLetter& letter,
                                  bool delivered) -> Status {
    EXPECT_EQ(letter.seq, poison);
    hooked.push_back(delivered);
    // The hook's writes commit with the outcome (the audit entry in production).
    const std::vector<store::Value> row = {std::string(delivered ? "hook.ok" : "hook.failed"),
                                           letter.seq};
    return tx.Execute("INSERT INTO handled (consumer, seq) VALUES (?, ?)", row).status();
  };

  // Still failing: one more attempt counted, the dead letter stays.
  Result<Redelivery> again = dispatcher.Redeliver(id, hook);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_FALSE(again->delivered);
  EXPECT_NE(again->error.find("rule set missing"), std::string::npos);
  EXPECT_EQ(dispatcher.DeadLetters()->at(0).attempts, 3);
  EXPECT_EQ(Handled(t->db(), "credit"), 0);
  EXPECT_EQ(Handled(t->db(), "hook.failed"), 1);

  fixed = true;
  Result<Redelivery> done = dispatcher.Redeliver(id, hook);
  ASSERT_TRUE(done.ok()) << done.status().ToString();
  EXPECT_TRUE(done->delivered);
  EXPECT_EQ(Handled(t->db(), "credit", poison), 1);
  EXPECT_EQ(Handled(t->db(), "hook.ok"), 1);
  EXPECT_EQ(hooked, (std::vector<bool>{false, true}));
  EXPECT_TRUE(dispatcher.DeadLetters()->empty());
  EXPECT_EQ(dispatcher.Consumers()->at(0).dead_letters, 0);
  EXPECT_THAT(dispatcher.Redeliver(id).status(), StatusIs(StatusCode::kNotFound, "id"));
  EXPECT_EQ(Handled(t->db(), "credit", poison), 1);
}

TEST_P(DeadLetterTest, ADeadLetterOfAConsumerNotRegisteredHereIsRefused) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  CreateHandledTable(t->db());
  Publish(t->db(), "inspection.batch_failed", 1);
  EventDispatcher failing(
      t->db(),
      {Recorder("retired", {"inspection."},
                [](const store::DomainEvent&) { return Status::Internal("always"); })},
      Fast(/*max_attempts=*/1));
  ASSERT_EQ(failing.RunUntilIdle()->at(0).dead_lettered, 1);
  EventDispatcher other(t->db(), {Recorder("credit", {"inspection."})}, Fast());
  Result<std::vector<DeadLetter>> letters = other.DeadLetters();
  ASSERT_EQ(letters->size(), 1u);  // every consumer's are listed
  EXPECT_THAT(other.Redeliver(letters->at(0).id).status(),
              StatusIs(StatusCode::kFailedPrecondition, "consumer"));
  EXPECT_EQ(other.DeadLetters()->size(), 1u);  // untouched
  EXPECT_THAT(other.Redeliver(9999).status(), StatusIs(StatusCode::kNotFound, "id"));
}

INSTANTIATE_TEST_SUITE_P(Backends, DeadLetterTest,
                         ::testing::ValuesIn(store::testing::AllBackends()),
                         store::testing::BackendParamName);

}  // namespace
}  // namespace zq::events
