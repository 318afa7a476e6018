// The audit chain's head against truncation (issue 16, item 4): the stored head and the tail
// mark are sealed with a MAC, and a copy of the head kept outside the database catches a
// cut back to an older genuine head. Rows are tampered with directly in the database.
#include <filesystem>

#include <gtest/gtest.h>
#include <unistd.h>

#include "auth/audit_head_file.h"
#include "auth/audit_log.h"
#include "store/testing/test_database.h"

namespace zq::auth {
namespace {

using store::Value;

class AuditHeadTest : public ::testing::TestWithParam<store::Backend> {
 protected:
  FakeClock clock_{std::chrono::sys_days{std::chrono::year{2026} / 12 / 6}};
  AuditChain chain_{std::string(32, 'k')};
  AuditLog log_{chain_, clock_};
  std::string head_path_ =
      (std::filesystem::temp_directory_path() / ("zq-audit-head-" + std::to_string(::getpid()) +
                                                 "-" + std::string(store::BackendName(GetParam()))))
          .string();
  AuditHeadFile head_file_{head_path_, chain_};

  void TearDown() override { std::filesystem::remove(head_path_); }

  Status AppendSome(store::Database& db, int n) {
    for (int i = 0; i < n; ++i) {
      ZQ_RETURN_IF_ERROR(store::InTransaction(db, [&](store::Transaction& tx) {
        clock_.Advance(std::chrono::seconds(1));
        return log_.Append(tx, Caller::System(), "entity.upsert", "entity:" + std::to_string(i));
      }));
    }
    return Status::Ok();
  }

  static void Exec(store::Database& db, const std::string& sql,
                   const std::vector<Value>& params = {}) {
    ASSERT_TRUE(store::InTransaction(
                    db, [&](store::Transaction& tx) { return tx.Execute(sql, params).status(); })
                    .ok())
        << sql;
  }

  static std::string Text(store::Database& db, const std::string& sql) {
    auto tx = std::move(db.Begin(store::TxMode::kReadOnly)).value();
    const store::ResultSet rs = std::move(tx->Query(sql)).value();
    return rs.rows.empty() ? std::string() : rs.rows[0].GetText(0);
  }

  std::optional<ChainFinding> Verify(store::Database& db, std::span<const AuditHead> heads = {}) {
    Result<std::optional<ChainFinding>> r = log_.Verify(db, heads);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : std::nullopt;
  }
};

TEST_P(AuditHeadTest, IntactLogWithItsSealedHeadVerifies) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  EXPECT_FALSE(Verify(t->db()).has_value());  // a new database: empty log, unsealed empty head
  ASSERT_TRUE(AppendSome(t->db(), 5).ok());
  const std::optional<ChainFinding> f = Verify(t->db());
  EXPECT_FALSE(f.has_value()) << f->message;
  EXPECT_TRUE(Text(t->db(), "SELECT mac FROM audit_head").starts_with("v1:"));
}

// The hostile probe of issue 16 (item 4), its SQL verbatim.
TEST_P(AuditHeadTest, ProbeCuttingTheLogAndMovingTheHeadBackIsFound) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(AppendSome(t->db(), 120).ok());
  Exec(t->db(), "delete from audit_log where seq>100");
  Exec(t->db(), "update audit_log set tail=1 where seq=100");
  Exec(t->db(), "update audit_head set seq=100, hash=(select hash from audit_log where seq=100)");
  const std::optional<ChainFinding> f = Verify(t->db());
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->kind, ChainBreak::kAltered);
  EXPECT_EQ(f->seq, 100);
  EXPECT_NE(f->message.find("MAC"), std::string::npos) << f->message;
}

// Removing the last k entries and moving the tail mark without touching audit_head, for every k
// up to the head's lag; the mark is set to 1 or to a genuine mark of a removed entry.
TEST_P(AuditHeadTest, RemovingTheLastEntriesAndMovingTheTailMarkIsFoundForEveryK) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  constexpr int kEntries = 40;
  ASSERT_TRUE(AppendSome(t->db(), kEntries).ok());
  const std::int64_t head_seq = std::stoll(Text(t->db(), "SELECT seq FROM audit_head"));
  const std::int64_t lag = kEntries - head_seq;
  ASSERT_GE(lag, 30);  // one process appending: the head stays where its first append put it
  for (std::int64_t k = 1; k <= lag; ++k) {
    const std::int64_t last = kEntries - k;
    const std::string removed_mark =
        Text(t->db(), "SELECT tail FROM audit_log WHERE tail IS NOT NULL");
    Exec(t->db(), "DELETE FROM audit_log WHERE seq > ?", {last});
    // Alternate a hand-made mark and a genuine mark copied from a removed entry.
    Exec(t->db(), "UPDATE audit_log SET tail = ? WHERE seq = ?",
         {k % 2 == 1 ? Value(std::string("1")) : Value(removed_mark), last});
    const std::optional<ChainFinding> f = Verify(t->db());
    ASSERT_TRUE(f.has_value()) << "k = " << k;
    EXPECT_EQ(f->kind, ChainBreak::kRemoved) << "k = " << k << ": " << f->message;
    EXPECT_EQ(f->seq, last + 1) << "k = " << k << ": " << f->message;
  }
}

// The cut that the database's own seals cannot show: back to an older genuine head, with the
// seals an attacker kept from an old copy of the database. The head recorded outside the
// database shows it, and is not moved back over it.
TEST_P(AuditHeadTest, CutBackToAnOlderGenuineHeadIsFoundThroughTheRecordedHead) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(AppendSome(t->db(), 10).ok());
  // The attacker's old copy: the head row and the tail mark as they stand at entry 10.
  const std::string old_mark = Text(t->db(), "SELECT tail FROM audit_log WHERE seq = 10");
  const std::string old_hash = Text(t->db(), "SELECT hash FROM audit_log WHERE seq = 10");
  const std::string old_head_seq = Text(t->db(), "SELECT seq FROM audit_head");
  const std::string old_head_hash = Text(t->db(), "SELECT hash FROM audit_head");
  const std::string old_head_mac = Text(t->db(), "SELECT mac FROM audit_head");
  ASSERT_TRUE(AppendSome(t->db(), 10).ok());
  Result<AuditHead> recorded = RecordAuditHead(t->db(), log_, head_file_);
  ASSERT_TRUE(recorded.ok()) << recorded.status().ToString();
  EXPECT_EQ(recorded->seq, 20);

  Exec(t->db(), "DELETE FROM audit_log WHERE seq > 10");
  Exec(t->db(), "UPDATE audit_log SET tail = ? WHERE seq = 10", {old_mark});
  Exec(t->db(), "UPDATE audit_head SET seq = ?, hash = ?, mac = ? WHERE id = 1",
       {std::stoll(old_head_seq), old_head_hash, old_head_mac});
  // What the database alone shows: a genuine, sealed log of 10 entries.
  EXPECT_FALSE(Verify(t->db()).has_value());

  const std::optional<AuditHead> kept = std::move(head_file_.Read()).value();
  ASSERT_TRUE(kept.has_value());
  std::optional<ChainFinding> f = Verify(t->db(), std::span(&*kept, 1));
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->kind, ChainBreak::kRemoved);
  EXPECT_EQ(f->seq, 11);
  // Recording again refuses and leaves the evidence in place.
  EXPECT_EQ(RecordAuditHead(t->db(), log_, head_file_).status().code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(std::move(head_file_.Read()).value(), kept);

  // Writing on after the cut: the log grows past the recorded head with other entries.
  AuditLog other{chain_, clock_};  // a process that never saw entries 11–20
  for (int i = 0; i < 12; ++i) {
    ASSERT_TRUE(store::InTransaction(t->db(), [&](store::Transaction& tx) {
                  return other.Append(tx, Caller::System(), "entity.upsert", "entity:later");
                }).ok());
  }
  EXPECT_FALSE(Verify(t->db()).has_value());
  f = Verify(t->db(), std::span(&*kept, 1));
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->kind, ChainBreak::kAltered);
  EXPECT_EQ(f->seq, 20);
  EXPECT_EQ(old_hash, Text(t->db(), "SELECT hash FROM audit_log WHERE seq = 10"));
}

TEST_P(AuditHeadTest, RecordedHeadMayLagButMustBeHeld) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(AppendSome(t->db(), 5).ok());
  ASSERT_TRUE(RecordAuditHead(t->db(), log_, head_file_).ok());
  ASSERT_TRUE(AppendSome(t->db(), 5).ok());
  const AuditHead kept = *std::move(head_file_.Read()).value();
  EXPECT_EQ(kept.seq, 5);
  EXPECT_FALSE(Verify(t->db(), std::span(&kept, 1)).has_value());
  Result<AuditHead> moved = RecordAuditHead(t->db(), log_, head_file_);
  ASSERT_TRUE(moved.ok()) << moved.status().ToString();
  EXPECT_EQ(moved->seq, 10);
}

TEST_P(AuditHeadTest, AlteredRecordedHeadIsRefused) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(AppendSome(t->db(), 3).ok());
  EXPECT_FALSE(std::move(head_file_.Read()).value().has_value());  // none yet
  ASSERT_TRUE(RecordAuditHead(t->db(), log_, head_file_).ok());
  // Someone without the key writes a lower head into the file.
  const AuditChain other_key{std::string(32, 'x')};
  ASSERT_TRUE(AuditHeadFile(head_path_, other_key).Write(AuditHead{}).ok());
  EXPECT_EQ(head_file_.Read().status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(head_file_.Read().status().field(), "audit_head");
  EXPECT_EQ(RecordAuditHead(t->db(), log_, head_file_).status().code(),
            StatusCode::kFailedPrecondition);
  // A deliberate replacement (a restore) records over it.
  EXPECT_TRUE(RecordAuditHead(t->db(), log_, head_file_, RecordOver::kAnything).ok());
  EXPECT_EQ(std::move(head_file_.Read()).value()->seq, 3);
}

// A database from before auth migration 0005: no head MAC, tail mark 1. Verify says so; the next
// audited write seals it.
TEST_P(AuditHeadTest, UnsealedHeadIsReportedUntilTheNextWriteSealsIt) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(AppendSome(t->db(), 4).ok());
  Exec(t->db(), "UPDATE audit_head SET mac = NULL");
  Exec(t->db(), "UPDATE audit_log SET tail = '1' WHERE tail IS NOT NULL");
  std::optional<ChainFinding> f = Verify(t->db());
  ASSERT_TRUE(f.has_value());
  EXPECT_NE(f->message.find("no MAC"), std::string::npos) << f->message;
  AuditLog upgraded{chain_, clock_};  // a new process on the upgraded database
  ASSERT_TRUE(store::InTransaction(t->db(), [&](store::Transaction& tx) {
                return upgraded.Append(tx, Caller::System(), "entity.upsert", "entity:next");
              }).ok());
  f = Verify(t->db());
  EXPECT_FALSE(f.has_value()) << f->message;
  EXPECT_EQ(Text(t->db(), "SELECT COUNT(*) FROM audit_log"), "5");
}

TEST_P(AuditHeadTest, RekeySealsTheHeadUnderTheNewKey) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(AppendSome(t->db(), 4).ok());
  const AuditChain next_chain{std::string(32, 'n')};
  ASSERT_TRUE(store::InTransaction(t->db(), [&](store::Transaction& tx) {
                return log_.Rekey(tx, next_chain);
              }).ok());
  AuditLog next{next_chain, clock_};
  std::optional<ChainFinding> f = std::move(next.Verify(t->db())).value();
  EXPECT_FALSE(f.has_value()) << f->message;
  ASSERT_TRUE(store::InTransaction(t->db(), [&](store::Transaction& tx) {
                return next.Append(tx, Caller::System(), "entity.upsert", "entity:after");
              }).ok());
  f = std::move(next.Verify(t->db())).value();
  EXPECT_FALSE(f.has_value()) << f->message;
}

INSTANTIATE_TEST_SUITE_P(Backends, AuditHeadTest,
                         ::testing::ValuesIn(store::testing::AllBackends()),
                         store::testing::BackendParamName);

}  // namespace
}  // namespace zq::auth
