#include "store/domain_events.h"

#include <gtest/gtest.h>

#include "store/testing/test_database.h"

namespace zq::store {
namespace {

class DomainEventsTest : public ::testing::TestWithParam<Backend> {};

DomainEvent Failed(std::string source_id, std::string uscc) {
  DomainEvent event;
  event.source = "inspection";
  event.source_id = std::move(source_id);
  event.kind = "inspection.batch_failed";
  event.uscc = std::move(uscc);
  event.region_code = "370102";
  event.occurred_on = "2026-03-02";
  event.payload = R"({"product":"电线电缆"})";
  event.recorded_at = "2026-03-02T08:00:00Z";
  return event;
}

TEST_P(DomainEventsTest, AppendsOnceReadsInOrderAndKeepsEachConsumersCursor) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  std::int64_t first = 0;
  std::int64_t again = -1;
  ASSERT_TRUE(InTransaction(t->db(), [&](Transaction& tx) {
                ZQ_ASSIGN_OR_RETURN(first, AppendDomainEvent(tx, Failed("v1", "A")));
                DomainEvent escalated = Failed("e1", "B");
                escalated.kind = "inspection.escalated";
                ZQ_RETURN_IF_ERROR(AppendDomainEvent(tx, escalated).status());
                ZQ_RETURN_IF_ERROR(AppendDomainEvent(tx, Failed("v2", "C")).status());
                // The same fact again (a retried request): the stored seq, nothing new.
                ZQ_ASSIGN_OR_RETURN(again, AppendDomainEvent(tx, Failed("v1", "changed")));
                return Status::Ok();
              }).ok());
  EXPECT_EQ(again, first);

  ASSERT_TRUE(InTransaction(t->db(), [&](Transaction& tx) {
                ZQ_ASSIGN_OR_RETURN(auto all, ReadDomainEvents(tx, 0, 10));
                EXPECT_EQ(all.size(), 3u);
                EXPECT_EQ(all[0].uscc, "A");
                EXPECT_EQ(all[0].payload, R"({"product":"电线电缆"})");
                EXPECT_LT(all[0].seq, all[1].seq);
                EXPECT_LT(all[1].seq, all[2].seq);
                ZQ_ASSIGN_OR_RETURN(auto failed, ReadDomainEvents(tx, 0, 10, "inspection.batch_"));
                EXPECT_EQ(failed.size(), 2u);
                ZQ_ASSIGN_OR_RETURN(auto after_first, ReadDomainEvents(tx, all[0].seq, 1));
                EXPECT_EQ(after_first.size(), 1u);
                EXPECT_EQ(after_first[0].uscc, "B");
                ZQ_ASSIGN_OR_RETURN(auto none, ReadDomainEvents(tx, 0, 10, "credit."));
                EXPECT_TRUE(none.empty());

                ZQ_ASSIGN_OR_RETURN(std::int64_t fresh, DomainEventCursor(tx, "credit"));
                EXPECT_EQ(fresh, 0);
                ZQ_RETURN_IF_ERROR(AdvanceDomainEventCursor(tx, "credit", all[1].seq));
                ZQ_RETURN_IF_ERROR(AdvanceDomainEventCursor(tx, "credit", all[2].seq));
                ZQ_ASSIGN_OR_RETURN(std::int64_t moved, DomainEventCursor(tx, "credit"));
                EXPECT_EQ(moved, all[2].seq);
                ZQ_ASSIGN_OR_RETURN(std::int64_t other, DomainEventCursor(tx, "risk"));
                EXPECT_EQ(other, 0);
                return Status::Ok();
              }).ok());
}

TEST_P(DomainEventsTest, RefusesAnEventWithoutItsIdentity) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  DomainEvent no_id = Failed("", "A");
  const Status s = InTransaction(
      t->db(), [&](Transaction& tx) { return AppendDomainEvent(tx, no_id).status(); });
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.field(), "source_id");
  DomainEvent odd_kind = Failed("v9", "A");
  odd_kind.kind = "抽查 failed";
  const Status k = InTransaction(
      t->db(), [&](Transaction& tx) { return AppendDomainEvent(tx, odd_kind).status(); });
  EXPECT_EQ(k.field(), "kind");
}

TEST_P(DomainEventsTest, MovesACursorOnlyFromWhereItStandsAndCountsTheLag) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(InTransaction(t->db(), [&](Transaction& tx) -> Status {
                std::int64_t last = 0;
                for (const char* id : {"v1", "v2", "v3"}) {
                  ZQ_ASSIGN_OR_RETURN(last, AppendDomainEvent(tx, Failed(id, "A")));
                }
                DomainEvent escalated = Failed("e1", "B");
                escalated.kind = "inspection.escalated";
                ZQ_RETURN_IF_ERROR(AppendDomainEvent(tx, escalated).status());
                ZQ_ASSIGN_OR_RETURN(std::int64_t lag,
                                    CountDomainEvents(tx, 0, "inspection.batch_"));
                EXPECT_EQ(lag, 3);
                ZQ_ASSIGN_OR_RETURN(lag, CountDomainEvents(tx, last, ""));
                EXPECT_EQ(lag, 1);
                // A missing cursor stands at 0; a move from elsewhere changes nothing.
                ZQ_ASSIGN_OR_RETURN(bool moved, MoveDomainEventCursor(tx, "credit", 5, last));
                EXPECT_FALSE(moved);
                ZQ_ASSIGN_OR_RETURN(moved, MoveDomainEventCursor(tx, "credit", 0, last));
                EXPECT_TRUE(moved);
                ZQ_ASSIGN_OR_RETURN(const std::int64_t cursor, DomainEventCursor(tx, "credit"));
                EXPECT_EQ(cursor, last);
                ZQ_ASSIGN_OR_RETURN(moved, MoveDomainEventCursor(tx, "credit", 0, last + 1));
                EXPECT_FALSE(moved);
                return Status::Ok();
              }).ok());
}

INSTANTIATE_TEST_SUITE_P(Backends, DomainEventsTest, ::testing::ValuesIn(testing::AllBackends()),
                         testing::BackendParamName);

}  // namespace
}  // namespace zq::store
