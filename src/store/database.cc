#include "store/database.h"

#include <charconv>
#include <cstdlib>

#include <fmt/format.h>

#include "store/internal/backends.h"

namespace zq::store {

std::string_view BackendName(Backend backend) {
  return backend == Backend::kSqlite ? "sqlite" : "postgres";
}

std::int64_t Row::GetInt(std::size_t i) const {
  const Value& v = values_.at(i);
  if (const auto* n = std::get_if<std::int64_t>(&v))
    return *n;
  if (const auto* d = std::get_if<double>(&v))
    return static_cast<std::int64_t>(*d);
  if (const auto* s = std::get_if<std::string>(&v)) {
    std::int64_t out = 0;
    std::from_chars(s->data(), s->data() + s->size(), out);
    return out;
  }
  return 0;
}

double Row::GetDouble(std::size_t i) const {
  const Value& v = values_.at(i);
  if (const auto* d = std::get_if<double>(&v))
    return *d;
  if (const auto* n = std::get_if<std::int64_t>(&v))
    return static_cast<double>(*n);
  if (const auto* s = std::get_if<std::string>(&v))
    return std::strtod(s->c_str(), nullptr);
  return 0.0;
}

std::string Row::GetText(std::size_t i) const {
  const Value& v = values_.at(i);
  if (const auto* s = std::get_if<std::string>(&v))
    return *s;
  if (const auto* n = std::get_if<std::int64_t>(&v))
    return std::to_string(*n);
  if (const auto* d = std::get_if<double>(&v)) {
    char buf[32];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, *d);
    return std::string(buf, end);
  }
  return {};
}

Result<std::unique_ptr<Database>> Database::Open(std::string_view url_or_path) {
  if (url_or_path.starts_with("postgresql://") || url_or_path.starts_with("postgres://")) {
    return internal::OpenPostgres(url_or_path);
  }
  if (url_or_path.empty())
    return Status::InvalidArgument("no database given", "db");
  return internal::OpenSqlite(url_or_path);
}

Status InTransaction(Database& db, const std::function<Status(Transaction&)>& work) {
  ZQ_ASSIGN_OR_RETURN(std::unique_ptr<Transaction> tx, db.Begin());
  Status s = work(*tx);
  if (!s.ok()) {
    (void)tx->Rollback();
    return s;
  }
  return tx->Commit();
}

SqlCondition CommaListHolds(std::string_view column, std::string_view item) {
  if (item.find(',') != std::string_view::npos) {
    return {"CAST(? AS TEXT) IS NULL",
            std::string(item)};  // no whole item holds a comma: never true
  }
  std::string pattern = "%,";
  for (char c : item) {
    if (c == '%' || c == '_' || c == '\\') {
      pattern += '\\';
    }
    pattern += c;
  }
  pattern += ",%";
  return {fmt::format("(',' || {} || ',') LIKE ? ESCAPE '\\'", column), std::move(pattern)};
}

}  // namespace zq::store
