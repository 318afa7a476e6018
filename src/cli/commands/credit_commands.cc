// zq credit …: the quality credit file from the command line (质量信用): show one firm's grade and
// its explanation, the full rescore (the monthly run), and the CSV import of credit events.
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
  struct Options : WorkspaceOptions {
    std::string uscc;
    std::string file;
  };

  auto opts = std::make_shared<Options>();
  CLI::App* group =
      app.add_subcommand("credit", "Quality credit (质量信用): files, rescoring, import");
  group->require_subcommand(1);

  CLI::App* show = group->add_subcommand(
      "show", "A firm's risk class, quality grade, list status and the events that made them");
  show->add_option("uscc", opts->uscc, "unified social credit code")->required();
  AddWorkspaceOptions(show, *opts);
  show->callback([opts] {
    Workspace w = OpenWorkspaceOrFail(*opts);
    const ids::Uscc uscc = ValueOrFail(ids::ParseUscc(opts->uscc), opts->json);
    PrintFile(
        ValueOrFail(w.Get<credit::CreditService>().File(auth::Caller::System(), uscc), opts->json),
        opts->json);
  });

  CLI::App* rescore = group->add_subcommand(
      "rescore", "The full rescore (按月动态更新): every entity with events, as of today");
  AddWorkspaceOptions(rescore, *opts);
  rescore->callback([opts] {
    Workspace w = OpenWorkspaceOrFail(*opts);
    const credit::RescoreStats s =
        ValueOrFail(w.Get<credit::CreditService>().RescoreAll(auth::Caller::System()), opts->json);
    PrintResult({{"entities", s.entities},
                 {"events", s.events},
                 {"changed", s.changed},
                 {"rule_version", s.rule_version},
                 {"as_of", s.as_of}},
                fmt::format("rescored {} entities ({} events) under {} as of {}: {} changed\n",
                            s.entities, s.events, s.rule_version, s.as_of, s.changed),
                opts->json);
  });

  CLI::App* sweep = group->add_subcommand(
      "sweep",
      "The daily list sweep as of today: serious-list terms ending, abnormal-list "
      "escalations after 3 years, warnings and overdue publications; idempotent");
  AddWorkspaceOptions(sweep, *opts);
  sweep->callback([opts] {
    Workspace w = OpenWorkspaceOrFail(*opts);
    const credit::SweepReport r =
        ValueOrFail(w.Get<credit::CreditLists>().Sweep(auth::Caller::System()), opts->json);
    PrintResult({{"as_of", r.as_of},
                 {"serious_expired", r.serious_expired},
                 {"abnormal_escalated", r.abnormal_escalated},
                 {"escalation_warnings", r.escalation_warnings},
                 {"publications_overdue", r.publications_overdue},
                 {"retractions_overdue", r.retractions_overdue}},
                fmt::format("credit sweep as of {}: {} serious listings ended, {} abnormal "
                            "listings escalated, {} escalations due within the warning days, {} "
                            "publications and {} retractions overdue\n",
                            r.as_of, r.serious_expired, r.abnormal_escalated, r.escalation_warnings,
                            r.publications_overdue, r.retractions_overdue),
                opts->json);
  });

  CLI::App* importer = group->add_subcommand(
      "import",
      "Import credit events from CSV or XLSX: good rows kept, each bad row reported; idempotent");
  importer
      ->add_option("file", opts->file,
                   "CSV (UTF-8) or XLSX file with a header row (credit/event_import.h)")
      ->required();
  AddWorkspaceOptions(importer, *opts);
  importer->callback([opts] {
    RunImport(*opts, opts->file,
              [](Workspace& w, std::istream& in, const registry::ImportOptions& options) {
                return credit::ImportEvents(w.Get<credit::CreditService>(), *w.db,
                                            auth::Caller::System(), in, options);
              });
  });
}

}  // namespace zq::cli
