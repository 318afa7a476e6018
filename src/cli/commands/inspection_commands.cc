// zq inspection …: spot-check draws from the command line (双随机). verify-draw re-runs a
// published draw record, from a file anyone may hold or from the database, and lists mismatches.
#include <fstream>
#include <iostream>
#include <sstream>

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
  struct Options {
    std::string record_file;
    std::string db;
    std::string key_file;
    std::int64_t draw_id = 0;
    std::int64_t plan_id = 0;
    bool json = false;
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
        throw CLI::RuntimeError(
            Fail(Status::NotFound("cannot read the record file", "record"), opts->json));
      std::stringstream text;
      text << in.rdbuf();
      const nlohmann::json parsed = nlohmann::json::parse(text.str(), nullptr, false);
      if (parsed.is_discarded()) {
        throw CLI::RuntimeError(
            Fail(Status::InvalidArgument("the record file is not JSON", "record"), opts->json));
      }
      Result<inspection::DrawRecord> record = inspection::DrawRecordFromJson(parsed);
      if (!record.ok())
        throw CLI::RuntimeError(Fail(record.status(), opts->json));
      v = inspection::VerifyDraw(*record);
    } else if (!opts->db.empty() && opts->draw_id > 0) {
      Result<Workspace> w = OpenWorkspace(opts->db, opts->key_file);
      if (!w.ok())
        throw CLI::RuntimeError(Fail(w.status(), opts->json));
      v = w->Get<inspection::SpotCheckService>().VerifyPublished(opts->draw_id);
    }
    if (!v.ok())
      throw CLI::RuntimeError(Fail(v.status(), opts->json));
    PrintVerification(*v, opts->json);
    if (!v->ok())
      throw CLI::RuntimeError(1);
  });

  CLI::App* draw = group->add_subcommand(
      "draw", "Commit to a fresh seed for a plan, then run the draw and publish it (both steps)");
  draw->add_option("--db", opts->db, "SQLite file path or postgresql:// URI")->required();
  draw->add_option("--plan", opts->plan_id, "the plan's id")->required();
  draw->add_option("--key-file", opts->key_file, "file holding the master key");
  draw->add_flag("--json", opts->json, "the summaries as JSON");
  draw->callback([opts] {
    Result<Workspace> w = OpenWorkspace(opts->db, opts->key_file);
    if (!w.ok())
      throw CLI::RuntimeError(Fail(w.status(), opts->json));
    const auth::Caller system = auth::Caller::System();
    Result<inspection::DrawSummary> committed =
        w->Get<inspection::SpotCheckService>().CommitDraw(system, opts->plan_id);
    if (!committed.ok())
      throw CLI::RuntimeError(Fail(committed.status(), opts->json));
    if (!opts->json) {
      std::cout << "draw " << committed->id << " committed: SM3(seed) = " << committed->commitment
                << "\n  frame " << committed->frame_size << " firms (" << committed->excluded
                << " excluded), hash " << committed->frame_hash << "\n  pool "
                << committed->pool_size << " inspectors, hash " << committed->pool_hash << "\n";
    }
    Result<inspection::DrawSummary> drawn =
        w->Get<inspection::SpotCheckService>().RunDraw(system, committed->id);
    if (!drawn.ok())
      throw CLI::RuntimeError(Fail(drawn.status(), opts->json));
    if (opts->json) {
      std::cout << nlohmann::json{{"draw_id", drawn->id},
                                  {"commitment", drawn->commitment},
                                  {"frame_hash", drawn->frame_hash},
                                  {"tasks", drawn->tasks},
                                  {"unstaffed", drawn->unstaffed}}
                       .dump()
                << "\n";
    } else {
      std::cout << "draw " << drawn->id << " run and published: " << drawn->tasks << " tasks ("
                << drawn->unstaffed << " unstaffed)\n";
    }
  });
}

}  // namespace zq::cli
