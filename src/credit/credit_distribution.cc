// The class distribution of a region (信用风险分类分布): two grouped scans in one read-only
// transaction. The first counts the region's active entities per county and industry division
// from the registry's covering index (region_code, industry_code, status); the second counts,
// per county, division and class, those with a stored grade (the newest row per entity). The
// entities never graded are the difference, and have the rule set's class for no events.
#include "credit/credit_distribution.h"

#include <algorithm>
#include <chrono>
#include <map>

#include "credit/scoring.h"

namespace zq::credit {
namespace {

using store::Value;

// How many leading digits of a region code name a region of `level` (GB/T 2260: 2+2+2).
std::size_t PrefixLength(int level) { return level <= 1 ? 2 : level == 2 ? 4 : 6; }

// " AND <column> in the subtree named by `prefix`" (a key range, so the index serves it).
void AddPrefix(std::string& sql, std::vector<Value>& params, std::string_view column,
               std::string_view prefix) {
  if (prefix.empty())
    return;
  std::string hi(prefix);
  hi.back() = static_cast<char>(hi.back() + 1);
  sql += std::string(" AND ") + std::string(column) + " >= ? AND " + std::string(column) + " < ?";
  params.emplace_back(std::string(prefix));
  params.emplace_back(std::move(hi));
}

// "A".."D" → 0..3; -1 for anything else.
int ClassIndex(std::string_view c) {
  return c.size() == 1 && c[0] >= 'A' && c[0] <= 'D' ? c[0] - 'A' : -1;
}

// Rolls counts of (county, division) cells up to the region's children and industry sections.
class Tally {
 public:
  Tally(ClassDistribution& out, std::size_t child_prefix,
        const std::map<std::string, std::size_t>& section_of_division)
      : out_(out), child_prefix_(child_prefix), section_of_division_(section_of_division) {}

  // Adds `n` entities of `county` and `division` in class `index` (graded or not).
  void Add(std::string_view county, std::string_view division, int index, std::int64_t n,
           bool graded) {
    auto add = [&](ClassDistribution::Counts& counts, std::int64_t& graded_count) {
      counts[static_cast<std::size_t>(index)] += n;
      if (graded)
        graded_count += n;
    };
    add(out_.total, out_.graded);
    if (auto it = section_of_division_.find(std::string(division));
        it != section_of_division_.end()) {
      ClassDistribution::Group& g = out_.by_industry[it->second];
      add(g.counts, g.graded);
    }
    for (ClassDistribution::Group& g : out_.by_region) {
      if (county.substr(0, child_prefix_) == std::string_view(g.code).substr(0, child_prefix_)) {
        add(g.counts, g.graded);
        break;
      }
    }
  }

 private:
  ClassDistribution& out_;
  std::size_t child_prefix_;
  const std::map<std::string, std::size_t>& section_of_division_;
};

}  // namespace

Result<ClassDistribution> ClassDistributionFor(store::Database& db, registry::Registry& registry,
                                               CreditService& credit, const Clock& clock,
                                               const auth::Caller& caller,
                                               const std::optional<ids::RegionCode>& region) {
  const std::string_view region_code = ids::CodeOrEmpty(region);
  if (!caller.IsOfficial())
    return Status::PermissionDenied("the class distribution is for officials");
  ClassDistribution out;
  out.region_code =
      std::string(region_code.empty() ? std::string_view(caller.region_code) : region_code);
  std::string prefix;
  if (!out.region_code.empty()) {
    Result<registry::Region> known = registry.GetRegion(out.region_code);
    if (!known.ok() || !caller.CanSeeRegion(known->code))
      return Status::NotFound("no such region in your jurisdiction", "region");
    prefix = known->code.substr(0, PrefixLength(known->level));
  } else if (!caller.IsAdministrator()) {
    return Status::NotFound("no such region in your jurisdiction", "region");
  }

  const auto today = static_cast<std::int32_t>(
      std::chrono::sys_days{clock.TodayInChina()}.time_since_epoch().count());
  ZQ_ASSIGN_OR_RETURN(const RuleSet* rules, credit.RuleSetOn(today));
  const Assessment none = Assess(*rules, {}, today);
  out.rule_version = rules->version();
  out.as_of = DayText(today);
  out.default_class = none.risk_class;
  const int default_index = ClassIndex(none.risk_class);
  if (default_index < 0)
    return Status::Internal("the rule set's classes are not A-D");

  ZQ_ASSIGN_OR_RETURN(std::vector<registry::Region> children,
                      registry.RegionChildren(out.region_code));
  for (const registry::Region& r : children) out.by_region.push_back({r.code, r.name, {}, 0});
  // GB/T 4754-2017: each section (门类) spans a run of two-digit divisions (大类).
  std::map<std::string, std::size_t> section_of_division;
  ZQ_ASSIGN_OR_RETURN(std::vector<registry::Industry> sections, registry.IndustryChildren(""));
  for (std::size_t i = 0; i < sections.size(); ++i) {
    out.by_industry.push_back({sections[i].code, sections[i].name, {}, 0});
    ZQ_ASSIGN_OR_RETURN(std::vector<registry::Industry> divisions,
                        registry.IndustryChildren(sections[i].code));
    for (const registry::Industry& d : divisions) section_of_division[d.code.substr(0, 2)] = i;
  }
  Tally tally(out, children.empty() ? 6 : PrefixLength(children.front().level),
              section_of_division);

  ZQ_ASSIGN_OR_RETURN(auto tx, db.Begin(store::TxMode::kReadOnly));
  // Graded entities per cell and class; subtracted from the cell's total below.
  std::map<std::pair<std::string, std::string>, std::int64_t> graded_in_cell;
  {
    std::string sql =
        "SELECT e.region_code, substr(e.industry_code, 1, 2), g.risk_class, COUNT(*) "
        "FROM credit_grades g JOIN registry_entity_facts e ON e.uscc = g.uscc "
        "WHERE e.status = 'active' "
        "AND g.id = (SELECT MAX(l.id) FROM credit_grades l WHERE l.uscc = g.uscc)";
    std::vector<Value> params;
    AddPrefix(sql, params, "e.region_code", prefix);
    ZQ_ASSIGN_OR_RETURN(store::ResultSet rs, tx->Query(sql + " GROUP BY 1, 2, 3", params));
    for (const store::Row& row : rs.rows) {
      const int index = ClassIndex(row.GetText(2));
      if (index < 0)
        return Status::Internal("a stored grade has a class other than A-D");
      const std::int64_t n = row.GetInt(3);
      tally.Add(row.GetText(0), row.GetText(1), index, n, /*graded=*/true);
      graded_in_cell[{row.GetText(0), row.GetText(1)}] += n;
    }
  }
  std::string sql =
      "SELECT region_code, substr(industry_code, 1, 2), COUNT(*) FROM registry_entity_facts "
      "WHERE status = 'active'";
  std::vector<Value> params;
  AddPrefix(sql, params, "region_code", prefix);
  ZQ_ASSIGN_OR_RETURN(store::ResultSet rs, tx->Query(sql + " GROUP BY 1, 2", params));
  for (const store::Row& row : rs.rows) {
    const auto cell = std::make_pair(row.GetText(0), row.GetText(1));
    const auto it = graded_in_cell.find(cell);
    // Under READ COMMITTED (PostgreSQL) the two scans may see different snapshots: an entity
    // graded or deregistered in between must not make a cell negative.
    const std::int64_t ungraded =
        std::max<std::int64_t>(0, row.GetInt(2) - (it == graded_in_cell.end() ? 0 : it->second));
    tally.Add(cell.first, cell.second, default_index, ungraded, /*graded=*/false);
  }
  return out;
}

}  // namespace zq::credit
