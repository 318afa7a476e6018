// zq credit …: the quality credit file from the command line (质量信用): show one firm's grade and
// its explanation, the full rescore (the monthly run), and the CSV import of credit events.
#include <fstream>
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands/commands.h"
#include "credit/credit_json.h"
#include "credit/credit_lists.h"
#include "credit/credit_service.h"
#include "credit/event_import.h"

namespace zq::cli {
namespace {

void PrintFile(const credit::CreditFile& f, bool json) {
  const credit::Assessment& a = f.current;
  if (json) {
    // The API's shape (GET /api/v1/credit/entities/{uscc}/file): the grade is under "current".
    std::cout << credit::CreditFileJson(f).dump(-1, ' ', false,
                                                nlohmann::json::error_handler_t::replace)
              << "\n";
    return;
  }
  std::cout << fmt::format("{} ({}): risk class {} ({:.1f}), quality grade {} ({:.1f}), rules {}\n",
                           f.uscc, f.region_code, a.risk_class, a.risk_score, a.grade,
                           a.grade_score, a.rule_version);
  std::cout << "lists: abnormal-operations " << (a.abnormal_listed ? "LISTED" : "no")
            << ", serious-dishonesty " << (a.serious_listed ? "LISTED" : "no") << "\n";
  for (const std::string& v : a.vetoes) std::cout << "veto: " << v << "\n";
  // The explanation: every event with its points, or why it did not count.
  for (const credit::Contribution& c : a.contributions) {
    std::cout << fmt::format("  {} {:<24} risk {:+.2f} grade {:+.2f}{}\n", c.occurred_on, c.type,
                             c.risk_points, c.grade_points,
                             c.note.empty() ? "" : "  (" + c.note + ")");
  }
  for (const credit::CreditEvent& e : f.events) {
    if (e.disputed)
      std::cout << "  disputed (异议中): event " << e.id << " " << e.event_type << "\n";
  }
}

}  // namespace

void RegisterCreditCommands(CLI::App& app) {
  struct Options {
    std::string db;
    std::string key_file;
    std::string uscc;
    std::string file;
    bool json = false;
  };

  auto opts = std::make_shared<Options>();
  CLI::App* group =
      app.add_subcommand("credit", "Quality credit (质量信用): files, rescoring, import");
  group->require_subcommand(1);
  const auto common = [&](CLI::App* cmd) {
    cmd->add_option("--db", opts->db, "SQLite file path or postgresql:// URI")->required();
    cmd->add_option("--key-file", opts->key_file, "file holding the master key");
    cmd->add_flag("--json", opts->json, "the result as JSON");
  };
  const auto open_workspace = [opts] {
    Result<Workspace> w = OpenWorkspace(opts->db, opts->key_file);
    if (!w.ok())
      throw CLI::RuntimeError(Fail(w.status(), opts->json));
    return std::move(w).value();
  };

  CLI::App* show = group->add_subcommand(
      "show", "A firm's risk class, quality grade, list status and the events that made them");
  show->add_option("uscc", opts->uscc, "unified social credit code")->required();
  common(show);
  show->callback([opts, open_workspace] {
    Workspace w = open_workspace();
    const Result<ids::Uscc> uscc = ids::ParseUscc(opts->uscc);
    if (!uscc.ok())
      throw CLI::RuntimeError(Fail(uscc.status(), opts->json));
    Result<credit::CreditFile> f =
        w.Get<credit::CreditService>().File(auth::Caller::System(), *uscc);
    if (!f.ok())
      throw CLI::RuntimeError(Fail(f.status(), opts->json));
    PrintFile(*f, opts->json);
  });

  CLI::App* rescore = group->add_subcommand(
      "rescore", "The full rescore (按月动态更新): every entity with events, as of today");
  common(rescore);
  rescore->callback([opts, open_workspace] {
    Workspace w = open_workspace();
    Result<credit::RescoreStats> s =
        w.Get<credit::CreditService>().RescoreAll(auth::Caller::System());
    if (!s.ok())
      throw CLI::RuntimeError(Fail(s.status(), opts->json));
    if (opts->json) {
      std::cout << nlohmann::json{{"entities", s->entities},
                                  {"events", s->events},
                                  {"changed", s->changed},
                                  {"rule_version", s->rule_version},
                                  {"as_of", s->as_of}}
                       .dump()
                << "\n";
    } else {
      std::cout << fmt::format("rescored {} entities ({} events) under {} as of {}: {} changed\n",
                               s->entities, s->events, s->rule_version, s->as_of, s->changed);
    }
  });

  CLI::App* sweep = group->add_subcommand(
      "sweep",
      "The daily list sweep as of today: serious-list terms ending, abnormal-list "
      "escalations after 3 years, warnings and overdue publications; idempotent");
  common(sweep);
  sweep->callback([opts, open_workspace] {
    Workspace w = open_workspace();
    Result<credit::SweepReport> r = w.Get<credit::CreditLists>().Sweep(auth::Caller::System());
    if (!r.ok())
      throw CLI::RuntimeError(Fail(r.status(), opts->json));
    if (opts->json) {
      std::cout << nlohmann::json{{"as_of", r->as_of},
                                  {"serious_expired", r->serious_expired},
                                  {"abnormal_escalated", r->abnormal_escalated},
                                  {"escalation_warnings", r->escalation_warnings},
                                  {"publications_overdue", r->publications_overdue},
                                  {"retractions_overdue", r->retractions_overdue}}
                       .dump()
                << "\n";
    } else {
      std::cout << fmt::format(
          "credit sweep as of {}: {} serious listings ended, {} abnormal listings escalated, "
          "{} escalations due within the warning days, {} publications and {} retractions "
          "overdue\n",
          r->as_of, r->serious_expired, r->abnormal_escalated, r->escalation_warnings,
          r->publications_overdue, r->retractions_overdue);
    }
  });

  CLI::App* importer = group->add_subcommand(
      "import",
      "Import credit events from CSV or XLSX: good rows kept, each bad row reported; idempotent");
  importer
      ->add_option("file", opts->file,
                   "CSV (UTF-8) or XLSX file with a header row (credit/event_import.h)")
      ->required();
  common(importer);
  importer->callback([opts, open_workspace] {
    std::ifstream in(opts->file, std::ios::binary);
    if (!in)
      throw CLI::RuntimeError(
          Fail(Status::InvalidArgument("cannot read " + opts->file, "file"), opts->json));
    Workspace w = open_workspace();
    registry::ImportOptions options;
    options.progress = [](std::size_t rows) {
      Progress("imported " + std::to_string(rows) + " rows");
    };
    Result<registry::ImportReport> r = credit::ImportEvents(w.Get<credit::CreditService>(), *w.db,
                                                            auth::Caller::System(), in, options);
    ProgressDone();
    if (!r.ok())
      throw CLI::RuntimeError(Fail(r.status(), opts->json));
    if (PrintImportReport(opts->file, *r, FormatOf(opts->json)) != 0)
      throw CLI::RuntimeError(1);
  });
}

}  // namespace zq::cli
