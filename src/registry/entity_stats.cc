// Dashboard counts (issue 4): the maintained counts of the caller's scope (issue 22: per county,
// industry division and status), rolled up to the region's direct children, to industry sections
// and to statuses.
#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "registry/internal/entity_sql.h"
#include "registry/registry.h"

namespace zq::registry {

namespace {

// How many leading digits of a region code name a region of `level` (GB/T 2260: 2+2+2).
std::size_t PrefixLength(int level) { return level <= 1 ? 2 : level == 2 ? 4 : 6; }

// Counties per query: two parameters each, far below SQLite's limit of 32,766.
constexpr std::size_t kCountiesPerQuery = 200;

struct Recent {
  store::Row row;
  std::string updated_at;
  std::string uscc;
};

// The `latest` most recently updated entities whose `column` is one of `codes` (counties by
// region_code, or provinces by province_code), newest first, ties by USCC. Each code's newest rows
// are the head of its key range in the index entities_region_updated (registry migration 0005) or
// entities_province_updated (0010), so every subquery reads at most `latest` rows and the subtree
// is never sorted whole; the heads are merged here.
Result<std::vector<store::Row>> LatestOf(store::Transaction& tx, std::string_view column,
                                         const std::set<std::string, std::less<>>& codes,
                                         int latest) {
  const std::string columns = fmt::format("{}, updated_at", internal::EntityColumns().List());
  const std::size_t updated_at_column = internal::EntityColumns().size();  // after the entity's
  std::vector<Recent> merged;
  auto next = codes.begin();
  while (next != codes.end()) {
    std::string sql;
    std::vector<store::Value> params;
    for (std::size_t i = 0; i < kCountiesPerQuery && next != codes.end(); ++i, ++next) {
      if (i > 0)
        sql += " UNION ALL ";
      sql += fmt::format(
          "SELECT {0} FROM (SELECT {0} FROM entities WHERE {2} = ? "
          "ORDER BY updated_at DESC, uscc LIMIT ?) AS c{1}",
          columns, i, column);
      params.emplace_back(*next);
      params.emplace_back(std::int64_t{latest});
    }
    sql += " ORDER BY updated_at DESC, uscc LIMIT ?";
    params.emplace_back(std::int64_t{latest});
    ZQ_ASSIGN_OR_RETURN(store::ResultSet rs, tx.Query(sql, params));
    for (store::Row& row : rs.rows) {
      std::string updated_at = row.GetText(updated_at_column);
      std::string uscc = row.GetText(0);
      merged.push_back({std::move(row), std::move(updated_at), std::move(uscc)});
    }
  }
  std::sort(merged.begin(), merged.end(), [](const Recent& a, const Recent& b) {
    return a.updated_at != b.updated_at ? a.updated_at > b.updated_at : a.uscc < b.uscc;
  });
  std::vector<store::Row> out;
  for (std::size_t i = 0; i < merged.size() && i < static_cast<std::size_t>(latest); ++i) {
    out.push_back(std::move(merged[i].row));
  }
  return out;
}

}  // namespace

Result<EntityStats> Registry::StatsFor(const auth::Caller& caller,
                                       const std::optional<ids::RegionCode>& region, int latest) {
  const std::string_view region_code = ids::CodeOrEmpty(region);
  EntityStats out;
  if (!region_code.empty()) {
    ZQ_ASSIGN_OR_RETURN(const Region known, GetRegion(region_code));
    if (caller.ReadsWithinRegion() && !caller.CanReadRegion(known.code)) {
      return Status::NotFound("no such region in your jurisdiction", "region");
    }
  }
  ZQ_ASSIGN_OR_RETURN(std::vector<Region> children, RegionChildren(region_code));
  ZQ_ASSIGN_OR_RETURN(std::vector<Industry> sections, IndustryChildren(""));
  // GB/T 4754-2017: each section (门类) spans a run of two-digit divisions (大类). One read of
  // them all (a read per section cost 40 transactions, most of the overview on PostgreSQL).
  std::map<std::string, std::size_t> section_index;
  for (std::size_t i = 0; i < sections.size(); ++i) section_index[sections[i].code] = i;
  std::map<std::string, std::size_t> section_of_division;
  {
    ZQ_ASSIGN_OR_RETURN(auto rtx, db_.Begin(store::TxMode::kReadOnly));
    ZQ_ASSIGN_OR_RETURN(store::ResultSet divisions,
                        rtx->Query("SELECT code, parent_code FROM industries WHERE parent_code IN "
                                   "(SELECT code FROM industries WHERE parent_code = '')"));
    for (const store::Row& d : divisions.rows) {
      if (auto it = section_index.find(d.GetText(1)); it != section_index.end())
        section_of_division[d.GetText(0).substr(0, 2)] = it->second;
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
  // The maintained counts (registry migration 0009): a key range of entity_counts, a few
  // thousand rows for a province, instead of grouping its millions of entities. The scope's
  // conditions name region_code only, a column both tables share. Read in place (Scan): copying
  // each row into a store::Row cost most of a province's overview (issue 22).
  // Children of one level share the length of the prefix that names them.
  const std::size_t len = children.empty() ? 6 : PrefixLength(children.front().level);
  std::map<std::string, std::int64_t, std::less<>> by_status;
  std::set<std::string, std::less<>> counties;  // the region codes that hold entities in scope
  std::string division;
  ZQ_RETURN_IF_ERROR(tx->Scan("SELECT region_code, division, status, n FROM entity_counts WHERE " +
                                  where.sql + " AND n > 0",
                              where.params, [&](const store::RowView& row) {
                                const std::string_view county = row.Text(0);
                                const std::int64_t n = row.Int(3);
                                if (counties.empty() || *counties.rbegin() != county)
                                  counties.emplace(county);
                                out.total += n;
                                const std::string_view status = row.Text(2);
                                if (auto it = by_status.find(status); it != by_status.end())
                                  it->second += n;
                                else
                                  by_status.emplace(status, n);
                                division.assign(row.Text(1));
                                if (auto it = section_of_division.find(division);
                                    it != section_of_division.end()) {
                                  out.by_industry[it->second].count += n;
                                }
                                for (EntityStats::Count& c : out.by_region) {
                                  if (county.compare(0, len, c.code, 0, len) == 0) {
                                    c.count += n;
                                    break;
                                  }
                                }
                                return true;
                              }));
  for (const auto& [status, n] : by_status) {
    out.by_status.push_back({status, status, n});
  }

  if (latest <= 0) {
    return out;
  }
  // Every code in `counties` came from the scoped query above, so it lies in the caller's scope.
  // A whole province (or every province) for a caller who may read all of it is read per
  // province: one head per province instead of one per county.
  const Result<ids::RegionCode> scope = ids::ParseRegionCode(caller.region_code);
  const bool whole_provinces =
      (region_code.empty() || region->level() == ids::RegionLevel::kProvince) &&
      (!caller.ReadsWithinRegion() ||
       (scope.ok() && scope->level() == ids::RegionLevel::kProvince));
  std::set<std::string, std::less<>> provinces;
  for (const std::string& county : counties) provinces.insert(county.substr(0, 2));
  ZQ_ASSIGN_OR_RETURN(std::vector<store::Row> recent,
                      whole_provinces ? LatestOf(*tx, "province_code", provinces, latest)
                                      : LatestOf(*tx, "region_code", counties, latest));
  for (const store::Row& row : recent) {
    MarketEntity e = internal::EntityFromRow(row);
    e.legal_representative = MaskedPersonalField(e.legal_representative);
    out.latest.push_back(std::move(e));
  }
  return out;
}

}  // namespace zq::registry
