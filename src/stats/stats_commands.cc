// zq stats plspm | composite | evaluate: PLS path modelling (the satisfaction index), composite
// indices and the 质量工作考核 over files, printed as tables or as JSON (stats_json.h).
#include "stats/stats_commands.h"

#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "core/calendar.h"
#include "core/file_text.h"
#include "stats/evaluation.h"
#include "stats/stats_json.h"

namespace zq::stats {
namespace {

using nlohmann::json;

// The manifest's cli::FailCommand; it throws, so a failed value is never read.
FailFn& Fail() {
  static FailFn fail;
  return fail;
}

template <class T>
T ValueOrFail(Result<T> result, bool as_json) {
  if (!result.ok()) {
    Fail()(result.status(), as_json);
    throw CLI::RuntimeError(1);  // not reached: fail ends the command
  }
  return std::move(result).value();
}

std::string ReadInput(const std::string& path, const std::string& field, bool json_errors) {
  return ValueOrFail(ReadFileText(path, field), json_errors);
}

std::string Number(const json& v, const char* format = "{:.4f}") {
  return v.is_number() ? fmt::format(fmt::runtime(format), v.get<double>()) : "-";
}

void PrintBootstrap(const json& b) {
  std::cout << fmt::format(
      "\nbootstrap: {} resamples (seed {}), {} inadmissible redrawn; percentile intervals 2.5 %, "
      "97.5 %\n",
      b["resamples"].get<int>(), b["seed"].get<std::uint64_t>(), b["inadmissible"].get<int>());
  for (const char* part : {"paths", "r_squared", "weights", "loadings", "total_effects", "index"}) {
    if (b[part].empty())
      continue;
    std::cout << fmt::format("  {:<18} {:>10} {:>10} {:>10} {:>10} {:>10}\n", part, "original",
                             "mean", "std.error", "lower", "upper");
    for (const json& s : b[part]) {
      std::cout << fmt::format("  {:<18} {:>10} {:>10} {:>10} {:>10} {:>10}\n",
                               s["name"].get<std::string>(), Number(s["original"]),
                               Number(s["mean"]), Number(s["std_error"]), Number(s["lower"]),
                               Number(s["upper"]));
    }
  }
}

void PrintPls(const json& r) {
  std::cout << fmt::format("PLS-PM: {} observations, {} scheme, {} items, {} iterations\n",
                           r["observations"].get<size_t>(), r["scheme"].get<std::string>(),
                           r["scaling"].get<std::string>(), r["iterations"].get<int>());
  std::cout << fmt::format("\nouter model\n  {:<8} {:<12} {:>9} {:>9} {:>11} {:>10}\n", "block",
                           "indicator", "weight", "loading", "communality", "redundancy");
  for (const json& o : r["outer"]) {
    std::cout << fmt::format("  {:<8} {:<12} {:>9} {:>9} {:>11} {:>10}\n",
                             o["block"].get<std::string>(), o["indicator"].get<std::string>(),
                             Number(o["weight"]), Number(o["loading"]), Number(o["communality"]),
                             Number(o["redundancy"]));
  }
  std::cout << fmt::format("\npaths\n  {:<18} {:>11} {:>9} {:>9} {:>10}\n", "from -> to",
                           "coefficient", "std.error", "t", "p");
  for (const json& p : r["paths"]) {
    std::cout << fmt::format("  {:<18} {:>11} {:>9} {:>9} {:>10}\n",
                             p["from"].get<std::string>() + " -> " + p["to"].get<std::string>(),
                             Number(p["coefficient"]), Number(p["std_error"]), Number(p["t"]),
                             Number(p["p_value"], "{:.3g}"));
  }
  std::cout << fmt::format("\neffects\n  {:<18} {:>9} {:>9} {:>9}\n", "from -> to", "direct",
                           "indirect", "total");
  for (const json& e : r["effects"]) {
    std::cout << fmt::format("  {:<18} {:>9} {:>9} {:>9}\n",
                             e["from"].get<std::string>() + " -> " + e["to"].get<std::string>(),
                             Number(e["direct"]), Number(e["indirect"]), Number(e["total"]));
  }
  std::cout << fmt::format(
      "\nblocks (reliability: Cronbach alpha, Dillon-Goldstein rho from the first principal "
      "component)\n  {:<8} {:<4} {:>7} {:>11} {:>10} {:>7} {:>7} {:>7} {:>7} {:>7}\n",
      "block", "mode", "R2", "communality", "redundancy", "AVE", "alpha", "DG.rho", "eig1", "eig2");
  for (const json& b : r["blocks"]) {
    std::cout << fmt::format("  {:<8} {:<4} {:>7} {:>11} {:>10} {:>7} {:>7} {:>7} {:>7} {:>7}\n",
                             b["name"].get<std::string>(), b["mode"].get<std::string>(),
                             Number(b["r_squared"]), Number(b["communality"]),
                             Number(b["redundancy"]), Number(b["ave"]), Number(b["cronbach_alpha"]),
                             Number(b["dillon_goldstein_rho"]), Number(b["eigenvalue_1"]),
                             Number(b["eigenvalue_2"]));
  }
  std::cout << fmt::format("\nGoF {}\n", Number(r["gof"], "{:.6f}"));
  if (!r["index"].empty()) {
    std::cout << "\nindex (0-100)\n";
    for (const json& b : r["blocks"]) {
      const std::string block = b["name"].get<std::string>();
      std::cout << fmt::format("  {:<8} {:>7}{}\n", block, Number(r["index"][block], "{:.3f}"),
                               r["index_notes"].contains(block)
                                   ? "  (" + r["index_notes"][block].get<std::string>() + ")"
                                   : "");
    }
  }
  std::cout << "convention: " << r["convention"].get<std::string>() << "\n";
}

void RegisterPlspm(CLI::App& group) {
  struct Options {
    std::string data, model, scheme = "centroid";
    bool scaled = false, raw = false, json = false;
    int resamples = 0, threads = 2;
    std::uint64_t seed = 0;
  };

  auto o = std::make_shared<Options>();
  CLI::App* cmd = group.add_subcommand(
      "plspm",
      "PLS path modelling as R plspm 0.4.9 (the customer satisfaction index): outer weights, "
      "loadings, paths, R2, effects, reliability, GoF, the 0-100 index with its convention, and "
      "a seeded bootstrap; exit status 2 for a bad input");
  cmd->add_option("--data", o->data,
                  "CSV with a header of column names (a first column named "
                  "\"\" holds row names)")
      ->required();
  cmd->add_option("--model", o->model,
                  "MODEL.json: {\"blocks\": {\"IMAG\": {\"mode\": \"A\", \"indicators\": [...]}, "
                  "...}, \"paths\": [[\"IMAG\", \"EXPE\"], ...], \"scale\": [0, 10]}")
      ->required();
  cmd->add_option("--scheme", o->scheme,
                  "inner weighting: centroid (plspm's default), factorial "
                  "or path");
  auto* scaled = cmd->add_flag("--scaled", o->scaled, "standardise the items (the default)");
  cmd->add_flag("--raw", o->raw, "centre the items only (convention R of the index)")
      ->excludes(scaled);
  cmd->add_option("--bootstrap", o->resamples, "bootstrap resamples (0: none)")
      ->check(CLI::Range(0, 1000000));
  cmd->add_option("--seed", o->seed, "the bootstrap's seed (the result depends on it alone)");
  cmd->add_option("--threads", o->threads, "threads for the bootstrap")->check(CLI::Range(1, 64));
  cmd->add_flag("--json", o->json, "print JSON");
  cmd->callback([o] {
    const std::string data_text = ReadInput(o->data, "data", o->json);
    const std::string model_text = ReadInput(o->model, "model", o->json);
    const DataTable data = ValueOrFail(ReadDataCsv(data_text), o->json);
    const PlsModel model = ValueOrFail(ParsePlsModel(model_text), o->json);
    PlsOptions options;
    options.scheme = ValueOrFail(ParseInnerScheme(o->scheme), o->json);
    options.scaling = o->raw ? Scaling::kRaw : Scaling::kScaled;
    const PlsResult result = ValueOrFail(FitPls(data, model, options), o->json);
    json out = PlsResultJson(result, options, data.rows.size());
    if (o->resamples > 0) {
      const BootstrapResult boot = ValueOrFail(
          BootstrapPls(data, model, options,
                       {.resamples = o->resamples, .seed = o->seed, .threads = o->threads}),
          o->json);
      out["bootstrap"] = BootstrapJson(boot, o->seed);
    }
    if (o->json) {
      std::cout << out.dump() << "\n";
      return;
    }
    PrintPls(out);
    if (out.contains("bootstrap"))
      PrintBootstrap(out["bootstrap"]);
  });
}

// Text: one line per unit in the order of the index (or of the data), every level's score and
// rank, the highest level first.
void PrintComposite(const PipelineResult& r) {
  std::cout << fmt::format("{} units", r.units.size());
  if (!r.removed_units.empty())
    std::cout << fmt::format(" ({} removed by screening: {})", r.removed_units.size(),
                             fmt::join(r.removed_units, ", "));
  std::cout << fmt::format("; steps: {}\n",
                           r.steps.empty() ? "none" : fmt::format("{}", fmt::join(r.steps, ", ")));
  for (const Treatment& t : r.treatment) {
    if (t.passed_before)
      continue;
    std::cout << fmt::format(
        "treated {}: skew {:.3f}, kurtosis {:.3f} -> {}{}: skew {:.3f}, kurtosis {:.3f}{}\n",
        t.code, t.before.skew, t.before.kurtosis,
        t.log ? "log_CT" : fmt::format("{} point(s) winsorised", t.winsorised),
        t.log && t.winsorised > 0 ? " (winsorising failed)" : "", t.after.skew, t.after.kurtosis,
        t.passed ? "" : " (still fails)");
  }
  std::vector<size_t> columns(r.codes.size()), order(r.units.size());
  for (size_t c = 0; c < columns.size(); ++c) columns[c] = columns.size() - 1 - c;
  for (size_t u = 0; u < order.size(); ++u) order[u] = u;
  if (!r.root.empty()) {
    const size_t root = columns.front();
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      const int ra = r.ranks[a][root], rb = r.ranks[b][root];
      return (ra == 0 ? INT32_MAX : ra) < (rb == 0 ? INT32_MAX : rb);
    });
  }
  std::cout << "uCode";
  for (size_t c : columns) std::cout << "\t" << r.codes[c] << "\t#";
  std::cout << "\n";
  for (size_t u : order) {
    std::cout << r.units[u];
    for (size_t c : columns) {
      std::cout << "\t" << (r.scores[u][c] ? fmt::format("{:.2f}", *r.scores[u][c]) : "NA") << "\t"
                << (r.ranks[u][c] > 0 ? std::to_string(r.ranks[u][c]) : "NA");
    }
    std::cout << "\n";
  }
}

void RegisterComposite(CLI::App& group) {
  struct Options {
    std::string data, meta, pipeline;
    bool json = false;
  };

  auto o = std::make_shared<Options>();
  CLI::App* cmd = group.add_subcommand(
      "composite",
      "A composite index the COINr way over COINr-shaped tables: the pipeline's steps in order "
      "(denominate, impute, screen, treat, normalise, aggregate), then every level's score and "
      "rank for every unit; exit status 2 for a bad input");
  cmd->add_option("--data", o->data,
                  "iData CSV: uCode, uName, Time, indicators, denominators, "
                  "groups")
      ->required();
  cmd->add_option("--meta", o->meta,
                  "iMeta CSV: Level, iCode, iName, Direction, Weight, Parent, "
                  "Type, Denominator")
      ->required();
  cmd->add_option("--pipeline", o->pipeline,
                  "P.json: {\"steps\": [{\"denominate\": {}}, {\"impute\": {...}}, ...]}")
      ->required();
  cmd->add_flag("--json", o->json, "print JSON");
  cmd->callback([o] {
    const std::string data = ReadInput(o->data, "data", o->json);
    const std::string meta = ReadInput(o->meta, "meta", o->json);
    const std::string pipeline_text = ReadInput(o->pipeline, "pipeline", o->json);
    const CoinInput input = ValueOrFail(ReadCoin(data, meta), o->json);
    const Pipeline pipeline = ValueOrFail(ParsePipeline(pipeline_text), o->json);
    const PipelineResult result = ValueOrFail(RunPipeline(input, pipeline), o->json);
    if (o->json)
      std::cout << PipelineResultJson(result).dump() << "\n";
    else
      PrintComposite(result);
  });
}

// Text: the year and rule set, then one line per region in rank order, then what was not scored.
void PrintEvaluation(const EvaluationRules& rules, const AssessmentYear& year,
                     const std::vector<RegionEvaluation>& regions,
                     const std::vector<RegionUncertainty>& uncertainty, int replications) {
  std::cout << fmt::format("质量工作考核 {} ({}), {}年度: {} to {}\n", rules.name, rules.version,
                           year.starts_in, DayText(year.first_day), DayText(year.last_day));
  std::cout << "rank\tcode\tname\ttotal\tbase\tbonus\tself\tgrade\tto next grade\n";
  std::vector<const RegionEvaluation*> order;
  for (const RegionEvaluation& e : regions) order.push_back(&e);
  std::stable_sort(order.begin(), order.end(),
                   [](const auto* a, const auto* b) { return a->rank < b->rank; });
  for (const RegionEvaluation* e : order) {
    std::cout << fmt::format(
        "{}\t{}\t{}\t{:.2f}\t{:.2f}\t{:.2f}\t{}\t{}{}\t{}\n", e->rank, e->code, e->name, e->total,
        e->base_points, e->bonus_points,
        e->self_total ? fmt::format("{:.2f}", *e->self_total) : "-", e->grade.grade,
        e->grade.vetoed ? fmt::format(" (vetoed: {})", fmt::join(e->vetoes, ", ")) : "",
        e->grade.to_next_band ? fmt::format("{:.2f}", *e->grade.to_next_band) : "-");
  }
  if (!uncertainty.empty()) {
    std::cout << fmt::format(
        "\nuncertainty over {} replications: rank median [5th, 95th percentile], total [5th, "
        "95th], share of each grade\n",
        replications);
    for (const RegionEvaluation* e : order) {
      const RegionUncertainty& u = uncertainty[static_cast<size_t>(e - regions.data())];
      std::vector<std::string> shares;
      for (const auto& [grade, share] : u.grade_share)
        shares.push_back(fmt::format("{} {:.1f} %", grade, 100 * share));
      std::cout << fmt::format("{}\t{}\trank {} [{}, {}]\ttotal [{:.2f}, {:.2f}]\t{}\n", e->code,
                               e->name, u.rank_median, u.rank_low, u.rank_high, u.total_low,
                               u.total_high, fmt::join(shares, ", "));
    }
  }
  for (const RegionEvaluation* e : order) {
    if (!e->unscored.empty())
      std::cout << fmt::format("{} {}: not scored (0 points): {}\n", e->code, e->name,
                               fmt::join(e->unscored, ", "));
  }
}

void RegisterEvaluate(CLI::App& group) {
  struct Options {
    std::string rules, scores;
    int replications = 0;
    std::uint64_t seed = 1;
    bool json = false;
  };

  auto o = std::make_shared<Options>();
  CLI::App* cmd = group.add_subcommand(
      "evaluate",
      "质量工作考核: scores each region by a rule set (items in up to three levels, levels, "
      "deductions, targets, bonus items, vetoes, grade bands), totals and grades them, and ranks "
      "them; exit status 2 for a bad input");
  cmd->add_option("--rules", o->rules,
                  "RULES.json: {\"name\", \"version\", \"effective_from\", \"items\": [...]}")
      ->required();
  cmd->add_option("--scores", o->scores,
                  "SCORES.json: {\"year\", \"regions\": [{\"code\", \"items\": {...}}]}")
      ->required();
  cmd->add_option("--replications", o->replications,
                  "rank and grade uncertainty: replications drawing each actual value with a "
                  "standard_error (0: none)")
      ->check(CLI::Range(0, 100000));
  cmd->add_option("--seed", o->seed, "the replications' seed (the result depends on it alone)");
  cmd->add_flag("--json", o->json, "print JSON");
  cmd->callback([o] {
    const std::string rules_text = ReadInput(o->rules, "rules", o->json);
    const std::string scores_text = ReadInput(o->scores, "scores", o->json);
    const EvaluationRules rules = ValueOrFail(ParseEvaluationRules(rules_text), o->json);
    const EvaluationScores scores = ValueOrFail(ParseEvaluationScores(scores_text), o->json);
    if (const Status applies = RulesApplyTo(rules, scores.year); !applies.ok()) {
      Fail()(applies, o->json);
      return;  // not reached: fail ends the command
    }
    const std::vector<RegionEvaluation> result =
        ValueOrFail(Evaluate(rules, scores.regions), o->json);
    const EvaluationUncertaintyOptions options{.replications = o->replications, .seed = o->seed};
    std::vector<RegionUncertainty> uncertainty;
    if (o->replications > 0)
      uncertainty = ValueOrFail(EvaluationUncertainty(rules, scores.regions, options), o->json);
    if (o->json)
      std::cout << EvaluationJson(rules, scores.year, result, uncertainty, options).dump() << "\n";
    else
      PrintEvaluation(rules, scores.year, result, uncertainty, o->replications);
  });
}

}  // namespace

void RegisterStatsCommands(CLI::App& app, FailFn fail) {
  Fail() = std::move(fail);
  CLI::App* group = app.add_subcommand(
      "stats",
      "Quality statistics (质量统计): PLS path modelling, composite indices and the 质量工作考核 "
      "over files");
  group->require_subcommand(1);
  RegisterPlspm(*group);
  RegisterComposite(*group);
  RegisterEvaluate(*group);
}

}  // namespace zq::stats
