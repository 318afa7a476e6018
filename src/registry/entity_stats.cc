// Dashboard counts (issue 4): one grouped scan of the entities in the caller's scope, rolled up
// to the region's direct children, to industry sections and to statuses.
#include <map>

#include <fmt/format.h>

#include "registry/internal/entity_sql.h"
#include "registry/registry.h"

namespace zq::registry {

namespace {

// How many leading digits of a region code name a region of `level` (GB/T 2260: 2+2+2).
std::size_t PrefixLength(int level) { return level <= 1 ? 2 : level == 2 ? 4 : 6; }

}  // namespace

Result<EntityStats> Registry::StatsFor(const auth::Caller& caller, std::string_view region_code,
                                       int latest) {
  EntityStats out;
  if (!region_code.empty()) {
    ZQ_ASSIGN_OR_RETURN(Region region, GetRegion(region_code));
    if (internal::ScopedByRegion(caller) && !caller.CanSeeRegion(region.code)) {
      return Status::NotFound("no such region in your jurisdiction", "region");
    }
  }
  ZQ_ASSIGN_OR_RETURN(std::vector<Region> children, RegionChildren(region_code));
  ZQ_ASSIGN_OR_RETURN(std::vector<Industry> sections, IndustryChildren(""));
  // GB/T 4754-2017: each section (门类) spans a run of two-digit divisions (大类).
  std::map<std::string, std::size_t> section_of_division;
  for (std::size_t i = 0; i < sections.size(); ++i) {
    ZQ_ASSIGN_OR_RETURN(std::vector<Industry> divisions, IndustryChildren(sections[i].code));
    for (const Industry& d : divisions) {
      section_of_division[d.code.substr(0, 2)] = i;
    }
  }
  for (const Region& r : children) {
    out.by_region.push_back({r.code, r.name, 0});
  }
  for (const Industry& s : sections) {
    out.by_industry.push_back({s.code, s.name, 0});
  }

  EntityFilter filter;
  filter.region_code = std::string(region_code);
  ZQ_ASSIGN_OR_RETURN(auto tx, db_.Begin(store::TxMode::kReadOnly));
  ZQ_ASSIGN_OR_RETURN(internal::Where where, internal::BuildEntityWhere(*tx, caller, filter));
  if (where.empty_result) {
    return out;
  }
  ZQ_ASSIGN_OR_RETURN(store::ResultSet rs,
                      tx->Query("SELECT region_code, substr(industry_code, 1, 2), status, "
                                "COUNT(*) FROM entities WHERE " +
                                    where.sql + " GROUP BY 1, 2, 3",
                                where.params));
  // Children of one level share the length of the prefix that names them.
  const std::size_t len = children.empty() ? 6 : PrefixLength(children.front().level);
  std::map<std::string, std::int64_t> by_status;
  for (const store::Row& row : rs.rows) {
    const std::string county = row.GetText(0);
    const std::int64_t n = row.GetInt(3);
    out.total += n;
    by_status[row.GetText(2)] += n;
    if (auto it = section_of_division.find(row.GetText(1)); it != section_of_division.end()) {
      out.by_industry[it->second].count += n;
    }
    for (EntityStats::Count& c : out.by_region) {
      if (county.compare(0, len, c.code, 0, len) == 0) {
        c.count += n;
        break;
      }
    }
  }
  for (const auto& [status, n] : by_status) {
    out.by_status.push_back({status, status, n});
  }

  std::vector<store::Value> params = where.params;
  params.emplace_back(std::int64_t{latest});
  ZQ_ASSIGN_OR_RETURN(store::ResultSet recent,
                      tx->Query(fmt::format("SELECT {} FROM entities WHERE {} ORDER BY "
                                            "updated_at DESC, uscc LIMIT ?",
                                            internal::kEntityColumns, where.sql),
                                params));
  for (const store::Row& row : recent.rows) {
    MarketEntity e = internal::EntityFromRow(row);
    e.legal_representative = PersonalField(caller, e.legal_representative, false);
    out.latest.push_back(std::move(e));
  }
  return out;
}

}  // namespace zq::registry
