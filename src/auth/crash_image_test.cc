// Power loss (issue 16, "also in this issue"): a crash image of the SQLite database, taken at the
// file level while a writer commits, opens, passes PRAGMA integrity_check and the audit chain's
// Verify, and holds every transaction acknowledged before the image was taken.
//
// SQLite only: the image is the database file and its WAL copied byte for byte (no backup API).
// For PostgreSQL the equivalent is a base backup with its WAL (pg_basebackup), which is the
// server's own crash recovery and is not tested here.
#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include <gtest/gtest.h>
#include <unistd.h>

#include "auth/audit_log.h"
#include "store/testing/test_database.h"

namespace zq::auth {
namespace {

using store::Value;

// Copies `from` to `to` in small chunks, so that a writer's frames land between them as they
// would between the blocks a crash leaves on disk. Only the bytes the file held when the copy
// began are copied (frames appended later come after the power cut): chasing a file that grows
// as fast as it is read would never end.
void CopyInChunks(const std::string& from, const std::string& to) {
  std::ifstream in(from, std::ios::binary);
  std::ofstream out(to, std::ios::binary | std::ios::trunc);
  std::error_code ec;
  auto left = static_cast<std::streamsize>(std::filesystem::file_size(from, ec));
  std::vector<char> chunk(4096);
  while (in && left > 0) {
    in.read(chunk.data(), std::min(left, static_cast<std::streamsize>(chunk.size())));
    out.write(chunk.data(), in.gcount());
    left -= in.gcount();
    std::this_thread::yield();
  }
}

// Images are taken after every kWritesPerImage acknowledged writes; the writer runs at most
// kWritesAhead past the next image's mark and then waits for that image, so that it writes
// through each copy while the WAL (which the held reader keeps from restarting) holds at most
// 900 commits however slow the machine is.
constexpr std::int64_t kWritesPerImage = 150;
constexpr std::int64_t kWritesAhead = 300;

TEST(CrashImage, FileCopyTakenMidWriteOpensIntactWithEveryAcknowledgedWrite) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, store::Backend::kSqlite);
  const SystemClock& clock = SystemClock::Instance();
  const AuditChain chain{std::string(32, 'p')};
  const AuditLog log{chain, clock};
  ASSERT_TRUE(
      store::InTransaction(t->db(), [](store::Transaction& tx) {
        return tx.Execute("CREATE TABLE power_writes (id INTEGER PRIMARY KEY, body TEXT)").status();
      }).ok());

  // Opened before the writer starts: opening a connection sets the journal mode, which waits
  // for a writer that never lets go.
  auto reader_db = std::move(t->Reopen()).value();
  std::atomic<std::int64_t> acknowledged{0};
  std::atomic<std::int64_t> images_taken{0};
  std::atomic<bool> writer_failed{false};
  Status writer_status;  // read after join
  // Its destructor asks it to stop and joins, also when an assertion below returns early.
  std::jthread writer([&](const std::stop_token& stop) {
    for (std::int64_t id = 1; !stop.stop_requested(); ++id) {
      while (id > kWritesPerImage * (images_taken.load() + 1) + kWritesAhead &&
             !stop.stop_requested()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
      Status s = store::InTransaction(t->db(), [&](store::Transaction& tx) -> Status {
        const std::vector<Value> row = {id, std::string(300, 'w')};
        ZQ_RETURN_IF_ERROR(
            tx.Execute("INSERT INTO power_writes (id, body) VALUES (?, ?)", row).status());
        return log.Append(tx, Caller::System(), "power.write", "write:" + std::to_string(id));
      });
      if (!s.ok()) {
        writer_status = s;
        writer_failed.store(true);
        return;
      }
      acknowledged.store(id);  // committed and returned
    }
  });

  const std::string base = t->url();
  std::vector<std::pair<std::string, std::int64_t>> images;
  // Three images, each after another 150 acknowledged writes: bounded by work, not by time, so
  // a loaded machine makes the test slower, never weaker.
  for (int n = 0; n < 3; ++n) {
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (acknowledged.load() < kWritesPerImage * (n + 1) && !writer_failed.load() &&
           std::chrono::steady_clock::now() < give_up) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    const std::int64_t before = acknowledged.load();
    ASSERT_GE(before, kWritesPerImage * (n + 1)) << "the writer is stuck";
    // Copying two files is not one instant the way a power cut is. A reader held open while they
    // are copied keeps SQLite from restarting the WAL over frames the database file's copy may
    // still need; checkpoints may go on, and copy into the database file only pages the WAL
    // copy also holds.
    auto reader = std::move(reader_db->Begin(store::TxMode::kReadOnly)).value();
    ASSERT_TRUE(reader->Query("SELECT COUNT(*) FROM sqlite_master").ok());
    const std::string image = base + ".image" + std::to_string(n);
    CopyInChunks(base, image);
    if (std::filesystem::exists(base + "-wal"))
      CopyInChunks(base + "-wal", image + "-wal");
    reader.reset();
    images.emplace_back(image, before);
    images_taken.store(n + 1);
  }
  // The writer goes on past the last image before it is stopped.
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (acknowledged.load() <= images.back().second && !writer_failed.load() &&
         std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  writer.request_stop();
  writer.join();
  ASSERT_TRUE(writer_status.ok()) << writer_status.ToString();

  for (const auto& [image, before] : images) {
    SCOPED_TRACE(image);
    {
      Result<std::unique_ptr<store::Database>> opened = store::Database::Open(image);
      ASSERT_TRUE(opened.ok()) << opened.status().ToString();
      store::Database& db = **opened;
      {
        auto tx = std::move(db.Begin(store::TxMode::kReadOnly)).value();
        EXPECT_EQ(tx->Query("PRAGMA integrity_check")->rows[0].GetText(0), "ok");
        const store::Row counts =
            tx->Query("SELECT COUNT(*), COALESCE(MAX(id), 0) FROM power_writes")->rows[0];
        EXPECT_GE(counts.GetInt(1), before) << "an acknowledged write is missing";
        EXPECT_EQ(counts.GetInt(0), counts.GetInt(1)) << "a write in the middle is missing";
        EXPECT_EQ(tx->Query("SELECT COUNT(*) FROM audit_log")->rows[0].GetInt(0),
                  counts.GetInt(0));  // each write has its entry, and no entry its write missing
      }
      Result<std::optional<ChainFinding>> finding = log.Verify(db);
      ASSERT_TRUE(finding.ok()) << finding.status().ToString();
      EXPECT_FALSE(finding->has_value()) << (*finding)->message;
    }
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(image + suffix);
  }
  EXPECT_GT(acknowledged.load(), images.back().second);  // the writer ran through the copies
}

}  // namespace
}  // namespace zq::auth
