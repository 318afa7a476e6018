#include "auth/audit_head_file.h"

#include <cstdio>
#include <fstream>
#include <sstream>

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

namespace zq::auth {
namespace {

constexpr std::string_view kMagic = "zq-audit-head v1";

Status Malformed(const std::string& path, std::string_view why) {
  return Status::FailedPrecondition(
      fmt::format("the audit head recorded in {} {}: it was altered or written under another key "
                  "(run `zq audit verify`; the file is evidence, keep it)",
                  path, why),
      "audit_head");
}

}  // namespace

Result<std::optional<AuditHead>> AuditHeadFile::Read() const {
  std::ifstream in(path_);
  if (!in) {
    if (::access(path_.c_str(), F_OK) != 0)
      return std::optional<AuditHead>();
    return Status::Unavailable("cannot read " + path_);
  }
  std::string magic;
  std::getline(in, magic);
  std::string seq_label, hash_label, mac_label, mac;
  AuditHead head;
  if (magic != kMagic ||
      !(in >> seq_label >> head.seq >> hash_label >> head.hash >> mac_label >> mac) ||
      seq_label != "seq" || hash_label != "hash" || mac_label != "mac" || head.seq < 0) {
    return Malformed(path_, "is malformed");
  }
  if (!chain_.HeadMacHolds(HeadCopy::kExternal, head.seq, head.hash, mac))
    return Malformed(path_, "does not carry a valid MAC");
  return std::optional<AuditHead>(std::move(head));
}

Status AuditHeadFile::Write(const AuditHead& head) const {
  const std::string text = fmt::format("{}\nseq {}\nhash {}\nmac {}\n", kMagic, head.seq, head.hash,
                                       chain_.HeadMac(HeadCopy::kExternal, head.seq, head.hash));
  const std::string tmp = path_ + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0)
    return Status::Unavailable("cannot write " + tmp);
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ok = ::fsync(fd) == 0 && ok;
  ok = ::close(fd) == 0 && ok;
  // rename() replaces the file whole: a crash leaves the old head or the new one, never half.
  if (!ok || std::rename(tmp.c_str(), path_.c_str()) != 0) {
    std::remove(tmp.c_str());
    return Status::Unavailable("cannot write " + path_);
  }
  return Status::Ok();
}

std::string AuditHeadFile::LogLine(const AuditHead& head) const {
  return fmt::format("audit head {} {} {}", head.seq, head.hash,
                     chain_.HeadMac(HeadCopy::kExternal, head.seq, head.hash));
}

Result<AuditHead> RecordAuditHead(store::Database& db, const AuditLog& log,
                                  const AuditHeadFile& file, RecordOver mode) {
  ZQ_ASSIGN_OR_RETURN(auto tx, db.Begin(store::TxMode::kReadOnly));
  ZQ_ASSIGN_OR_RETURN(AuditHead head, log.Head(*tx));
  if (mode == RecordOver::kOnlyAnExtension) {
    ZQ_ASSIGN_OR_RETURN(std::optional<AuditHead> recorded, file.Read());
    if (recorded && *recorded == head)
      return head;  // nothing new: no write
    if (recorded) {
      ZQ_ASSIGN_OR_RETURN(bool holds, log.Holds(*tx, *recorded));
      if (!holds || recorded->seq > head.seq) {
        return Status::FailedPrecondition(
            fmt::format("the audit log no longer holds entry {} as recorded in {}: it was cut "
                        "back or rewritten (run `zq audit verify`; the file is left as it is)",
                        recorded->seq, file.path()),
            "audit_head");
      }
    }
  }
  ZQ_RETURN_IF_ERROR(tx->Rollback());
  ZQ_RETURN_IF_ERROR(file.Write(head));
  return head;
}

}  // namespace zq::auth
