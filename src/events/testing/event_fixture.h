#pragma once

// Test support for the dispatcher's tests: a database with a table the test handlers write to,
// events to deliver, and fast retries.
#include <atomic>
#include <cstdint>
#include <string>

#include <gtest/gtest.h>

#include "events/dispatcher.h"
#include "store/domain_events.h"
#include "store/testing/test_database.h"

namespace zq::events::testing {

class DispatcherTest : public ::testing::TestWithParam<store::Backend> {
 protected:
  // Retries at once, so that tests of backoff take milliseconds.
  static DispatchOptions Fast(int max_attempts = 3) {
    DispatchOptions o;
    o.max_attempts = max_attempts;
    o.first_backoff = std::chrono::milliseconds(1);
    o.max_backoff = std::chrono::milliseconds(4);
    o.poll_interval = std::chrono::milliseconds(10);
    return o;
  }

  // The table a handler writes to, in the dispatcher's transaction.
  void CreateHandledTable(store::Database& db) {
    ASSERT_TRUE(store::InTransaction(db, [](store::Transaction& tx) {
                  return tx
                      .Execute("CREATE TABLE handled (consumer TEXT NOT NULL, seq BIGINT NOT NULL)")
                      .status();
                }).ok());
  }

  // An event of `kind` about a firm in Jinan's Lixia district.
  static store::DomainEvent Event(const std::string& kind, std::string source_id) {
    store::DomainEvent e;
    e.source = "test";
    e.source_id = std::move(source_id);
    e.kind = kind;
    e.uscc = "91370102MA3C000000";
    e.region_code = "370102";
    e.occurred_on = "2026-10-20";
    e.payload = "{}";
    e.recorded_at = "2026-10-20T08:00:00Z";
    return e;
  }

  // Appends n events of `kind` (fresh source ids); returns the last seq.
  std::int64_t Publish(store::Database& db, const std::string& kind, int n) {
    std::int64_t last = 0;
    EXPECT_TRUE(store::InTransaction(db, [&](store::Transaction& tx) -> Status {
                  for (int i = 0; i < n; ++i) {
                    const store::DomainEvent e = Event(kind, kind + "-" + std::to_string(next_++));
                    ZQ_ASSIGN_OR_RETURN(last, store::AppendDomainEvent(tx, e));
                  }
                  return Status::Ok();
                }).ok());
    return last;
  }

  // A consumer that records each event it handles; `fail` says when to fail instead.
  static store::DomainEventConsumer Recorder(
      std::string name, std::vector<std::string> prefixes,
      std::function<Status(const store::DomainEvent&)> fail = {}) {
    return {name, std::move(prefixes),
            [name, fail](store::Transaction& tx, const store::DomainEvent& e) -> Status {
              const std::vector<store::Value> row = {name, e.seq};
              ZQ_RETURN_IF_ERROR(
                  tx.Execute("INSERT INTO handled (consumer, seq) VALUES (?, ?)", row).status());
              return fail ? fail(e) : Status::Ok();  // a failure rolls the insert back
            }};
  }

  // How many times `consumer` handled `seq` (committed); with seq 0, how many events in all.
  std::int64_t Handled(store::Database& db, const std::string& consumer, std::int64_t seq = 0) {
    std::int64_t n = -1;
    EXPECT_TRUE(store::InTransaction(db, [&](store::Transaction& tx) -> Status {
                  std::string sql = "SELECT COUNT(*) FROM handled WHERE consumer = ?";
                  std::vector<store::Value> params = {consumer};
                  if (seq != 0) {
                    sql += " AND seq = ?";
                    params.emplace_back(seq);
                  }
                  ZQ_ASSIGN_OR_RETURN(store::ResultSet rows, tx.Query(sql, params));
                  n = rows.rows.at(0).GetInt(0);
                  return Status::Ok();
                }).ok());
    return n;
  }

 private:
  int next_ = 0;
};

}  // namespace zq::events::testing
