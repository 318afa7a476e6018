#include "store/postgres/pg_values.h"

#include <charconv>
#include <cstring>

namespace zq::store::internal {
namespace {

std::string DoubleText(double d) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
  return std::string(buf, end);
}

}  // namespace

Status PgError(PGconn* conn, const PGresult* res, std::string_view what) {
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  const std::string sqlstate = state ? state : "";
  std::string message =
      std::string(what) + ": " +
      (res && PQresultErrorMessage(res)[0] ? PQresultErrorMessage(res) : PQerrorMessage(conn));
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  if (sqlstate == "23505")
    return Status::AlreadyExists(std::move(message));
  if (sqlstate.starts_with("23") || sqlstate.starts_with("22")) {
    return Status::InvalidArgument(std::move(message));
  }
  if (sqlstate.starts_with("08") || sqlstate == "40001" || sqlstate == "40P01" ||
      sqlstate == "57P01" || PQstatus(conn) != CONNECTION_OK) {
    return Status::Unavailable(std::move(message));
  }
  return Status::Internal(std::move(message));
}

TextParams::TextParams(std::span<const Value> params) {
  texts.reserve(params.size());
  for (const Value& v : params) {
    if (std::holds_alternative<std::monostate>(v)) {
      texts.emplace_back();
      nulls.push_back(true);
    } else if (const auto* n = std::get_if<std::int64_t>(&v)) {
      texts.push_back(std::to_string(*n));
      nulls.push_back(false);
    } else if (const auto* d = std::get_if<double>(&v)) {
      texts.push_back(DoubleText(*d));
      nulls.push_back(false);
    } else {
      texts.push_back(std::get<std::string>(v));
      nulls.push_back(false);
    }
  }
  for (std::size_t i = 0; i < texts.size(); ++i) {
    pointers.push_back(nulls[i] ? nullptr : texts[i].c_str());
  }
}

Value CellValue(const PGresult* res, int row, int col) {
  if (PQgetisnull(res, row, col))
    return std::monostate{};
  const char* text = PQgetvalue(res, row, col);
  const int len = PQgetlength(res, row, col);
  switch (PQftype(res, col)) {
    case 16:  // bool
      return std::int64_t{text[0] == 't' ? 1 : 0};
    case 20:    // int8
    case 21:    // int2
    case 23:    // int4
    case 26: {  // oid
      std::int64_t n = 0;
      std::from_chars(text, text + len, n);
      return n;
    }
    case 700:   // float4
    case 701:   // float8
    case 1700:  // numeric
      return std::strtod(text, nullptr);
    default:
      return std::string(text, static_cast<std::size_t>(len));
  }
}

Row ReadRow(const PGresult* res, int row) {
  std::vector<Value> values;
  const int n = PQnfields(res);
  values.reserve(static_cast<std::size_t>(n));
  for (int c = 0; c < n; ++c) values.push_back(CellValue(res, row, c));
  return Row(std::move(values));
}

void AppendCopyField(std::string& out, const Value& v) {
  if (std::holds_alternative<std::monostate>(v)) {
    out += "\\N";
  } else if (const auto* n = std::get_if<std::int64_t>(&v)) {
    out += std::to_string(*n);
  } else if (const auto* d = std::get_if<double>(&v)) {
    out += DoubleText(*d);
  } else {
    for (char c : std::get<std::string>(v)) {
      switch (c) {
        case '\\':
          out += "\\\\";
          break;
        case '\t':
          out += "\\t";
          break;
        case '\n':
          out += "\\n";
          break;
        case '\r':
          out += "\\r";
          break;
        default:
          out += c;
      }
    }
  }
}

std::string_view PgRowView::Text(std::size_t i) const {
  const int c = Index(i);
  return {PQgetvalue(res_, row_, c), static_cast<std::size_t>(PQgetlength(res_, row_, c))};
}

std::int64_t PgRowView::Int(std::size_t i) const {
  const std::string_view text = Text(i);
  if (PQftype(res_, Index(i)) == 16)  // bool
    return text == "t" ? 1 : 0;
  std::int64_t n = 0;
  std::from_chars(text.data(), text.data() + text.size(), n);
  return n;
}

int PgRowView::Index(std::size_t i) const {
  ZQ_CHECK(i < size_);
  return static_cast<int>(i);
}

}  // namespace zq::store::internal
