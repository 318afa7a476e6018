#include "cli/audit_head_keeper.h"

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "auth/crypto.h"

namespace zq::cli {

AuditHeadKeeper::~AuditHeadKeeper() {
  {
    std::lock_guard lock(mu_);
    if (!stopped_)
      RecordLocked(thread_.joinable() ? Report::kPrintWhenMoved : Report::kSilently);
    stopped_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable())
    thread_.join();
}

Result<std::vector<auth::AuditHead>> AuditHeadKeeper::Recorded() const {
  ZQ_ASSIGN_OR_RETURN(std::optional<auth::AuditHead> head, file_.Read());
  std::vector<auth::AuditHead> out;
  if (head)
    out.push_back(*head);
  return out;
}

void AuditHeadKeeper::Record() {
  std::lock_guard lock(mu_);
  if (!stopped_)
    RecordLocked(Report::kSilently);
}

void AuditHeadKeeper::RecordLocked(Report report) {
  const bool print = report == Report::kPrintWhenMoved;
  Result<auth::AuditHead> head = auth::RecordAuditHead(db_, log_, file_);
  if (!head.ok()) {
    if (!warned_)
      std::cerr << "zq: warning: " << head.status().ToString() << std::endl;
    warned_ = true;
    return;
  }
  if (print && printed_ != *head) {
    std::cout << "zq: " << file_.LogLine(*head) << std::endl;
    printed_ = *head;
  }
}

Status AuditHeadKeeper::Replace() {
  std::lock_guard lock(mu_);
  return auth::RecordAuditHead(db_, log_, file_, auth::RecordOver::kAnything).status();
}

void AuditHeadKeeper::RecordEvery(std::chrono::milliseconds every) {
  {
    std::lock_guard lock(mu_);
    RecordLocked(Report::kPrintWhenMoved);
  }
  thread_ = std::thread([this, every] {
    std::unique_lock lock(mu_);
    while (!wake_.wait_for(lock, every, [this] { return stopped_; }))
      RecordLocked(Report::kPrintWhenMoved);
  });
}

void AuditHeadKeeper::Stop() {
  {
    std::lock_guard lock(mu_);
    stopped_ = true;
  }
  wake_.notify_all();
}

std::string AuditHeadPath(const std::string& db_url, const std::string& key_file_path) {
  if (const char* env = std::getenv("ZQ_AUDIT_HEAD_FILE"); env != nullptr && *env != '\0')
    return env;
  std::string locator;
  if (db_url.starts_with("postgresql://") || db_url.starts_with("postgres://")) {
    const std::size_t scheme = db_url.find("://") + 3;
    const std::size_t at = db_url.find('@', scheme);
    locator = "postgresql://" + db_url.substr(at == std::string::npos ? scheme : at + 1);
  } else {
    std::error_code ec;
    const std::filesystem::path absolute = std::filesystem::absolute(db_url, ec);
    locator = "sqlite:" + (ec ? db_url : absolute.lexically_normal().string());
  }
  const auth::Sm3Digest tag = auth::Sm3(locator);
  return key_file_path + "." + auth::ToHex(tag).substr(0, 12) + ".audit-head";
}

}  // namespace zq::cli
