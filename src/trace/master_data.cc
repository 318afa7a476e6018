#include "trace/master_data.h"

#include <chrono>

#include "core/calendar.h"
#include "core/ids/gtin.h"
#include "core/ids/region_code.h"
#include "core/ids/uscc.h"
#include "core/page.h"
#include "store/row_mapping.h"
#include "trace/digital_link.h"
#include "trace/epc_uri.h"

namespace zq::trace {
namespace {

using store::Value;

constexpr std::string_view kGs1 = "https://id.gs1.org/";

const store::Columns<TraceLocation>& LocationColumns() {
  using L = TraceLocation;
  static const store::Columns<L> kColumns(
      "id", &L::id, "location", &L::location, "gln", &L::gln, "extension", &L::extension, "name",
      &L::name, "uscc", &L::uscc, "entity_name", &L::entity_name, "region_code", &L::region_code,
      "created_by", &L::created_by, "created_at", &L::created_at);
  return kColumns;
}

const store::Columns<CompanyPrefix>& PrefixColumns() {
  using P = CompanyPrefix;
  static const store::Columns<P> kColumns(
      "id", &P::id, "prefix", &P::prefix, "uscc", &P::uscc, "entity_name", &P::entity_name,
      "region_code", &P::region_code, "created_by", &P::created_by, "created_at", &P::created_at);
  return kColumns;
}

bool DigitsOnly(std::string_view s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

std::string NowTimestamp(const Clock& clock) {
  return FormatUtcTimestamp(std::chrono::floor<std::chrono::milliseconds>(clock.Now()));
}

// The WHERE clause that keeps a caller's reads to its scope (ReadScope), "1 = 1" for all.
Result<std::string> ScopeClause(const auth::Caller& caller, std::vector<Value>& params) {
  ZQ_ASSIGN_OR_RETURN(std::string where, ReadScope(caller, params));
  return where.empty() ? std::string("1 = 1") : where;
}

template <class T>
Result<std::vector<T>> ListIn(store::Database& db, const store::Columns<T>& columns,
                              std::string_view table, const auth::Caller& caller,
                              std::string_view uscc) {
  std::vector<Value> params;
  Result<std::string> scope = ScopeClause(caller, params);
  if (!scope.ok() && caller.IsSignedIn())
    return std::vector<T>();  // signed in, with no trace records of its own: nothing to list
  ZQ_ASSIGN_OR_RETURN(std::string where, std::move(scope));
  if (!uscc.empty()) {
    where += " AND uscc = ?";
    params.emplace_back(std::string(uscc));
  }
  ZQ_ASSIGN_OR_RETURN(auto tx, db.Begin(store::TxMode::kReadOnly));
  return columns.QueryAll(
      *tx,
      std::string(table) + " WHERE " + where + " ORDER BY id LIMIT " + std::to_string(kMaxPageSize),
      params);
}

// Removes row `id` of `table` when it lies in the caller's jurisdiction, with an audit entry.
Status RemoveIn(store::Database& db, const auth::AuditLog& audit, std::string_view table,
                std::string_view action, const auth::Caller& caller, std::int64_t id) {
  if (!caller.CanWrite())
    return Status::PermissionDenied("trace master data is changed by regulators");
  return store::InTransaction(db, [&](store::Transaction& tx) -> Status {
    std::vector<Value> params;
    ZQ_ASSIGN_OR_RETURN(const std::string scope, ScopeClause(caller, params));
    params.insert(params.begin(), Value(id));
    ZQ_ASSIGN_OR_RETURN(
        const std::int64_t removed,
        tx.Execute("DELETE FROM " + std::string(table) + " WHERE id = ? AND " + scope, params));
    if (removed == 0)
      return Status::NotFound("no such record in your jurisdiction", "id");
    return audit.Append(tx, caller, action, std::string(table) + ":" + std::to_string(id));
  });
}

Party PartyOf(std::string uscc, std::string name, std::string region_code) {
  return Party{
      .uscc = std::move(uscc), .name = std::move(name), .region_code = std::move(region_code)};
}

// The registered company prefix that starts `digits` (registered prefixes never start one
// another, so there is at most one).
Result<std::optional<CompanyPrefix>> PrefixStarting(store::Database& db, std::string_view digits) {
  std::vector<Value> p;
  std::string marks;
  for (std::size_t n = 6; n <= std::min<std::size_t>(12, digits.size()); ++n) {
    marks += marks.empty() ? "?" : ", ?";
    p.emplace_back(std::string(digits.substr(0, n)));
  }
  if (p.empty())
    return std::optional<CompanyPrefix>();
  ZQ_ASSIGN_OR_RETURN(auto tx, db.Begin(store::TxMode::kReadOnly));
  return PrefixColumns().QueryOne(*tx, "trace_company_prefixes WHERE prefix IN (" + marks + ")", p);
}

}  // namespace

Result<std::string> ReadScope(const auth::Caller& caller, std::vector<Value>& params) {
  if (caller.IsAdministrator())
    return std::string();
  if (caller.ActsForEntity()) {
    params.emplace_back(caller.uscc);
    return std::string("uscc = ?");
  }
  if (caller.IsDepartmentClient() && !caller.HasPermission("trace.query"))
    return Status::PermissionDenied("trace records are read with the permission trace.query");
  if (caller.ReadsWithinRegion()) {
    params.emplace_back(std::string(ids::SubtreePrefix(caller.region_code)) + "%");
    return std::string("region_code LIKE ?");
  }
  if (caller.IsDepartmentClient())
    return std::string();
  return Status::PermissionDenied("trace records are read by officials within their jurisdiction");
}

bool MayReadParty(const auth::Caller& caller, const std::optional<Party>& party) {
  if (caller.IsAdministrator())
    return true;
  if (!party)
    return false;
  if (caller.ActsForEntity())
    return caller.ActsForEntity(party->uscc);
  return caller.CanReadRegion(party->region_code);
}

Result<std::string> CanonicalLocation(std::string_view text) {
  std::string canonical;
  if (DigitsOnly(text)) {
    if (text.size() != 13)
      return Status::InvalidArgument("a GLN has 13 digits", "location");
    canonical = std::string(kGs1) + "414/" + std::string(text);
  } else {
    const std::optional<std::string> dl = CanonicalDigitalLink(text);
    if (!dl || !dl->starts_with(std::string(kGs1) + "414/"))
      return Status::InvalidArgument(
          "a location is a GLN, an SGLN (urn:epc:id:sgln:…) or a GS1 Digital Link …/414/<GLN>",
          "location");
    canonical = *dl;
  }
  const std::string_view gln = std::string_view(canonical).substr(kGs1.size() + 4, 13);
  ZQ_ASSIGN_OR_RETURN(const char check, ids::Gs1CheckDigit(gln.substr(0, 12)));
  if (gln.size() != 13 || gln[12] != check)
    return Status::InvalidArgument(
        std::string("GLN check digit: expected ") + check + ", got " + std::string(gln.substr(12)),
        "location");
  return canonical;
}

std::string KeyDigitsAfterIndicator(std::string_view identifier) {
  if (!identifier.starts_with(kGs1))
    return "";
  identifier.remove_prefix(kGs1.size());
  const std::size_t slash = identifier.find('/');
  if (slash == std::string_view::npos)
    return "";
  const std::string_view ai = identifier.substr(0, slash);
  std::string_view value = identifier.substr(slash + 1);
  value = value.substr(0, value.find('/'));
  std::size_t digits = 0;
  while (digits < value.size() && value[digits] >= '0' && value[digits] <= '9') ++digits;
  value = value.substr(0, digits);
  // Keys that begin with an indicator, extension or filler digit before the company prefix.
  const bool skip_first = ai == "01" || ai == "00" || ai == "8003" || ai == "8006";
  if (skip_first)
    value.remove_prefix(std::min<std::size_t>(1, value.size()));
  return std::string(value);
}

nlohmann::json LocationJson(const TraceLocation& l) {
  return {{"id", l.id},
          {"location", l.location},
          {"gln", l.gln},
          {"extension", l.extension},
          {"name", l.name},
          {"uscc", l.uscc},
          {"entity_name", l.entity_name},
          {"region_code", l.region_code},
          {"created_by", l.created_by},
          {"created_at", l.created_at}};
}

nlohmann::json CompanyPrefixJson(const CompanyPrefix& p) {
  return {{"id", p.id},
          {"prefix", p.prefix},
          {"uscc", p.uscc},
          {"entity_name", p.entity_name},
          {"region_code", p.region_code},
          {"created_by", p.created_by},
          {"created_at", p.created_at}};
}

Result<registry::ListedEntity> MasterData::LinkableEntity(store::Transaction& tx,
                                                          const auth::Caller& caller,
                                                          std::string_view uscc) const {
  if (!caller.CanWrite())
    return Status::PermissionDenied("trace master data is changed by regulators");
  ZQ_ASSIGN_OR_RETURN(const ids::Uscc parsed, ids::ParseUscc(uscc));
  Result<registry::ListedEntity> entity = registry_.ListedEntityIn(tx, parsed.code);
  if (!entity.ok() || !caller.CanWriteIn(entity->region_code))
    return Status::NotFound("no registered market entity with this USCC in your jurisdiction",
                            "uscc");
  return entity;
}

Result<TraceLocation> MasterData::AddLocation(const auth::Caller& caller, std::string_view location,
                                              std::string_view uscc, std::string_view name) {
  TraceLocation l;
  ZQ_ASSIGN_OR_RETURN(l.location, CanonicalLocation(location));
  const std::string_view rest = std::string_view(l.location).substr(kGs1.size() + 4);
  l.gln = std::string(rest.substr(0, 13));
  if (rest.size() > 18)  // "<gln>/254/<extension>"
    l.extension = std::string(rest.substr(18));
  l.name = std::string(name);
  l.uscc = std::string(uscc);
  l.created_by = caller.actor;
  l.created_at = NowTimestamp(clock_);
  ZQ_RETURN_IF_ERROR(store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    ZQ_ASSIGN_OR_RETURN(const registry::ListedEntity entity, LinkableEntity(tx, caller, uscc));
    l.entity_name = entity.name;
    l.region_code = entity.region_code;
    const Value p[] = {l.location,    l.gln,         l.extension,  l.name,      l.uscc,
                       l.entity_name, l.region_code, l.created_by, l.created_at};
    ZQ_RETURN_IF_ERROR(store::ExecuteUnique(
        tx,
        "INSERT INTO trace_locations (location, gln, extension, name, uscc, entity_name, "
        "region_code, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        p, Status::AlreadyExists("this location is registered already", "location")));
    const Value key[] = {l.location};
    ZQ_ASSIGN_OR_RETURN(l, LocationColumns().QueryOneOr(tx, "trace_locations WHERE location = ?",
                                                        key, Status::Internal("lost location")));
    return audit_.Append(tx, caller, "trace.location.add", "trace_location:" + l.location);
  }));
  return l;
}

Result<CompanyPrefix> MasterData::AddCompanyPrefix(const auth::Caller& caller,
                                                   std::string_view prefix, std::string_view uscc) {
  if (!DigitsOnly(prefix) || prefix.size() < 6 || prefix.size() > 12)
    return Status::InvalidArgument("a GS1 company prefix has 6 to 12 digits", "prefix");
  CompanyPrefix c;
  c.prefix = std::string(prefix);
  c.uscc = std::string(uscc);
  c.created_by = caller.actor;
  c.created_at = NowTimestamp(clock_);
  ZQ_RETURN_IF_ERROR(store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    ZQ_ASSIGN_OR_RETURN(const registry::ListedEntity entity, LinkableEntity(tx, caller, uscc));
    c.entity_name = entity.name;
    c.region_code = entity.region_code;
    // GS1 company prefixes never start one another: a registered one that does is a mistake.
    std::vector<Value> overlap = {c.prefix + "%"};
    std::string shorter;
    for (std::size_t n = 6; n < c.prefix.size(); ++n) {
      shorter += shorter.empty() ? "?" : ", ?";
      overlap.emplace_back(c.prefix.substr(0, n));
    }
    ZQ_ASSIGN_OR_RETURN(
        store::ResultSet found,
        tx.Query("SELECT prefix FROM trace_company_prefixes WHERE prefix LIKE ?" +
                     (shorter.empty() ? std::string() : " OR prefix IN (" + shorter + ")"),
                 overlap));
    if (!found.rows.empty())
      return Status::AlreadyExists(
          "the company prefix " + found.rows[0].GetText(0) + " is registered already", "prefix");
    const Value p[] = {c.prefix, c.uscc, c.entity_name, c.region_code, c.created_by, c.created_at};
    ZQ_RETURN_IF_ERROR(store::ExecuteUnique(
        tx,
        "INSERT INTO trace_company_prefixes (prefix, uscc, entity_name, region_code, created_by, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?)",
        p, Status::AlreadyExists("this company prefix is registered already", "prefix")));
    const Value key[] = {c.prefix};
    ZQ_ASSIGN_OR_RETURN(c, PrefixColumns().QueryOneOr(tx, "trace_company_prefixes WHERE prefix = ?",
                                                      key, Status::Internal("lost prefix")));
    return audit_.Append(tx, caller, "trace.company_prefix.add", "trace_prefix:" + c.prefix);
  }));
  return c;
}

Result<std::vector<TraceLocation>> MasterData::Locations(const auth::Caller& caller,
                                                         std::string_view uscc) {
  return ListIn(db_, LocationColumns(), "trace_locations", caller, uscc);
}

Result<std::vector<CompanyPrefix>> MasterData::CompanyPrefixes(const auth::Caller& caller,
                                                               std::string_view uscc) {
  return ListIn(db_, PrefixColumns(), "trace_company_prefixes", caller, uscc);
}

Status MasterData::RemoveLocation(const auth::Caller& caller, std::int64_t id) {
  return RemoveIn(db_, audit_, "trace_locations", "trace.location.remove", caller, id);
}

Status MasterData::RemoveCompanyPrefix(const auth::Caller& caller, std::int64_t id) {
  return RemoveIn(db_, audit_, "trace_company_prefixes", "trace.company_prefix.remove", caller, id);
}

Result<std::optional<Party>> MasterData::AtLocation(std::string_view location) const {
  // The location itself, or the GLN whose extension it is.
  std::string gln_only(location);
  if (const std::size_t ext = gln_only.find("/254/"); ext != std::string::npos)
    gln_only.resize(ext);
  const Value p[] = {std::string(location), gln_only};
  ZQ_ASSIGN_OR_RETURN(auto tx, db_.Begin(store::TxMode::kReadOnly));
  ZQ_ASSIGN_OR_RETURN(
      store::ResultSet rs,
      tx->Query("SELECT uscc, entity_name, region_code FROM trace_locations WHERE location IN "
                "(?, ?) ORDER BY LENGTH(location) DESC",
                p));
  if (rs.rows.empty())
    return std::optional<Party>();
  const store::Row& r = rs.rows[0];
  return std::optional<Party>(PartyOf(r.GetText(0), r.GetText(1), r.GetText(2)));
}

Result<std::optional<Party>> MasterData::OwnerOf(std::string_view identifier) const {
  ZQ_ASSIGN_OR_RETURN(const std::optional<CompanyPrefix> p,
                      PrefixStarting(db_, KeyDigitsAfterIndicator(identifier)));
  if (!p)
    return std::optional<Party>();
  return std::optional<Party>(PartyOf(p->uscc, p->entity_name, p->region_code));
}

Result<std::optional<int>> MasterData::RegisteredPrefixLength(std::string_view digits) const {
  ZQ_ASSIGN_OR_RETURN(const std::optional<CompanyPrefix> p, PrefixStarting(db_, digits));
  if (!p)
    return std::optional<int>();
  return std::optional<int>(static_cast<int>(p->prefix.size()));
}

Result<std::optional<std::string>> MasterData::EpcUri(std::string_view identifier) const {
  ZQ_ASSIGN_OR_RETURN(const std::optional<int> registered,
                      RegisteredPrefixLength(KeyDigitsAfterIndicator(identifier)));
  return registered ? EpcUriOf(identifier, *registered) : EpcUriOf(identifier);
}

}  // namespace zq::trace
