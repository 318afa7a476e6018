#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>

#include <sys/stat.h>

#include "auth/account_service.h"
#include "auth/crypto.h"
#include "cli/commands/commands.h"
#include "complaint/complaint_service.h"
#include "inspection/spot_check_service.h"
#include "registry/registry.h"

namespace zq::cli {

void RegisterKeysCommands(CLI::App& app) {
  auto o = std::make_shared<WorkspaceOptions>();
  CLI::App* keys = app.add_subcommand("keys", "The master key of personal data and the audit log");
  keys->require_subcommand(1);
  CLI::App* rotate = keys->add_subcommand(
      "rotate",
      "New master key: re-encrypt personal data and re-link the audit chain in one transaction");
  AddWorkspaceOptions(rotate, *o, JsonFlag::kNone);
  rotate->callback([o] {
    if (const char* env = std::getenv("ZQ_MASTER_KEY"); env != nullptr && *env != '\0') {
      FailCommand(Status::FailedPrecondition(
          "the key comes from ZQ_MASTER_KEY: rotate it where it is kept", "master_key"));
    }
    const std::string path = KeyFilePath(o->db, o->key_file);
    Workspace w = OpenWorkspaceOrFail(*o);
    // Refuse to bless a log that no longer verifies under the current key, or that was cut back
    // behind the head recorded outside the database.
    const std::vector<auth::AuditHead> recorded = ValueOrFail(w.audit_head->Recorded());
    const std::optional<auth::ChainFinding> finding =
        ValueOrFail(w.app->context().audit().Verify(*w.db, recorded));
    if (finding.has_value()) {
      FailCommand(Status::FailedPrecondition("the audit log is broken at entry " +
                                                 std::to_string(finding->seq) +
                                                 "; investigate before rotating keys",
                                             "audit"));
    }
    const std::string master = auth::RandomBytes(32);
    auth::KeyRing next = *auth::KeyRing::FromMasterKey(master);
    const std::string pending = path + ".new";
    {
      const mode_t old_mask = ::umask(077);
      std::ofstream out(pending, std::ios::trunc);
      ::umask(old_mask);
      out << auth::ToHex({reinterpret_cast<const std::uint8_t*>(master.data()), master.size()})
          << "\n";
      if (!out.good())
        FailCommand(Status::Unavailable("cannot write " + pending));
    }
    auth::AuditLog next_log(next.audit_chain(), SystemClock::Instance());
    Status s = store::InTransaction(*w.db, [&](store::Transaction& tx) -> Status {
      ZQ_RETURN_IF_ERROR(w.Get<registry::Registry>().RekeyPersonalData(tx, next.personal_data()));
      ZQ_RETURN_IF_ERROR(
          w.Get<inspection::SpotCheckService>().RekeySealedSeeds(tx, next.personal_data()));
      ZQ_RETURN_IF_ERROR(w.Get<auth::AccountService>().RekeyTotpSecrets(tx, next.personal_data()));
      ZQ_RETURN_IF_ERROR(
          w.Get<complaint::ComplaintService>().RekeyPersonalData(tx, next.personal_data()));
      ZQ_RETURN_IF_ERROR(w.app->context().audit().Rekey(tx, next.audit_chain()));
      return next_log.Append(tx, auth::Caller::System(), "keys.rotate", "keys");
    });
    if (!s.ok()) {
      std::remove(pending.c_str());
      FailCommand(s);
    }
    // The chain's hashes and the head's MAC key changed: record the head under the new key.
    w.audit_head->Stop();
    const auth::AuditHeadFile head_file(w.audit_head->file().path(), next.audit_chain());
    if (Result<auth::AuditHead> h =
            auth::RecordAuditHead(*w.db, next_log, head_file, auth::RecordOver::kAnything);
        !h.ok()) {
      std::cerr << "zq: warning: " << h.status().ToString() << "\n";
    }
    // The database now needs the new key: put it in place. Should this rename fail, the new key
    // is in KEYFILE.new; move it over KEYFILE by hand.
    if (std::rename(pending.c_str(), path.c_str()) != 0) {
      FailCommand(Status::Unavailable("the database uses the new key, but " + pending +
                                      " could not replace " + path));
    }
    std::cout << "keys rotated: personal data re-encrypted and the audit chain re-linked; new "
                 "key in "
              << path << "\n";
  });

  // Databases written before registry migration 0004 have no blind indexes (a migration cannot
  // compute an HMAC): this fills them in under the current key. Rotation recomputes them as well.
  auto r = std::make_shared<WorkspaceOptions>();
  CLI::App* reindex = keys->add_subcommand(
      "reindex", "Recompute the blind indexes of personal data (exact-match search) in place");
  AddWorkspaceOptions(reindex, *r, JsonFlag::kNone);
  reindex->callback([r] {
    Workspace w = OpenWorkspaceOrFail(*r);
    std::int64_t changed = 0;
    OkOrFail(store::InTransaction(*w.db, [&](store::Transaction& tx) -> Status {
      ZQ_ASSIGN_OR_RETURN(changed, w.Get<registry::Registry>().ReindexPersonalData(tx));
      return w.app->context().audit().Append(tx, auth::Caller::System(), "keys.reindex", "keys",
                                             "{\"rows\":" + std::to_string(changed) + "}");
    }));
    std::cout << "blind indexes recomputed: " << changed << " rows updated\n";
  });
}

}  // namespace zq::cli
