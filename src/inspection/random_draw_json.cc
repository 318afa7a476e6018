// JSON forms of the published draw record (docs/random-draw.md §6). nlohmann::json exceptions
// stop here and become kInvalidArgument.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "inspection/random_draw.h"

namespace zq::inspection {
namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 3> kExclusionNames = {
    "out_of_scope", "already_drawn_in_plan", "recently_checked"};
constexpr std::array<std::string_view, 3> kLocalityNames = {"any", "local", "cross_region"};
constexpr std::array<std::string_view, 2> kRoundingNames = {"ceil", "half_up"};
constexpr std::array<std::string_view, 2> kUnstaffedNames = {"too_few_qualified", "cap_reached"};
constexpr std::array<std::string_view, 16> kMismatchNames = {
    "commitment",         "frame_hash",      "pool_hash",    "parameters_hash",
    "excluded_in_frame",  "task_count",      "target",       "assignment",
    "scope_hash",         "exclusions_hash", "contribution", "ceremony",
    "missing_from_frame", "not_in_scope",    "scope_row",    "exclusion_evidence"};

template <typename Enum, std::size_t N>
std::string NameOf(Enum value, const std::array<std::string_view, N>& names) {
  return std::string(names.at(static_cast<std::size_t>(value)));
}

// A value outside an enumeration; DrawRecordFromJson turns it into kInvalidArgument.
struct ParseError {
  std::string field;
};

template <typename Enum, std::size_t N>
Enum EnumOf(const json& j, const std::array<std::string_view, N>& names, const char* field) {
  const auto text = j.get<std::string>();
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == text) {
      return static_cast<Enum>(i);
    }
  }
  throw ParseError{field};
}

RiskClass ClassOf(const json& j, const char* field) {
  const std::optional<RiskClass> parsed = ParseRiskClass(j.get<std::string>());
  if (!parsed) {
    throw ParseError{field};
  }
  return *parsed;
}

json ParametersToJson(const DrawParameters& p) {
  json quotas = json::object();
  for (RiskClass c : kRiskClasses) {
    const ClassQuota& q = p.quotas[static_cast<std::size_t>(c)];
    quotas[std::string(1, RiskClassLetter(c))] =
        json{{q.kind == ClassQuota::Kind::kRate ? "rate_bp" : "fixed", q.value}};
  }
  return json{{"plan_id", p.plan_id},
              {"authority", p.authority},
              {"draw_date", p.draw_date},
              {"product_categories", p.product_categories},
              {"quotas", quotas},
              {"rounding", NameOf(p.rounding, kRoundingNames)},
              {"inspectors_per_task", p.inspectors_per_task},
              {"max_tasks_per_inspector", p.max_tasks_per_inspector},
              {"locality", NameOf(p.locality, kLocalityNames)},
              {"recheck_months", p.recheck_months}};
}

DrawParameters ParametersFromJson(const json& j) {
  DrawParameters p;
  p.plan_id = j.at("plan_id").get<std::string>();
  p.authority = j.value("authority", "");
  p.draw_date = j.at("draw_date").get<std::string>();
  p.product_categories = j.value("product_categories", std::vector<std::string>{});
  for (RiskClass c : kRiskClasses) {
    const json& q = j.at("quotas").at(std::string(1, RiskClassLetter(c)));
    ClassQuota& quota = p.quotas[static_cast<std::size_t>(c)];
    if (q.contains("rate_bp")) {
      quota = ClassQuota::Rate(q.at("rate_bp").get<std::uint32_t>());
    } else {
      quota = ClassQuota::Fixed(q.at("fixed").get<std::uint32_t>());
    }
  }
  p.rounding = EnumOf<Rounding>(j.at("rounding"), kRoundingNames, "parameters.rounding");
  p.inspectors_per_task = j.at("inspectors_per_task").get<std::uint32_t>();
  p.max_tasks_per_inspector = j.at("max_tasks_per_inspector").get<std::uint32_t>();
  p.locality = EnumOf<Locality>(j.at("locality"), kLocalityNames, "parameters.locality");
  p.recheck_months = j.at("recheck_months").get<std::uint32_t>();
  return p;
}

DrawRecord RecordFromJson(const json& j) {
  DrawRecord r;
  r.algorithm = j.at("algorithm").get<std::string>();
  r.parameters = ParametersFromJson(j.at("parameters"));
  for (const json& f : j.at("frame")) {
    r.frame.push_back({f.at("uscc").get<std::string>(), f.at("region_code").get<std::string>(),
                       ClassOf(f.at("risk_class"), "frame.risk_class"),
                       f.at("product_categories").get<std::vector<std::string>>()});
  }
  for (const json& e : j.value("excluded", json::array())) {
    r.excluded.push_back(
        {e.at("uscc").get<std::string>(),
         EnumOf<ExclusionReason>(e.at("reason"), kExclusionNames, "excluded.reason"),
         e.value("evidence", ""), e.value("region_code", ""),
         e.value("product_categories", std::vector<std::string>{})});
  }
  for (const json& c : j.value("contributions", json::array())) {
    const json& secret = c.value("secret", json());
    r.contributions.push_back({c.at("party").get<std::string>(),
                               c.at("commitment").get<std::string>(),
                               secret.is_null() ? "" : secret.get<std::string>()});
  }
  if (const json& c = j.value("ceremony", json::object()); !c.empty()) {
    r.ceremony.min_interval_minutes = c.value("min_interval_minutes", std::int64_t{0});
    r.ceremony.committed_at = c.value("committed_at", "");
    r.ceremony.commit_audit_seq = c.value("commit_audit_seq", std::int64_t{0});
    r.ceremony.run_not_before = c.value("run_not_before", "");
    r.ceremony.drawn_at = c.value("drawn_at", "");
    r.ceremony.run_audit_seq = c.value("run_audit_seq", std::int64_t{0});
  }
  r.scope_hash = j.value("scope_hash", "");
  r.exclusions_hash = j.value("exclusions_hash", "");
  for (const json& i : j.at("pool")) {
    r.pool.push_back({i.at("id").get<std::string>(), i.at("unit").get<std::string>(),
                      i.at("region_code").get<std::string>(),
                      i.at("qualifications").get<std::vector<std::string>>(),
                      i.value("conflicts", std::vector<std::string>{})});
  }
  r.frame_hash = j.value("frame_hash", "");
  r.pool_hash = j.value("pool_hash", "");
  r.parameters_hash = j.value("parameters_hash", "");
  r.commitment = j.value("commitment", "");
  r.beacon_source = j.value("beacon_source", "");
  r.beacon = j.value("beacon", "");
  r.seed = j.value("seed", json()).is_null() ? "" : j.at("seed").get<std::string>();
  for (const json& t : j.value("tasks", json::array())) {
    DrawTask task;
    task.number = t.at("number").get<std::uint32_t>();
    task.uscc = t.at("uscc").get<std::string>();
    task.risk_class = ClassOf(t.at("risk_class"), "tasks.risk_class");
    task.inspectors = t.at("inspectors").get<std::vector<std::string>>();
    if (t.contains("unstaffed") && !t.at("unstaffed").is_null()) {
      task.unstaffed =
          EnumOf<UnstaffedReason>(t.at("unstaffed"), kUnstaffedNames, "tasks.unstaffed");
    }
    r.tasks.push_back(std::move(task));
  }
  return r;
}

}  // namespace

json DrawRecordToJson(const DrawRecord& r) {
  json frame = json::array();
  for (const FrameEntry& f : r.frame) {
    frame.push_back({{"uscc", f.uscc},
                     {"region_code", f.region_code},
                     {"risk_class", std::string(1, RiskClassLetter(f.risk_class))},
                     {"product_categories", f.product_categories}});
  }
  json excluded = json::array();
  for (const Exclusion& e : r.excluded) {
    excluded.push_back({{"uscc", e.uscc},
                        {"reason", NameOf(e.reason, kExclusionNames)},
                        {"evidence", e.evidence},
                        {"region_code", e.region_code},
                        {"product_categories", e.product_categories}});
  }
  json pool = json::array();
  for (const Inspector& i : r.pool) {
    pool.push_back({{"id", i.id},
                    {"unit", i.unit},
                    {"region_code", i.region_code},
                    {"qualifications", i.qualifications},
                    {"conflicts", i.conflicts}});
  }
  json tasks = json::array();
  for (const DrawTask& t : r.tasks) {
    tasks.push_back(
        {{"number", t.number},
         {"uscc", t.uscc},
         {"risk_class", std::string(1, RiskClassLetter(t.risk_class))},
         {"inspectors", t.inspectors},
         {"unstaffed", t.unstaffed ? json(NameOf(*t.unstaffed, kUnstaffedNames)) : json(nullptr)}});
  }
  json out = DrawRecordSummaryJson(r);
  out["publication"] = "full";
  out["frame"] = std::move(frame);
  out["excluded"] = std::move(excluded);
  out["pool"] = std::move(pool);
  out["tasks"] = std::move(tasks);
  return out;
}

json DrawRecordSummaryJson(const DrawRecord& r) {
  json contributions = json::array();
  for (const SeedContribution& c : r.contributions) {
    contributions.push_back({{"party", c.party},
                             {"commitment", c.commitment},
                             {"secret", c.secret.empty() ? json(nullptr) : json(c.secret)}});
  }
  const DrawCeremony& c = r.ceremony;
  json ceremony = {{"min_interval_minutes", c.min_interval_minutes},
                   {"committed_at", c.committed_at},
                   {"commit_audit_seq", c.commit_audit_seq},
                   {"run_not_before", c.run_not_before},
                   {"drawn_at", c.drawn_at},
                   {"run_audit_seq", c.run_audit_seq}};
  // Counts only: how many firms were in scope, eligible and excluded (by reason), and how many
  // tasks each class gave.
  json excluded = {{"out_of_scope", 0}, {"already_drawn_in_plan", 0}, {"recently_checked", 0}};
  for (const Exclusion& e : r.excluded)
    excluded[NameOf(e.reason, kExclusionNames)] =
        excluded[NameOf(e.reason, kExclusionNames)].get<int>() + 1;
  json tasks = {{"A", 0}, {"B", 0}, {"C", 0}, {"D", 0}};
  int unstaffed = 0;
  for (const DrawTask& t : r.tasks) {
    const std::string letter(1, RiskClassLetter(t.risk_class));
    tasks[letter] = tasks[letter].get<int>() + 1;
    unstaffed += t.unstaffed ? 1 : 0;
  }
  return json{{"algorithm", r.algorithm},
              {"publication", "summary"},
              {"parameters", ParametersToJson(r.parameters)},
              {"frame_hash", r.frame_hash},
              {"pool_hash", r.pool_hash},
              {"parameters_hash", r.parameters_hash},
              {"scope_hash", r.scope_hash},
              {"exclusions_hash", r.exclusions_hash},
              {"commitment", r.commitment},
              {"contributions", std::move(contributions)},
              {"beacon_source", r.beacon_source},
              {"beacon", r.beacon},
              {"seed", r.seed.empty() ? json(nullptr) : json(r.seed)},
              {"ceremony", std::move(ceremony)},
              {"counts",
               {{"scope", r.frame.size() + r.excluded.size()},
                {"frame", r.frame.size()},
                {"excluded", std::move(excluded)},
                {"pool", r.pool.size()},
                {"tasks", std::move(tasks)},
                {"unstaffed", unstaffed}}}};
}

namespace {

// The reason a JSON library error gives, without its "[json.exception.type_error.302] " tag:
// the library's internals are no part of the API's answer.
std::string PlainReason(const json::exception& e) {
  std::string_view what = e.what();
  if (what.starts_with("[json.exception.")) {
    if (const std::size_t end = what.find("] "); end != std::string_view::npos)
      what.remove_prefix(end + 2);
  }
  return std::string(what.substr(0, 200));
}

// What `parse` reads from JSON, or kInvalidArgument: "unknown value" with the field of an unknown
// enumerator, else "malformed <what>" with `field`.
template <class Parse>
auto Parsed(const Parse& parse, const char* what, const char* field) -> Result<decltype(parse())> {
  try {
    return parse();
  } catch (const ParseError& e) {
    return Status::InvalidArgument("unknown value", e.field);
  } catch (const json::exception& e) {
    return Status::InvalidArgument(fmt::format("malformed {}: {}", what, PlainReason(e)), field);
  }
}

}  // namespace

Result<DrawRecord> DrawRecordFromJson(const json& j) {
  return Parsed([&] { return RecordFromJson(j); }, "draw record", "record");
}

json DrawParametersToJson(const DrawParameters& parameters) { return ParametersToJson(parameters); }

Result<DrawParameters> DrawParametersFromJson(const json& j) {
  return Parsed([&] { return ParametersFromJson(j); }, "parameters", "parameters");
}

json DrawVerificationToJson(const DrawVerification& v) {
  json mismatches = json::array();
  for (const DrawMismatch& m : v.mismatches) {
    json item{{"kind", NameOf(m.kind, kMismatchNames)},
              {"published", m.published},
              {"recomputed", m.recomputed}};
    if (m.task_number != 0) {
      item["task_number"] = m.task_number;
    }
    mismatches.push_back(std::move(item));
  }
  return json{{"ok", v.ok()}, {"mismatches", std::move(mismatches)}};
}

}  // namespace zq::inspection
