// zq inspection …: spot-check draws from the command line (双随机). verify-draw re-runs a
// published draw record, from a file anyone may hold or from the database, and lists mismatches.
#include <fstream>
#include <iostream>
#include <sstream>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands/commands.h"
#include "core/file_text.h"
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

Result<inspection::DrawRecord> ReadRecord(const std::string& path) {
  Result<std::string> text = ReadFileText(path, "record");
  if (!text.ok())
    return Status::NotFound("cannot read the record file", "record");
  const nlohmann::json parsed = nlohmann::json::parse(*text, nullptr, false);
  if (parsed.is_discarded())
    return Status::InvalidArgument("the record file is not JSON", "record");
  return inspection::DrawRecordFromJson(parsed);
}

// The firms in scope as a province may publish them: "USCC TAB region TAB categories" lines.
Result<std::vector<inspection::FrameEntry>> ReadScope(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return Status::NotFound("cannot read the scope file", "scope");
  std::vector<inspection::FrameEntry> out;
  for (std::string line; std::getline(in, line);) {
    if (line.empty())
      continue;
    const std::size_t a = line.find('\t');
    const std::size_t b = a == std::string::npos ? a : line.find('\t', a + 1);
    if (b == std::string::npos)
      return Status::InvalidArgument("a scope line is USCC TAB region TAB categories", "scope");
    inspection::FrameEntry f{
        line.substr(0, a), line.substr(a + 1, b - a - 1), inspection::RiskClass::kB, {}};
    std::stringstream categories(line.substr(b + 1));
    for (std::string c; std::getline(categories, c, ',');) f.product_categories.push_back(c);
    out.push_back(std::move(f));
  }
  return out;
}

// PARTY=VALUE pairs of --witness / --reveal.
std::vector<inspection::SeedContribution> Parties(const std::vector<std::string>& pairs,
                                                  bool secrets, bool json) {
  std::vector<inspection::SeedContribution> out;
  for (const std::string& p : pairs) {
    const std::size_t eq = p.rfind('=');
    if (eq == std::string::npos || eq == 0)
      FailCommand(Status::InvalidArgument("give PARTY=VALUE", "contributions"), json);
    inspection::SeedContribution c{p.substr(0, eq), "", ""};
    (secrets ? c.secret : c.commitment) = p.substr(eq + 1);
    out.push_back(std::move(c));
  }
  return out;
}

nlohmann::json SummaryJson(const inspection::DrawSummary& d) {
  return {{"draw_id", d.id},
          {"status", d.status},
          {"commitment", d.commitment},
          {"frame_hash", d.frame_hash},
          {"run_not_before", d.run_not_before},
          {"tasks", d.tasks},
          {"unstaffed", d.unstaffed}};
}

}  // namespace

void RegisterInspectionCommands(CLI::App& app) {
  struct Options : WorkspaceOptions {
    std::string record_file;
    std::int64_t draw_id = 0;
    std::int64_t plan_id = 0;
    bool eligibility = false;
    std::string scope_file;
    std::vector<std::string> parties;  // PARTY=COMMITMENT (commit) or PARTY=SECRET (run)
    std::string beacon_source;
    std::string beacon;
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
  verify->add_flag("--eligibility", opts->eligibility,
                   "also recompute the frame: from the registry (--db), or from --scope");
  verify->add_option("--scope", opts->scope_file,
                     "the firms in scope, one 'USCC TAB region TAB categories' line each");
  verify->callback([opts] {
    Result<inspection::DrawVerification> v =
        Status::InvalidArgument("give a record file, or --db and --draw", "record");
    if (!opts->record_file.empty()) {
      const inspection::DrawRecord record = ValueOrFail(ReadRecord(opts->record_file), opts->json);
      v = inspection::VerifyDraw(record);
      if (v.ok() && opts->eligibility) {
        if (opts->scope_file.empty())
          FailCommand(Status::InvalidArgument("--eligibility with a file needs --scope", "scope"),
                      opts->json);
        const auto scope = ValueOrFail(ReadScope(opts->scope_file), opts->json);
        for (auto& m : inspection::VerifyEligibility(record, scope).mismatches)
          v->mismatches.push_back(std::move(m));
      }
    } else if (!opts->db.empty() && opts->draw_id > 0) {
      Workspace w = OpenWorkspaceOrFail(*opts);
      auto& checks = w.Get<inspection::SpotCheckService>();
      v = checks.VerifyPublished(opts->draw_id);
      if (v.ok() && opts->eligibility) {
        auto more = ValueOrFail(checks.VerifyEligibility(opts->draw_id), opts->json);
        for (auto& m : more.mismatches) v->mismatches.push_back(std::move(m));
      }
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

  // The ceremony in separate steps (docs/random-draw.md §1).
  CLI::App* secret = group->add_subcommand(
      "draw-secret", "For a witness: a fresh 32-byte secret and its commitment SM3(secret)");
  secret->add_flag("--json", opts->json, "the result as JSON");
  secret->callback([opts] {
    const std::string bytes = inspection::NewSeed();
    const std::string hex =
        auth::ToHex({reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()});
    const std::string commitment = auth::ToHex(auth::Sm3(bytes));
    PrintResult({{"secret", hex}, {"commitment", commitment}},
                fmt::format("secret {}  (keep it until the run)\ncommitment {}  (give it at "
                            "the commit)\n",
                            hex, commitment),
                opts->json);
  });
  CLI::App* commit =
      group->add_subcommand("draw-commit",
                            "Step 1: commit a draw of a plan to the bureau's sealed secret and the "
                            "witnesses' commitments; publish the commitment");
  AddWorkspaceOptions(commit, *opts);
  commit->add_option("--plan", opts->plan_id, "the plan's id")->required();
  commit->add_option("--witness", opts->parties, "PARTY=COMMITMENT (hex SM3 of its secret)");
  commit->add_option("--beacon-source", opts->beacon_source,
                     "where the run's beacon will be read (e.g. a lottery draw), announced now");
  commit->callback([opts] {
    Workspace w = OpenWorkspaceOrFail(*opts);
    const inspection::DrawSummary d =
        ValueOrFail(w.Get<inspection::SpotCheckService>().CommitDraw(
                        auth::Caller::System(), opts->plan_id,
                        Parties(opts->parties, false, opts->json), opts->beacon_source),
                    opts->json);
    PrintResult(SummaryJson(d),
                fmt::format("draw {} committed: {}\n  may run from {}\n", d.id, d.commitment,
                            d.run_not_before),
                opts->json);
  });
  CLI::App* run = group->add_subcommand(
      "draw-run", "Step 2: run a committed draw with the witnesses' secrets and the beacon");
  AddWorkspaceOptions(run, *opts);
  run->add_option("--draw", opts->draw_id, "the draw's id")->required();
  run->add_option("--reveal", opts->parties, "PARTY=SECRET (hex)");
  run->add_option("--beacon", opts->beacon,
                  "the value read at the source announced with the commitment");
  run->callback([opts] {
    Workspace w = OpenWorkspaceOrFail(*opts);
    inspection::DrawReveal reveal{Parties(opts->parties, true, opts->json), opts->beacon};
    const inspection::DrawSummary d =
        ValueOrFail(w.Get<inspection::SpotCheckService>().RunDraw(auth::Caller::System(),
                                                                  opts->draw_id, std::move(reveal)),
                    opts->json);
    PrintResult(SummaryJson(d),
                fmt::format("draw {} run and published: {} tasks ({} unstaffed)\n", d.id, d.tasks,
                            d.unstaffed),
                opts->json);
  });
}

}  // namespace zq::cli
