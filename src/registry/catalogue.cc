// Registry: products, the key supervised product catalogue and the inspector pool (registry.h).
#include <optional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "auth/account_lookup.h"
#include "core/ids/gtin.h"
#include "core/ids/region_code.h"
#include "core/ids/uscc.h"
#include "registry/internal/entity_sql.h"
#include "registry/registry.h"
#include "store/database.h"
#include "store/row_mapping.h"

namespace zq::registry {
namespace {

using store::Value;

const store::Columns<Product>& ProductColumns() {
  using P = Product;
  static const store::Columns<P> kColumns("product_code", &P::product_code, "name", &P::name,
                                          "brand", &P::brand, "category_code", &P::category_code,
                                          "manufacturer_uscc", &P::manufacturer_uscc);
  return kColumns;
}

Status ValidateProduct(const Product& p) {
  if (p.product_code.starts_with("ZQ-")) {
    if (p.product_code.size() < 4 || p.product_code.size() > 40) {
      return Status::InvalidArgument("an internal product code is ZQ- and 1 to 37 characters",
                                     "product_code");
    }
  } else {
    ZQ_ASSIGN_OR_RETURN(ids::Gtin gtin, ids::ParseGtin(p.product_code));
    if (gtin.AsGtin14() != p.product_code) {
      return Status::InvalidArgument("store products by their GTIN-14", "product_code");
    }
  }
  if (p.name.empty() || p.name.size() > 600) {
    return Status::InvalidArgument("a product needs a name of at most 200 characters", "name");
  }
  if (!p.manufacturer_uscc.empty()) {
    Result<ids::Uscc> u = ids::ParseUscc(p.manufacturer_uscc);
    if (!u.ok())
      return Status::InvalidArgument(u.status().message(), "manufacturer_uscc");
  }
  return Status::Ok();
}

std::vector<Value> ProductValues(const Product& p) {
  return {p.product_code,
          p.name,
          p.brand,
          p.category_code,
          p.manufacturer_uscc,
          p.manufacturer_uscc.size() == 18 ? p.manufacturer_uscc.substr(2, 2) : std::string()};
}

// Qualifications are stored comma-joined.
std::vector<std::string> SplitQualifications(const std::string& joined) {
  std::vector<std::string> out;
  for (std::size_t pos = 0; pos < joined.size();) {
    const std::size_t comma = joined.find(',', pos);
    const std::size_t end = comma == std::string::npos ? joined.size() : comma;
    if (end > pos)
      out.push_back(joined.substr(pos, end - pos));
    pos = end + 1;
  }
  return out;
}

// The inspector columns; a query that must not read a column selects '' in its place.
const store::Columns<Inspector>& InspectorColumns() {
  using I = Inspector;
  static const store::Columns<I> kColumns("inspector_id", &I::inspector_id, "name", &I::name,
                                          "unit", &I::unit, "region_code", &I::region_code,
                                          "qualifications", &I::qualifications, SplitQualifications,
                                          "active", &I::active, "username", &I::username);
  return kColumns;
}

const store::Columns<CatalogueEntry>& CatalogueColumns() {
  using C = CatalogueEntry;
  static const store::Columns<C> kColumns("code", &C::code, "name", &C::name, "parent_code",
                                          &C::parent_code, "risk_grade", &C::risk_grade,
                                          ParseRiskGrade, "legal_basis", &C::legal_basis,
                                          "industry_code", &C::industry_code);
  return kColumns;
}

std::string JoinQualifications(const std::vector<std::string>& q) {
  std::string out;
  for (const std::string& s : q) out += (out.empty() ? "" : ",") + s;
  return out;
}

Status ValidateInspector(const Inspector& i) {
  if (i.inspector_id.empty() || i.inspector_id.size() > 40) {
    return Status::InvalidArgument("an inspector needs an ID of 1 to 40 characters",
                                   "inspector_id");
  }
  if (i.name.empty())
    return Status::InvalidArgument("an inspector needs a name", "name");
  if (i.unit.empty())
    return Status::InvalidArgument("an inspector needs a unit", "unit");
  ZQ_RETURN_IF_ERROR(ids::ParseRegionCode(i.region_code).status());
  for (const std::string& q : i.qualifications) {
    if (q.empty() || q.find(',') != std::string::npos) {
      return Status::InvalidArgument("a qualification is a name without commas", "qualifications");
    }
  }
  if (i.username.size() > 64)
    return Status::InvalidArgument("a user name has at most 64 characters", "username");
  return Status::Ok();
}

// The account `i.username` may be linked to inspector `i` by `caller`: it is an enabled
// regulator's or analyst's account within the caller's jurisdiction, whose own jurisdiction holds
// the inspector's region (so that its 我的任务 finds the inspector), and one console account is
// one inspector (kAlreadyExists when it is linked to another). Any other name answers the same
// kInvalidArgument, so that linking does not tell which accounts exist elsewhere.
Status CheckAccountFree(store::Transaction& tx, const auth::Caller& caller, const Inspector& i) {
  if (i.username.empty())
    return Status::Ok();
  ZQ_ASSIGN_OR_RETURN(std::optional<auth::Caller> holder, auth::FindEnabledAccount(tx, i.username));
  const bool fits = holder.has_value() && holder->HasJurisdiction() &&
                    caller.CanSeeRegion(holder->region_code) && holder->CanSeeRegion(i.region_code);
  if (!fits) {
    return Status::InvalidArgument(
        "no regulator or analyst account of that name whose jurisdiction holds the inspector",
        "username");
  }
  const std::vector<Value> key = {i.username, i.inspector_id};
  ZQ_ASSIGN_OR_RETURN(
      store::ResultSet rs,
      tx.Query("SELECT inspector_id FROM inspectors WHERE username = ? AND inspector_id <> ?",
               key));
  if (!rs.rows.empty()) {
    return Status::AlreadyExists("this account is already linked to another inspector", "username");
  }
  return Status::Ok();
}

}  // namespace

Result<bool> Registry::UpsertProduct(const auth::Caller& caller, const Product& p) {
  if (!caller.CanWrite())
    return Status::PermissionDenied("this role may not change the registry");
  ZQ_RETURN_IF_ERROR(ValidateProduct(p));
  bool changed = false;
  ZQ_RETURN_IF_ERROR(store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    const std::vector<Value> key = {p.product_code};
    ZQ_ASSIGN_OR_RETURN(const std::optional<Product> old,
                        ProductColumns().QueryOne(tx, "products WHERE product_code = ?", key));
    if (old) {
      const Product& o = *old;
      if (o.name == p.name && o.brand == p.brand && o.category_code == p.category_code &&
          o.manufacturer_uscc == p.manufacturer_uscc) {
        return Status::Ok();
      }
    }
    changed = true;
    ZQ_RETURN_IF_ERROR(tx.Execute("INSERT INTO products (product_code, name, brand, category_code, "
                                  "manufacturer_uscc, province_code) VALUES (?, ?, ?, ?, ?, ?) "
                                  "ON CONFLICT (product_code) DO UPDATE SET name = excluded.name, "
                                  "brand = excluded.brand, category_code = excluded.category_code, "
                                  "manufacturer_uscc = excluded.manufacturer_uscc, "
                                  "province_code = excluded.province_code",
                                  ProductValues(p))
                           .status());
    return audit_.Append(tx, caller, "product.upsert", "product:" + p.product_code);
  }));
  return changed;
}

Status Registry::AppendProducts(const auth::Caller& caller, std::span<const Product> products) {
  if (!caller.CanWrite())
    return Status::PermissionDenied("this role may not change the registry");
  std::vector<std::vector<Value>> rows;
  for (const Product& p : products) {
    ZQ_RETURN_IF_ERROR(ValidateProduct(p));
    rows.push_back(ProductValues(p));
  }
  const std::vector<std::string> cols = {
      "product_code", "name", "brand", "category_code", "manufacturer_uscc", "province_code"};
  return store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    ZQ_RETURN_IF_ERROR(tx.BulkInsert("products", cols, rows));
    return audit_.Append(tx, caller, "product.append", "products",
                         fmt::format(R"({{"count":{}}})", rows.size()));
  });
}

Result<Product> Registry::GetProduct(const auth::Caller&, std::string_view product_code) {
  ZQ_ASSIGN_OR_RETURN(auto tx, db_.Begin(store::TxMode::kReadOnly));
  std::string key(product_code);
  if (Result<ids::Gtin> g = ids::ParseGtin(product_code); g.ok())
    key = g->AsGtin14();
  const std::vector<Value> p = {key};
  return ProductColumns().QueryOneOr(*tx, "products WHERE product_code = ?", p,
                                     Status::NotFound("no such product", "product_code"));
}

Result<PageOf<Product>> Registry::SearchProducts(const auth::Caller&,
                                                 std::string_view name_contains,
                                                 std::string_view manufacturer_uscc, Page page) {
  ZQ_RETURN_IF_ERROR(CheckPage(page));
  ZQ_ASSIGN_OR_RETURN(auto tx, db_.Begin(store::TxMode::kReadOnly));
  std::string where = "1 = 1";
  std::vector<Value> params;
  if (!name_contains.empty()) {
    where += tx->backend() == store::Backend::kSqlite ? " AND instr(name, ?) > 0"
                                                      : " AND strpos(name, ?) > 0";
    params.emplace_back(std::string(name_contains));
  }
  if (!manufacturer_uscc.empty()) {
    where += " AND manufacturer_uscc = ?";
    params.emplace_back(std::string(manufacturer_uscc));
  }
  PageOf<Product> out;
  out.page = page.page;
  out.page_size = page.page_size;
  ZQ_ASSIGN_OR_RETURN(store::ResultSet count,
                      tx->Query("SELECT COUNT(*) FROM products WHERE " + where, params));
  out.total = count.rows[0].GetInt(0);
  params.emplace_back(std::int64_t{page.page_size});
  params.emplace_back(std::int64_t{page.page - 1} * page.page_size);
  ZQ_ASSIGN_OR_RETURN(store::ResultSet rs,
                      tx->Query(fmt::format("SELECT {} FROM products WHERE {} ORDER BY "
                                            "product_code LIMIT ? OFFSET ?",
                                            ProductColumns().List(), where),
                                params));
  for (const store::Row& r : rs.rows) out.items.push_back(ProductColumns().FromRow(r));
  return out;
}

Result<bool> Registry::UpsertCatalogueEntry(const auth::Caller& caller, const CatalogueEntry& c) {
  if (!caller.IsAdministrator()) {
    return Status::PermissionDenied("only an administrator may change the catalogue");
  }
  if (c.code.empty() || c.code.size() > 20) {
    return Status::InvalidArgument("a catalogue code has 1 to 20 characters", "code");
  }
  if (c.name.empty())
    return Status::InvalidArgument("a catalogue entry needs a name", "name");
  ZQ_RETURN_IF_ERROR(store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    const std::vector<Value> v = {c.code,        c.name,
                                  c.parent_code, std::string(RiskGradeName(c.risk_grade)),
                                  c.legal_basis, c.industry_code};
    ZQ_RETURN_IF_ERROR(
        tx.Execute("INSERT INTO catalogue (code, name, parent_code, risk_grade, legal_basis, "
                   "industry_code) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO UPDATE SET "
                   "name = excluded.name, parent_code = excluded.parent_code, "
                   "risk_grade = excluded.risk_grade, legal_basis = excluded.legal_basis, "
                   "industry_code = excluded.industry_code",
                   v)
            .status());
    return audit_.Append(tx, caller, "catalogue.upsert", "catalogue:" + c.code);
  }));
  return true;
}

Result<std::vector<CatalogueEntry>> Registry::ListCatalogue() {
  ZQ_ASSIGN_OR_RETURN(auto tx, db_.Begin(store::TxMode::kReadOnly));
  ZQ_ASSIGN_OR_RETURN(
      store::ResultSet rs,
      tx->Query(fmt::format("SELECT {} FROM catalogue ORDER BY code", CatalogueColumns().List())));
  return CatalogueColumns().FromRows(rs.rows);
}

Result<CatalogueEntry> Registry::GetCatalogueEntry(std::string_view code) {
  ZQ_ASSIGN_OR_RETURN(std::vector<CatalogueEntry> all, ListCatalogue());
  for (CatalogueEntry& c : all) {
    if (c.code == code)
      return std::move(c);
  }
  return Status::NotFound("no such catalogue entry", "code");
}

Result<bool> Registry::UpsertInspector(const auth::Caller& caller, const Inspector& i) {
  ZQ_RETURN_IF_ERROR(ValidateInspector(i));
  ZQ_RETURN_IF_ERROR(CheckWriter(caller, i.region_code));
  ZQ_RETURN_IF_ERROR(store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    // An inspector of another jurisdiction may not be taken over by re-declaring its unit.
    const std::vector<Value> id = {i.inspector_id};
    ZQ_ASSIGN_OR_RETURN(store::ResultSet existing,
                        tx.Query("SELECT region_code FROM inspectors WHERE inspector_id = ?", id));
    if (!existing.rows.empty() && !caller.CanSeeRegion(existing.rows[0].GetText(0))) {
      return Status::PermissionDenied("the inspector belongs to another jurisdiction",
                                      "inspector_id");
    }
    ZQ_RETURN_IF_ERROR(CheckAccountFree(tx, caller, i));
    SealedField name = SealWithIndex(i.name);
    const std::vector<Value> v = {i.inspector_id,
                                  std::move(name.sealed),
                                  std::move(name.index),
                                  i.unit,
                                  i.region_code,
                                  JoinQualifications(i.qualifications),
                                  std::int64_t{i.active ? 1 : 0},
                                  i.username};
    ZQ_RETURN_IF_ERROR(
        tx.Execute("INSERT INTO inspectors (inspector_id, name, name_index, unit, region_code, "
                   "qualifications, active, username) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT "
                   "(inspector_id) DO UPDATE SET name = excluded.name, "
                   "name_index = excluded.name_index, unit = excluded.unit, "
                   "region_code = excluded.region_code, "
                   "qualifications = excluded.qualifications, active = excluded.active, "
                   "username = excluded.username",
                   v)
            .status());
    return audit_.Append(tx, caller, "inspector.upsert", "inspector:" + i.inspector_id);
  }));
  return true;
}

Status Registry::AppendInspectors(const auth::Caller& caller,
                                  std::span<const Inspector> inspectors) {
  std::vector<std::vector<Value>> rows;
  for (const Inspector& i : inspectors) {
    ZQ_RETURN_IF_ERROR(ValidateInspector(i));
    ZQ_RETURN_IF_ERROR(CheckWriter(caller, i.region_code));
    SealedField name = SealWithIndex(i.name);
    rows.push_back({i.inspector_id, std::move(name.sealed), std::move(name.index), i.unit,
                    i.region_code, JoinQualifications(i.qualifications),
                    std::int64_t{i.active ? 1 : 0}, i.username});
  }
  const std::vector<std::string> cols = {"inspector_id", "name",        "name_index",
                                         "unit",         "region_code", "qualifications",
                                         "active",       "username"};
  return store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    ZQ_RETURN_IF_ERROR(tx.BulkInsert("inspectors", cols, rows));
    return audit_.Append(tx, caller, "inspector.append", "inspectors",
                         fmt::format(R"({{"count":{}}})", rows.size()));
  });
}

Result<PageOf<Inspector>> Registry::ListInspectors(const auth::Caller& caller,
                                                   const std::optional<ids::RegionCode>& region,
                                                   std::string_view qualification, Page page) {
  ZQ_RETURN_IF_ERROR(CheckPage(page));
  if (!caller.IsOfficial()) {
    return Status::PermissionDenied("the inspector pool is for regulators");
  }
  ZQ_ASSIGN_OR_RETURN(auto tx, db_.Begin(store::TxMode::kReadOnly));
  EntityFilter scope_only;
  scope_only.region_code = std::string(ids::CodeOrEmpty(region));
  ZQ_ASSIGN_OR_RETURN(internal::Where w, internal::BuildEntityWhere(*tx, caller, scope_only));
  PageOf<Inspector> out;
  out.page = page.page;
  out.page_size = page.page_size;
  if (w.empty_result)
    return out;
  if (!qualification.empty()) {
    // Qualifications are stored comma-joined; match a whole item.
    store::SqlCondition holds = store::CommaListHolds("qualifications", qualification);
    w.sql += " AND " + holds.sql;
    w.params.emplace_back(std::move(holds.param));
  }
  ZQ_ASSIGN_OR_RETURN(store::ResultSet count,
                      tx->Query("SELECT COUNT(*) FROM inspectors WHERE " + w.sql, w.params));
  out.total = count.rows[0].GetInt(0);
  w.params.emplace_back(std::int64_t{page.page_size});
  w.params.emplace_back(std::int64_t{page.page - 1} * page.page_size);
  ZQ_ASSIGN_OR_RETURN(store::ResultSet rs,
                      tx->Query(fmt::format("SELECT {} FROM inspectors WHERE {} ORDER BY "
                                            "inspector_id LIMIT ? OFFSET ?",
                                            InspectorColumns().List(), w.sql),
                                w.params));
  for (const store::Row& r : rs.rows) {
    Inspector i = InspectorColumns().FromRow(r);
    i.name = MaskedPersonalField(i.name);
    out.items.push_back(std::move(i));
  }
  return out;
}

Result<std::vector<Inspector>> Registry::InspectorPool(const auth::Caller& caller,
                                                       std::string_view region_code) {
  if (!caller.IsOfficial()) {
    return Status::PermissionDenied("the inspector pool is for regulators");
  }
  ZQ_ASSIGN_OR_RETURN(auto tx, db_.Begin(store::TxMode::kReadOnly));
  EntityFilter scope;
  scope.region_code = std::string(region_code);
  ZQ_ASSIGN_OR_RETURN(internal::Where w, internal::BuildEntityWhere(*tx, caller, scope));
  std::vector<Inspector> out;
  if (w.empty_result)
    return out;
  // Names stay sealed in the table: the draw needs none.
  ZQ_RETURN_IF_ERROR(tx->QueryEach(
      "SELECT inspector_id, '', unit, region_code, qualifications, active, '' FROM inspectors "
      "WHERE " +
          w.sql + " AND active = 1 ORDER BY inspector_id",
      w.params, [&](const store::Row& row) {
        out.push_back(InspectorColumns().FromRow(row));
        return true;
      }));
  return out;
}

Result<Inspector> Registry::InspectorOfCaller(const auth::Caller& caller) {
  const Status none =
      Status::NotFound("your account is not linked to an inspector of the pool", "inspector");
  if (caller.actor.empty() || !caller.HasJurisdiction())
    return none;
  ZQ_ASSIGN_OR_RETURN(auto tx, db_.Begin(store::TxMode::kReadOnly));
  const std::vector<Value> key = {caller.actor};
  ZQ_ASSIGN_OR_RETURN(store::ResultSet rs,
                      tx->Query("SELECT inspector_id, '', unit, region_code, qualifications, "
                                "active, username FROM inspectors WHERE username = ?",
                                key));
  if (rs.rows.empty())
    return none;
  Inspector i = InspectorColumns().FromRow(rs.rows[0]);
  if (!caller.CanSeeRegion(i.region_code))
    return none;
  return i;
}

Status Registry::LinkInspectorAccount(const auth::Caller& caller, std::string_view inspector_id,
                                      std::string_view username) {
  if (!caller.CanWrite())
    return Status::PermissionDenied("this role may not change the registry");
  if (username.size() > 64)
    return Status::InvalidArgument("a user name has at most 64 characters", "username");
  return store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    const std::vector<Value> id = {std::string(inspector_id)};
    ZQ_ASSIGN_OR_RETURN(store::ResultSet rs,
                        tx.Query("SELECT region_code FROM inspectors WHERE inspector_id = ?", id));
    if (rs.rows.empty() || !caller.CanSeeRegion(rs.rows[0].GetText(0)))
      return Status::NotFound("no such inspector in your jurisdiction", "inspector_id");
    Inspector i;
    i.inspector_id = std::string(inspector_id);
    i.region_code = rs.rows[0].GetText(0);
    i.username = std::string(username);
    ZQ_RETURN_IF_ERROR(CheckAccountFree(tx, caller, i));
    const std::vector<Value> v = {i.username, i.inspector_id};
    ZQ_RETURN_IF_ERROR(
        tx.Execute("UPDATE inspectors SET username = ? WHERE inspector_id = ?", v).status());
    return audit_.Append(tx, caller, "inspector.link_account", "inspector:" + i.inspector_id,
                         nlohmann::json{{"username", i.username}}.dump());
  });
}

}  // namespace zq::registry
