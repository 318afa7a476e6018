#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/commands/commands.h"
#include "core/ids/gtin.h"
#include "core/ids/org_code.h"
#include "core/ids/region_code.h"
#include "core/ids/uscc.h"

namespace zq::cli {

void RegisterValidateCommand(CLI::App& app) {
  struct Options {
    std::string kind;
    std::vector<std::string> codes;
    bool json = false;
  };

  auto opts = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand(
      "validate", "Check codes: one line per code; exit status 1 if any is invalid");
  cmd->add_option("kind", opts->kind, "uscc | org-code | gtin | region")
      ->required()
      ->check(CLI::IsMember({"uscc", "org-code", "gtin", "region"}));
  cmd->add_option("codes", opts->codes, "the codes")->required();
  cmd->add_flag("--json", opts->json, "one JSON object per line");
  cmd->callback([opts] {
    bool all_valid = true;
    for (const std::string& code : opts->codes) {
      Status s;
      if (opts->kind == "uscc") {
        s = ids::ParseUscc(code).status();
      } else if (opts->kind == "org-code") {
        s = ids::ParseOrgCode(code).status();
      } else if (opts->kind == "gtin") {
        s = ids::ParseGtin(code).status();
      } else {
        s = ids::ParseRegionCode(code).status();
      }
      all_valid = all_valid && s.ok();
      if (opts->json) {
        nlohmann::json line = {{"kind", opts->kind}, {"code", code}, {"valid", s.ok()}};
        if (!s.ok())
          line["reason"] = s.message();
        std::cout << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
      } else if (s.ok()) {
        std::cout << code << ": valid\n";
      } else {
        std::cout << code << ": invalid: " << s.message() << "\n";
      }
    }
    if (!all_valid)
      throw CLI::RuntimeError(1);
  });
}

}  // namespace zq::cli
