#pragma once

// libpq values for the PostgreSQL backend (postgres_database.cc): results, errors, text
// parameters, cells, rows read in place and COPY fields.
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <libpq-fe.h>

#include "core/status.h"
#include "store/database.h"

namespace zq::store::internal {

struct PgResultFree {
  void operator()(PGresult* r) const { PQclear(r); }
};

using PgResult = std::unique_ptr<PGresult, PgResultFree>;

// The Status of a failed libpq call: kAlreadyExists for unique violations, kInvalidArgument for
// other constraint and data errors, kUnavailable when the connection is lost or the server busy
// (serialisation, deadlock, shutdown), kInternal otherwise.
Status PgError(PGconn* conn, const PGresult* res, std::string_view what);

// Parameters as libpq wants them: text, with nullptr for NULL.
struct TextParams {
  explicit TextParams(std::span<const Value> params);

  std::vector<std::string> texts;
  std::vector<bool> nulls;
  std::vector<const char*> pointers;
};

Value CellValue(const PGresult* res, int row, int col);
Row ReadRow(const PGresult* res, int row);
// Appends `v` to a COPY … FROM STDIN text row, escaped.
void AppendCopyField(std::string& out, const Value& v);

// A row of Scan: one row of a FETCH result, read in place.
class PgRowView final : public RowView {
 public:
  PgRowView(const PGresult* res, int row)
      : res_(res), row_(row), size_(static_cast<std::size_t>(PQnfields(res))) {}

  std::size_t size() const override { return size_; }

  bool IsNull(std::size_t i) const override { return PQgetisnull(res_, row_, Index(i)) != 0; }

  std::string_view Text(std::size_t i) const override;
  std::int64_t Int(std::size_t i) const override;

 private:
  int Index(std::size_t i) const;

  const PGresult* res_;
  int row_;
  std::size_t size_;
};

}  // namespace zq::store::internal
