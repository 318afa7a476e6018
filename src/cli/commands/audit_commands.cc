#include <charconv>
#include <iostream>

#include "cli/commands/commands.h"

namespace zq::cli {
namespace {

// "SEQ:HASH", as `zq serve` prints the head to its log ("audit head SEQ HASH MAC").
Result<auth::AuditHead> ParseHead(std::string_view text) {
  const std::size_t colon = text.find(':');
  auth::AuditHead head;
  if (colon != std::string_view::npos) {
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + colon, head.seq);
    head.hash = std::string(text.substr(colon + 1));
    if (ec == std::errc() && ptr == text.data() + colon && head.seq >= 0 && head.hash.size() == 64)
      return head;
  }
  return Status::InvalidArgument("a head is SEQ:HASH (64 hex characters), as zq serve logs it",
                                 "head");
}

}  // namespace

void RegisterAuditCommands(CLI::App& app) {
  struct Options : WorkspaceOptions {
    std::vector<std::string> heads;
  };

  auto opts = std::make_shared<Options>();
  CLI::App* audit = app.add_subcommand("audit", "The tamper-evident audit log");
  audit->require_subcommand(1);
  CLI::App* verify = audit->add_subcommand(
      "verify",
      "Walk the hash chain and check its sealed head and the head recorded outside the database; "
      "name the first entry altered, removed or reordered");
  AddWorkspaceOptions(verify, *opts, JsonFlag::kNone);
  verify->add_option("--head", opts->heads,
                     "SEQ:HASH of a head from the server's log (\"audit head SEQ HASH MAC\") that "
                     "the log must still hold; may be repeated");
  verify->callback([opts] {
    std::vector<auth::AuditHead> heads;
    for (const std::string& text : opts->heads) heads.push_back(ValueOrFail(ParseHead(text)));
    Workspace w = OpenWorkspaceOrFail(*opts);
    Result<std::vector<auth::AuditHead>> recorded = w.audit_head->Recorded();
    if (!recorded.ok()) {
      w.audit_head->Stop();  // the altered file is evidence: keep it
      std::cout << "audit log BROKEN: " << recorded.status().message() << "\n";
      throw CLI::RuntimeError(1);
    }
    heads.insert(heads.end(), recorded->begin(), recorded->end());
    const std::optional<auth::ChainFinding> f =
        ValueOrFail(w.app->context().audit().Verify(*w.db, heads));
    if (f.has_value()) {
      w.audit_head->Stop();
      std::cout << "audit log BROKEN at entry " << f->seq << ": " << f->message << "\n";
      throw CLI::RuntimeError(1);
    }
    if (recorded->empty()) {
      std::cout << "audit log intact (no head was recorded outside the database yet at "
                << w.audit_head->file().path()
                << ": a cut back to an older genuine head cannot be ruled out)\n";
    } else {
      std::cout << "audit log intact, through the head recorded at entry " << recorded->at(0).seq
                << "\n";
    }
  });
}

}  // namespace zq::cli
