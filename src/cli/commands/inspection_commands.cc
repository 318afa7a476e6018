// zq inspection …: spot-check draws from the command line (双随机). verify-draw re-runs a
// published draw record, from a file anyone may hold or from the database, and lists mismatches.
#include <fstream>
#include <iostream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands/commands.h"
#include "inspection/random_draw.h"
#include "inspection/spot_check_service.h"

namespace zq::cli {
namespace {

void PrintVerification(const inspection::DrawVerification& v, bool json) {
  if (json) {
    std::cout << inspection::DrawVerificationToJson(v).dump() << "\n";
    return;
  }
  if (v.ok()) {
    std::cout << "draw verified: the published seed matches the commitment, the inputs match "
                 "their hashes, and every target and team is reproduced\n";
    return;
  }
  const nlohmann::json out = inspection::DrawVerificationToJson(v);
  for (const nlohmann::json& m : out["mismatches"]) {
    std::cout << "MISMATCH " << m["kind"].get<std::string>();
    if (m.contains("task_number"))
      std::cout << " (task " << m["task_number"].get<int>() << ")";
    std::cout << ": published " << m["published"].get<std::string>() << ", recomputed "
              << m["recomputed"].get<std::string>() << "\n";
  }
}

}  // namespace

void RegisterInspectionCommands(CLI::App& app) {
  struct Options : WorkspaceOptions {
    std::string record_file;
    std::int64_t draw_id = 0;
    std::int64_t plan_id = 0;
  };

  auto opts = std::make_shared<Options>();
  CLI::App* group =
      app.add_subcommand("inspection", "Supervision spot checks (监督抽查): draws and checks");
  group->require_subcommand(1);

  CLI::App* verify = group->add_subcommand(
      "verify-draw",
      "Re-run a published draw (a record file, or --db with --draw) and report any mismatch; "
      "exit status 1 on a mismatch");
  verify->add_option("record", opts->record_file,
                     "a draw record (JSON of GET /api/v1/inspection/draws/{id})");
  verify->add_option("--db", opts->db, "SQLite file path or postgresql:// URI");
  verify->add_option("--draw", opts->draw_id, "the draw's id in that database");
  verify->add_option("--key-file", opts->key_file, "file holding the master key");
  verify->add_flag("--json", opts->json, "the result as JSON");
  verify->callback([opts] {
    Result<inspection::DrawVerification> v =
        Status::InvalidArgument("give a record file, or --db and --draw", "record");
    if (!opts->record_file.empty()) {
      std::ifstream in(opts->record_file, std::ios::binary);
      if (!in)
        FailCommand(Status::NotFound("cannot read the record file", "record"), opts->json);
      std::stringstream text;
      text << in.rdbuf();
      const nlohmann::json parsed = nlohmann::json::parse(text.str(), nullptr, false);
      if (parsed.is_discarded())
        FailCommand(Status::InvalidArgument("the record file is not JSON", "record"), opts->json);
      v = inspection::VerifyDraw(ValueOrFail(inspection::DrawRecordFromJson(parsed), opts->json));
    } else if (!opts->db.empty() && opts->draw_id > 0) {
      Workspace w = OpenWorkspaceOrFail(*opts);
      v = w.Get<inspection::SpotCheckService>().VerifyPublished(opts->draw_id);
    }
    const inspection::DrawVerification verification = ValueOrFail(std::move(v), opts->json);
    PrintVerification(verification, opts->json);
    if (!verification.ok())
      throw CLI::RuntimeError(1);
  });

  CLI::App* draw = group->add_subcommand(
      "draw", "Commit to a fresh seed for a plan, then run the draw and publish it (both steps)");
  AddWorkspaceOptions(draw, *opts);
  draw->add_option("--plan", opts->plan_id, "the plan's id")->required();
  draw->callback([opts] {
    Workspace w = OpenWorkspaceOrFail(*opts);
    const auth::Caller system = auth::Caller::System();
    const inspection::DrawSummary committed = ValueOrFail(
        w.Get<inspection::SpotCheckService>().CommitDraw(system, opts->plan_id), opts->json);
    if (!opts->json) {
      std::cout << "draw " << committed.id << " committed: SM3(seed) = " << committed.commitment
                << "\n  frame " << committed.frame_size << " firms (" << committed.excluded
                << " excluded), hash " << committed.frame_hash << "\n  pool " << committed.pool_size
                << " inspectors, hash " << committed.pool_hash << "\n";
    }
    const inspection::DrawSummary drawn = ValueOrFail(
        w.Get<inspection::SpotCheckService>().RunDraw(system, committed.id), opts->json);
    PrintResult({{"draw_id", drawn.id},
                 {"commitment", drawn.commitment},
                 {"frame_hash", drawn.frame_hash},
                 {"tasks", drawn.tasks},
                 {"unstaffed", drawn.unstaffed}},
                fmt::format("draw {} run and published: {} tasks ({} unstaffed)\n", drawn.id,
                            drawn.tasks, drawn.unstaffed),
                opts->json);
  });
}

}  // namespace zq::cli
