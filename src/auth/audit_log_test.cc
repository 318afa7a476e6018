#include "auth/audit_log.h"

#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/testing/status_is.h"
#include "store/testing/test_database.h"

namespace zq::auth {
namespace {

using status_matchers::StatusIs;
using store::Value;

class AuditLogTest : public ::testing::TestWithParam<store::Backend> {
 protected:
  FakeClock clock_{std::chrono::sys_days{std::chrono::year{2026} / 11 / 24}};
  AuditChain chain_{std::string(32, 'k')};
  AuditLog log_{chain_, clock_};

  Status AppendSome(store::Database& db, int n) {
    Caller admin = Caller::System();
    for (int i = 0; i < n; ++i) {
      ZQ_RETURN_IF_ERROR(store::InTransaction(db, [&](store::Transaction& tx) {
        clock_.Advance(std::chrono::seconds(1));
        return log_.Append(tx, admin, "entity.upsert", "entity:" + std::to_string(i));
      }));
    }
    return Status::Ok();
  }

  // Expects Verify to name the log's first break: `kind` at entry `seq`.
  void ExpectBreak(store::Database& db, ChainBreak kind, std::int64_t seq) const {
    const std::optional<ChainFinding> finding = std::move(log_.Verify(db)).value();
    ASSERT_TRUE(finding.has_value()) << "the log verified; expected a break at " << seq;
    EXPECT_EQ(finding->kind, kind);
    EXPECT_EQ(finding->seq, seq);
  }

  static void Exec(store::Database& db, const std::string& sql) {
    ASSERT_TRUE(
        store::InTransaction(db, [&](store::Transaction& tx) { return tx.Execute(sql).status(); })
            .ok())
        << sql;
  }
};

TEST_P(AuditLogTest, IntactLogVerifies) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(AppendSome(t->db(), 5).ok());
  Result<std::optional<ChainFinding>> r = log_.Verify(t->db());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_FALSE(r->has_value()) << (*r)->message;
}

TEST_P(AuditLogTest, RolledBackChangeLeavesNoEntry) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  {
    auto tx = std::move(t->db().Begin()).value();
    ASSERT_TRUE(log_.Append(*tx, Caller::System(), "entity.upsert", "entity:x").ok());
  }  // rolled back
  auto tx = std::move(t->db().Begin()).value();
  EXPECT_EQ(tx->Query("SELECT COUNT(*) FROM audit_log")->rows[0].GetInt(0), 0);
}

TEST_P(AuditLogTest, AlteredRowIsNamed) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(AppendSome(t->db(), 5).ok());
  Exec(t->db(), "UPDATE audit_log SET actor = 'intruder' WHERE seq = 3");
  ExpectBreak(t->db(), ChainBreak::kAltered, 3);
}

TEST_P(AuditLogTest, RemovedRowIsNamed) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(AppendSome(t->db(), 5).ok());
  Exec(t->db(), "DELETE FROM audit_log WHERE seq = 2");
  ExpectBreak(t->db(), ChainBreak::kRemoved, 2);
}

TEST_P(AuditLogTest, RemovedLastRowIsFoundThroughTheHead) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(AppendSome(t->db(), 5).ok());
  Exec(t->db(), "DELETE FROM audit_log WHERE seq = 5");
  ExpectBreak(t->db(), ChainBreak::kRemoved, 5);
}

TEST_P(AuditLogTest, RemovedLastRowsAndTheWholeLogAreFound) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(AppendSome(t->db(), 5).ok());
  Exec(t->db(), "DELETE FROM audit_log WHERE seq >= 4");
  ExpectBreak(t->db(), ChainBreak::kRemoved, 4);
  Exec(t->db(), "DELETE FROM audit_log");
  ExpectBreak(t->db(), ChainBreak::kRemoved, 1);
}

TEST_P(AuditLogTest, AppendsAfterRemovedLastRowsLeaveTheGapVisible) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(AppendSome(t->db(), 5).ok());
  Exec(t->db(), "DELETE FROM audit_log WHERE seq >= 4");
  AuditLog other{chain_, clock_};  // another process, which never saw the removed entries
  for (const AuditLog* log : {&other, &log_}) {
    ASSERT_TRUE(store::InTransaction(t->db(), [&](store::Transaction& tx) {
                  return log->Append(tx, Caller::System(), "entity.upsert", "entity:later");
                }).ok());
  }
  ExpectBreak(t->db(), ChainBreak::kRemoved, 4);
}

TEST_P(AuditLogTest, ReorderedRowsAreNamed) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(AppendSome(t->db(), 5).ok());
  // Move entry 2 to the end of the log by renumbering it, keeping its content.
  Exec(t->db(), "UPDATE audit_log SET seq = 100 WHERE seq = 2");
  ExpectBreak(t->db(), ChainBreak::kRemoved, 2);  // entry 3 arrives where 2 belongs
}

TEST_P(AuditLogTest, StaleCachedHeadsAreCaughtAfterRollbacksAndOtherProcesses) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  AuditLog other{chain_, clock_};  // another process: its own cached head
  auto append = [&](const AuditLog& log, const char* object) {
    return store::InTransaction(t->db(), [&](store::Transaction& tx) {
      return log.Append(tx, Caller::System(), "entity.upsert", object);
    });
  };
  ASSERT_TRUE(append(log_, "entity:a").ok());
  ASSERT_TRUE(append(other, "entity:b").ok());  // log_'s cached head is now stale
  ASSERT_TRUE(append(log_, "entity:c").ok());
  {
    auto tx = std::move(t->db().Begin()).value();
    ASSERT_TRUE(log_.Append(*tx, Caller::System(), "entity.upsert", "entity:x").ok());
  }  // rolled back: log_ remembers a head that was never committed
  ASSERT_TRUE(append(log_, "entity:d").ok());
  ASSERT_TRUE(append(other, "entity:e").ok());
  auto finding = std::move(log_.Verify(t->db())).value();
  EXPECT_FALSE(finding.has_value()) << finding->message;
  auto tx = std::move(t->db().Begin(store::TxMode::kReadOnly)).value();
  const store::ResultSet rs = *tx->Query("SELECT object FROM audit_log ORDER BY seq");
  std::vector<std::string> objects;
  for (const store::Row& r : rs.rows) objects.push_back(r.GetText(0));
  EXPECT_EQ(objects,
            (std::vector<std::string>{"entity:a", "entity:b", "entity:c", "entity:d", "entity:e"}));
}

TEST_P(AuditLogTest, ConcurrentAppendersKeepOneUnbrokenChain) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  // Two "processes" (separate cached heads), two threads each, every append in its own
  // transaction together with a row of its own, some of them rolled back.
  AuditLog other{chain_, clock_};
  ASSERT_TRUE(store::InTransaction(t->db(), [](store::Transaction& tx) {
                return tx.Execute("CREATE TABLE audit_writes (id TEXT PRIMARY KEY)").status();
              }).ok());
  constexpr int kThreads = 4;
  constexpr int kPerThread = 40;
  std::vector<Status> results(kThreads);
  {
    std::vector<std::jthread> threads;
    for (int th = 0; th < kThreads; ++th) {
      threads.emplace_back([&, th] {
        const AuditLog& log = th % 2 == 0 ? log_ : other;
        for (int i = 0; i < kPerThread && results[th].ok(); ++i) {
          const std::string id = std::to_string(th) + "-" + std::to_string(i);
          auto tx = t->db().Begin();
          if (!tx.ok()) {
            results[th] = tx.status();
            return;
          }
          const std::vector<Value> row = {id};
          Status s = (*tx)->Execute("INSERT INTO audit_writes (id) VALUES (?)", row).status();
          if (s.ok())
            s = log.Append(**tx, Caller::System(), "bench.write", "write:" + id);
          if (s.ok() && i % 7 != 3)  // every seventh is abandoned after its append
            s = (*tx)->Commit();
          results[th] = s;
        }
      });
    }
  }
  for (const Status& s : results) ASSERT_TRUE(s.ok()) << s.ToString();
  auto finding = std::move(log_.Verify(t->db())).value();
  EXPECT_FALSE(finding.has_value()) << finding->message;
  auto tx = std::move(t->db().Begin(store::TxMode::kReadOnly)).value();
  const std::int64_t writes = tx->Query("SELECT COUNT(*) FROM audit_writes")->rows[0].GetInt(0);
  const std::int64_t entries = tx->Query("SELECT COUNT(*) FROM audit_log")->rows[0].GetInt(0);
  int kept = 0;
  for (int i = 0; i < kPerThread; ++i) kept += i % 7 != 3 ? 1 : 0;
  EXPECT_EQ(writes, kThreads * kept);
  EXPECT_EQ(entries, writes);  // each committed write has its entry, each abandoned one none
  EXPECT_EQ(tx->Query("SELECT MAX(seq) FROM audit_log")->rows[0].GetInt(0), entries);
}

TEST_P(AuditLogTest, SearchIsForAdminsAndFilters) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(AppendSome(t->db(), 5).ok());
  auto tx = std::move(t->db().Begin()).value();
  AuditLog::Filter f;
  f.object_prefix = "entity:3";
  Result<std::vector<AuditEntry>> found = log_.Search(*tx, Caller::System(), f);
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ(found->at(0).seq, 4);
  Caller regulator;
  regulator.role = Role::kRegulator;
  regulator.region_code = "370000";
  EXPECT_EQ(log_.Search(*tx, regulator, f).status().code(), StatusCode::kPermissionDenied);
}

// The period's bounds in any zone (the console sends Beijing time), inclusive; a reversed or a
// malformed bound is an error naming it, never an empty answer.
TEST_P(AuditLogTest, SearchPeriodsAreInstantsInAnyZone) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(AppendSome(t->db(), 5).ok());  // at 00:00:01Z … 00:00:05Z
  auto tx = std::move(t->db().Begin()).value();
  AuditLog::Filter f;
  f.from = "2026-11-24T08:00:02+08:00";
  f.to = "2026-11-24 08:00:03";  // no zone: Beijing time
  Result<std::vector<AuditEntry>> found = log_.Search(*tx, Caller::System(), f);
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  ASSERT_EQ(found->size(), 2u);
  EXPECT_EQ(found->at(0).seq, 3);
  EXPECT_EQ(found->at(1).seq, 2);
  f.from = "2026-11-24T00:00:04Z";
  EXPECT_THAT(log_.Search(*tx, Caller::System(), f).status(),
              StatusIs(StatusCode::kInvalidArgument, "to"));
  f.from = "yesterday";
  EXPECT_THAT(log_.Search(*tx, Caller::System(), f).status(),
              StatusIs(StatusCode::kInvalidArgument, "from"));
}

INSTANTIATE_TEST_SUITE_P(Backends, AuditLogTest, ::testing::ValuesIn(store::testing::AllBackends()),
                         store::testing::BackendParamName);

}  // namespace
}  // namespace zq::auth
