// The class distribution of a region (信用风险分类分布): two reads in one read-only transaction
// (internal/distribution_cells.h). The first counts, per county, industry division and class, the
// region's active entities with a stored grade (their newest one); the second its active entities
// per county and division. The entities never graded are the difference, and have the rule set's
// class for no events. Both come from maintained counts (credit migration 0006 and the registry's
// registry_entity_counts), a key range of each instead of a pass over the region's grades and
// entities (issue 22: a province's 工作台 took seconds).
#include "credit/credit_distribution.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <unordered_map>

#include "credit/internal/distribution_cells.h"
#include "credit/scoring.h"

namespace zq::credit {
namespace {

using store::Value;

// How many leading digits of a region code name a region of `level` (GB/T 2260: 2+2+2).
std::size_t PrefixLength(int level) { return level <= 1 ? 2 : level == 2 ? 4 : 6; }

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
  return internal::DistributionFrom(internal::ReadMaintainedCells, db, registry, credit, clock,
                                    caller, region);
}

namespace internal {

Result<ClassDistribution> DistributionFrom(CellReader read, store::Database& db,
                                           registry::Registry& registry, CreditService& credit,
                                           const Clock& clock, const auth::Caller& caller,
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
  // Graded entities per cell (county, 0x1F, division); subtracted from the cell's
  // active entities, which come after every graded cell.
  std::unordered_map<std::string, std::int64_t> graded_in_cell;
  ZQ_RETURN_IF_ERROR(
      read(*tx, prefix,
           [&](std::string_view county, std::string_view division, std::string_view risk_class,
               std::int64_t n) -> Status {
             std::string cell(county);
             cell += '\x1f';
             cell += division;
             if (!risk_class.empty()) {
               const int index = ClassIndex(risk_class);
               if (index < 0)
                 return Status::Internal("a stored grade has a class other than A-D");
               tally.Add(county, division, index, n, /*graded=*/true);
               graded_in_cell[cell] += n;
               return Status::Ok();
             }
             const auto it = graded_in_cell.find(cell);
             // Under READ COMMITTED (PostgreSQL) the two reads may see different
             // snapshots: an entity graded or deregistered in between must not
             // make a cell negative.
             const std::int64_t ungraded =
                 std::max<std::int64_t>(0, n - (it == graded_in_cell.end() ? 0 : it->second));
             tally.Add(county, division, default_index, ungraded,
                       /*graded=*/false);
             return Status::Ok();
           }));
  return out;
}

}  // namespace internal
}  // namespace zq::credit
