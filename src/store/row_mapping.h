#pragma once

#include <cstddef>
#include <functional>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/result.h"
#include "store/database.h"

// A record's columns declared once: each entry names what the SELECT list holds (a column,
// "alias.column" or an expression) and the member it is read into, so that the SELECT list and
// the row mapping cannot drift apart.
//
//   const store::Columns<DeadLetter>& DeadLetterColumns() {
//     using D = DeadLetter;
//     static const store::Columns<D> kColumns("id", &D::id, "consumer", &D::consumer, "seq",
//                                             &D::seq, "kind", &D::kind, ParseKind);
//     return kColumns;
//   }
//   tx.Query(fmt::format("SELECT {} FROM dead_letters", DeadLetterColumns().List()));
//   DeadLetter d = DeadLetterColumns().FromRow(rs.rows[0]);
//
// A member is read with Row's conversions (ReadAs below). Another type, or a value stored in
// another form (JSON, a comma-joined list, an enum's name), takes a converter as the entry's last
// argument, called with the column's text: `M f(std::string)`, `Result<M> f(std::string)` (its
// error is the mapping's) or `void/bool f(std::string_view, M&)` (its answer ignored, as the
// enum parsers' is when a stored name is trusted). Several member pointers reach a nested member:
// "b.place", &BatchRow::batch, &Batch::sampling, &SamplingRecord::place.
namespace zq::store {

namespace row_mapping_internal {

template <typename V>
inline constexpr bool kIsOptional = false;
template <typename U>
inline constexpr bool kIsOptional<std::optional<U>> = true;

template <typename V>
inline constexpr bool kIsResult = false;
template <typename U>
inline constexpr bool kIsResult<Result<U>> = true;

template <typename V>
inline constexpr bool kUnsupported = false;

// True when the converter F, called with the column's text, returns a Result.
template <typename F>
constexpr bool ReturnsResult() {
  if constexpr (std::is_invocable_v<const F&, std::string>) {
    return kIsResult<std::invoke_result_t<const F&, std::string>>;
  } else {
    return false;
  }
}

// The member that `path` (member pointers, outermost first) reaches in `object`.
template <typename O, typename M, typename... Ms>
constexpr auto& Reach(O& object, M member, Ms... path) {
  if constexpr (sizeof...(Ms) == 0) {
    return object.*member;
  } else {
    return Reach(object.*member, path...);
  }
}

bool IsPlainName(std::string_view expression);

}  // namespace row_mapping_internal

// Column `i` of `row` as V: text, an integer (narrowed to V), a double, a boolean (non-zero), or
// an optional of one of these (NULL: nullopt).
template <typename V>
V ReadAs(const Row& row, std::size_t i) {
  if constexpr (std::is_same_v<V, std::string>) {
    return row.GetText(i);
  } else if constexpr (std::is_same_v<V, bool>) {
    return row.GetInt(i) != 0;
  } else if constexpr (std::is_integral_v<V>) {
    return static_cast<V>(row.GetInt(i));
  } else if constexpr (std::is_floating_point_v<V>) {
    return static_cast<V>(row.GetDouble(i));
  } else if constexpr (row_mapping_internal::kIsOptional<V>) {
    if (row.IsNull(i))
      return V();
    return V(ReadAs<typename V::value_type>(row, i));
  } else {
    static_assert(row_mapping_internal::kUnsupported<V>, "give this column a converter");
  }
}

// Runs the statement `sql` in `tx`; a unique or primary-key violation (kAlreadyExists) answers
// `conflict` instead, so that it names what the caller can change.
Status ExecuteUnique(Transaction& tx, std::string_view sql, std::span<const Value> params,
                     Status conflict);

// A converter for text stored as '' when absent: nullopt for ''.
inline std::optional<std::string> NonEmpty(std::string text) {
  return text.empty() ? std::nullopt : std::optional<std::string>(std::move(text));
}

namespace row_mapping_internal {

struct ReadDirectly {};  // no converter: ReadAs

}  // namespace row_mapping_internal

// One entry of Columns<T>: what the SELECT list holds and how its value reaches the record.
template <typename T>
class Column {
 public:
  // `path`: a tuple of member pointers from T to the member; `convert`: a converter, or
  // ReadDirectly.
  template <typename Path, typename F>
  Column(std::string_view expression, Path path, F convert)
      : expression_(expression), fallible_(row_mapping_internal::ReturnsResult<F>()) {
    read_ = [path, convert](const Row& row, std::size_t i, T& out) -> Status {
      auto& member = std::apply(
          [&](auto... members) -> auto& { return row_mapping_internal::Reach(out, members...); },
          path);
      if constexpr (std::is_same_v<F, row_mapping_internal::ReadDirectly>) {
        (void)convert;
        member = ReadAs<std::remove_cvref_t<decltype(member)>>(row, i);
        return Status::Ok();
      } else {
        return Convert(convert, row.GetText(i), member);
      }
    };
  }

  const std::string& expression() const { return expression_; }

  // True when the converter may fail (returns a Result).
  bool fallible() const { return fallible_; }

  Status Read(const Row& row, std::size_t i, T& out) const { return read_(row, i, out); }

 private:
  template <typename F, typename M>
  static Status Convert(const F& convert, std::string text, M& member) {
    if constexpr (std::is_invocable_v<const F&, std::string_view, M&>) {
      (void)convert(text, member);
    } else if constexpr (row_mapping_internal::ReturnsResult<F>()) {
      ZQ_ASSIGN_OR_RETURN(member, convert(std::move(text)));
    } else {
      member = convert(std::move(text));
    }
    return Status::Ok();
  }

  std::string expression_;
  bool fallible_ = false;
  std::function<Status(const Row&, std::size_t, T&)> read_;
};

// The columns of a record T, in SELECT order, from one flat argument list: each column's text,
// then the member pointer(s) to its member, then optionally a converter:
//   store::Columns<E>("id", &E::id, "kind", &E::kind, ParseKind, "b.place", &E::sampling,
//                     &Sampling::place)
// Immutable once built; keep one per record in a function-local static.
template <typename T>
class Columns {
 public:
  template <typename... Args>
  explicit Columns(std::string_view first, Args... rest) {
    Collect(first, std::tuple<>(), rest...);
    for (const Column<T>& c : columns_) {
      if (!list_.empty())
        list_ += ", ";
      list_ += c.expression();
      fallible_ = fallible_ || c.fallible();
    }
  }

  // The SELECT list: "id, source, …".
  const std::string& List() const { return list_; }

  // The SELECT list with plain column names qualified: List("e") gives "e.id, e.source, …";
  // entries already qualified or that are expressions stay as declared.
  std::string List(std::string_view qualifier) const {
    std::string out;
    for (const Column<T>& c : columns_) {
      if (!out.empty())
        out += ", ";
      if (row_mapping_internal::IsPlainName(c.expression()))
        out.append(qualifier).append(".");
      out += c.expression();
    }
    return out;
  }

  // "SELECT <List()> FROM <from>", e.g. SelectFrom("regions WHERE code = ?").
  std::string SelectFrom(std::string_view from) const {
    return "SELECT " + list_ + " FROM " + std::string(from);
  }

  std::size_t size() const { return columns_.size(); }

  // Reads the first size() columns of `row` into `out`; the first converter error, as it is.
  Status ReadInto(const Row& row, T& out) const {
    for (std::size_t i = 0; i < columns_.size(); ++i) {
      ZQ_RETURN_IF_ERROR(columns_[i].Read(row, i, out));
    }
    return Status::Ok();
  }

  // The record of `row`, its other members default.
  Result<T> Read(const Row& row) const {
    T out{};
    ZQ_RETURN_IF_ERROR(ReadInto(row, out));
    return out;
  }

  // As Read, for columns without a converter that may fail.
  T FromRow(const Row& row) const {
    ZQ_CHECK(!fallible_);  // a mapping with a fallible converter is read with Read
    T out{};
    const Status read = ReadInto(row, out);
    ZQ_CHECK(read.ok());
    return out;
  }

  // The rows of SelectFrom(from) with `params` (for `from`'s placeholders), mapped; a converter's
  // error as it is.
  Result<std::vector<T>> QueryAll(Transaction& tx, std::string_view from,
                                  std::span<const Value> params = {}) const {
    ZQ_ASSIGN_OR_RETURN(ResultSet rs, tx.Query(SelectFrom(from), params));
    std::vector<T> out;
    out.reserve(rs.rows.size());
    for (const Row& row : rs.rows) {
      ZQ_ASSIGN_OR_RETURN(T record, Read(row));
      out.push_back(std::move(record));
    }
    return out;
  }

  // The first row of SelectFrom(from) with `params`, mapped, or nullopt when there is none.
  Result<std::optional<T>> QueryOne(Transaction& tx, std::string_view from,
                                    std::span<const Value> params = {}) const {
    ZQ_ASSIGN_OR_RETURN(ResultSet rs, tx.Query(SelectFrom(from), params));
    if (rs.rows.empty())
      return std::optional<T>();
    ZQ_ASSIGN_OR_RETURN(T record, Read(rs.rows.front()));
    return std::optional<T>(std::move(record));
  }

  // As QueryOne, with `not_found` when there is no row.
  Result<T> QueryOneOr(Transaction& tx, std::string_view from, std::span<const Value> params,
                       Status not_found) const {
    ZQ_ASSIGN_OR_RETURN(std::optional<T> record, QueryOne(tx, from, params));
    if (!record)
      return not_found;
    return std::move(*record);
  }

  // FromRow of each row.
  std::vector<T> FromRows(const std::vector<Row>& rows) const {
    std::vector<T> out;
    out.reserve(rows.size());
    for (const Row& row : rows) out.push_back(FromRow(row));
    return out;
  }

 private:
  template <typename Path>
  void Collect(std::string_view expression, Path path) {
    static_assert(std::tuple_size_v<Path> > 0, "a column needs the member it is read into");
    columns_.emplace_back(expression, path, row_mapping_internal::ReadDirectly());
  }

  template <typename Path, typename A, typename... Rest>
  void Collect(std::string_view expression, Path path, A next, Rest... rest) {
    if constexpr (std::is_member_object_pointer_v<A>) {
      Collect(expression, std::tuple_cat(path, std::make_tuple(next)), rest...);
    } else if constexpr (std::is_convertible_v<A, std::string_view>) {
      Collect(expression, path);
      Collect(std::string_view(next), std::tuple<>(), rest...);
    } else {
      static_assert(std::tuple_size_v<Path> > 0, "a converter follows the member it fills");
      columns_.emplace_back(expression, path, next);
      if constexpr (sizeof...(Rest) > 0)
        Next(rest...);
    }
  }

  template <typename... Rest>
  void Next(std::string_view expression, Rest... rest) {
    Collect(expression, std::tuple<>(), rest...);
  }

  std::vector<Column<T>> columns_;
  std::string list_;
  bool fallible_ = false;
};

}  // namespace zq::store
