#include "trace/event_query.h"

#include <chrono>
#include <cstdio>
#include <span>

#include <fmt/format.h>

#include "auth/crypto.h"
#include "core/calendar.h"
#include "core/ids/region_code.h"
#include "trace/canonical_value.h"
#include "trace/master_data.h"

namespace zq::trace {
namespace {

using store::Value;

// A WHERE clause under construction: its conditions joined by AND, and their parameters.
struct Where {
  std::string sql = "1 = 1";
  std::vector<Value> params;

  void Add(const std::string& condition) { sql += " AND " + condition; }
};

std::string Marks(std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += i == 0 ? "?" : ", ?";
  return out;
}

// column IN (values…); nothing when `values` is empty.
void AddIn(Where& w, const std::string& column, const std::vector<std::string>& values) {
  if (values.empty())
    return;
  w.Add(column + " IN (" + Marks(values.size()) + ")");
  for (const std::string& v : values) w.params.emplace_back(v);
}

std::string LikeEscaped(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\')
      out += '\\';
    out += c;
  }
  return out;
}

// (column = a OR column LIKE 'b/%' …): exact values, and what lies beneath a pattern or a GLN.
std::string AnyOf(Where& w, const std::string& column,
                  const std::vector<std::pair<std::string, std::string>>& value_and_beneath) {
  std::string sql;
  for (const auto& [value, beneath] : value_and_beneath) {
    sql += sql.empty() ? "(" : " OR ";
    sql += column + " = ?";
    w.params.emplace_back(value);
    if (!beneath.empty()) {
      sql += " OR " + column + " LIKE ? ESCAPE '\\'";
      w.params.emplace_back(LikeEscaped(value) + beneath);
    }
  }
  return sql + ")";
}

void AddWithDescendants(Where& w, const std::string& column,
                        const std::vector<std::string>& locations) {
  if (locations.empty())
    return;
  std::vector<std::pair<std::string, std::string>> v;
  for (const std::string& l : locations) v.emplace_back(l, "/254/%");
  w.Add(AnyOf(w, column, v));
}

// MATCH_…: an event naming a matching identifier in one of the roles.
void AddMatches(Where& w, std::string_view table, std::string_view column,
                const std::map<std::string, std::vector<EventQuery::Match>>& by_role) {
  for (const auto& [named_as, matches] : by_role) {
    std::string roles;
    if (named_as == "epc" ||
        named_as == "quantity")  // the list, and the children of an aggregation
      roles = fmt::format(" AND x.role IN ('{}', 'child')", named_as);
    else if (named_as != "any")
      roles = fmt::format(" AND x.role = '{}'", named_as);
    std::vector<std::pair<std::string, std::string>> v;
    for (const EventQuery::Match& m : matches) v.emplace_back(m.value, m.pattern ? "/%" : "");
    const std::string any = AnyOf(w, fmt::format("x.{}", column), v);
    w.Add(fmt::format("EXISTS (SELECT 1 FROM {} x WHERE x.event = e.id{} AND {})", table, roles,
                      any));
  }
}

// An event is in the caller's scope (ReadScope) when its readPoint, bizLocation, a source or a
// destination is a location of the scope, or an SGLN of a GLN of the scope. Nothing for a caller
// who sees every event.
Status AddScope(Where& w, const auth::Caller& caller) {
  std::vector<Value> bound;
  ZQ_ASSIGN_OR_RETURN(const std::string scope, ReadScope(caller, bound));
  if (scope.empty())
    return Status::Ok();
  const std::string all = "SELECT location FROM trace_locations WHERE " + scope;
  const std::string glns = all + " AND extension = ''";
  auto place = [&](const std::string& column) {
    w.params.push_back(bound.at(0));
    w.params.push_back(bound.at(0));
    return fmt::format("{0} IN ({1}) OR SUBSTR({0}, 1, 36) IN ({2})", column, all, glns);
  };
  std::string sql = "(" + place("e.read_point") + " OR " + place("e.biz_location");
  sql +=
      " OR EXISTS (SELECT 1 FROM trace_event_parties p WHERE p.event = e.id AND p.role IN "
      "('source', 'destination') AND (" +
      place("p.id") + ")))";
  w.Add(sql);
  return Status::Ok();
}

Status AddIlmd(Where& w, store::Backend backend, const EventQuery::Ilmd& ilmd) {
  const bool sqlite = backend == store::Backend::kSqlite;
  const std::string value = sqlite ? "CAST(json_extract(e.body, ?) AS TEXT)"
                                   : "(CAST(e.body AS jsonb) -> 'ilmd' ->> CAST(? AS TEXT))";
  w.Add(value + " IN (" + Marks(ilmd.values.size()) + ")");
  w.params.emplace_back(sqlite ? "$.ilmd.\"" + ilmd.field + "\"" : ilmd.field);
  for (const std::string& v : ilmd.values) w.params.emplace_back(v);
  return Status::Ok();
}

Result<Where> Conditions(const EventQuery& q, store::Backend backend, const auth::Caller& caller) {
  Where w;
  ZQ_RETURN_IF_ERROR(AddScope(w, caller));
  AddIn(w, "e.event_type", q.event_types);
  for (const auto& [value, condition] : {std::pair{&q.ge_event_time, "e.event_time >= ?"},
                                         {&q.lt_event_time, "e.event_time < ?"},
                                         {&q.ge_record_time, "e.record_time >= ?"},
                                         {&q.lt_record_time, "e.record_time < ?"}}) {
    if (!value->empty()) {
      w.Add(condition);
      w.params.emplace_back(*value);
    }
  }
  AddIn(w, "e.action", q.actions);
  AddIn(w, "e.biz_step", q.biz_steps);
  AddIn(w, "e.disposition", q.dispositions);
  AddIn(w, "e.read_point", q.read_points);
  AddIn(w, "e.biz_location", q.biz_locations);
  AddWithDescendants(w, "e.read_point", q.wd_read_points);
  AddWithDescendants(w, "e.biz_location", q.wd_biz_locations);
  if (!q.event_ids.empty()) {
    const std::string marks = Marks(q.event_ids.size());
    w.Add("(e.event_id IN (" + marks + ") OR e.event_hash IN (" + marks + "))");
    for (int i = 0; i < 2; ++i)
      for (const std::string& id : q.event_ids) w.params.emplace_back(id);
  }
  AddMatches(w, "trace_event_epcs", "epc", q.epcs);
  AddMatches(w, "trace_event_quantities", "epc_class", q.classes);
  if (!q.quantity.empty()) {
    std::string sql = "EXISTS (SELECT 1 FROM trace_event_quantities y WHERE y.event = e.id";
    for (const auto& [op, value] : q.quantity) {
      sql += " AND y.quantity " + op + " ?";
      w.params.emplace_back(value);
    }
    w.Add(sql + ")");
  }
  if (q.error_declared)
    w.Add("e.error_declared = 1");
  for (const EventQuery::Party& p : q.parties) {
    w.Add(
        "EXISTS (SELECT 1 FROM trace_event_parties z WHERE z.event = e.id AND z.role = ? AND "
        "z.type = ? AND z.id IN (" +
        Marks(p.ids.size()) + "))");
    w.params.emplace_back(p.role);
    w.params.emplace_back(p.type);
    for (const std::string& id : p.ids) w.params.emplace_back(id);
  }
  for (const EventQuery::Ilmd& i : q.ilmd) ZQ_RETURN_IF_ERROR(AddIlmd(w, backend, i));
  return w;
}

// The page token: where the last page ended (its sort key and id), how many events the query
// has answered so far, and the fingerprint of the query it belongs to; hex, so URL-safe.
struct Token {
  std::string key;
  std::int64_t id = 0;
  std::int64_t answered = 0;
  std::uint64_t fingerprint = 0;
};

std::string Encode(const Token& t) {
  const std::string text = fmt::format("{}|{}|{}|{:x}", t.key, t.id, t.answered, t.fingerprint);
  return auth::ToHex(std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

Result<Token> Decode(std::string_view hex, std::uint64_t fingerprint) {
  const Status bad =
      Status::InvalidArgument("nextPageToken: not a token of this query", "nextPageToken");
  Result<std::string> text = auth::FromHex(hex);
  if (!text.ok() || text->size() > 200)
    return bad;
  Token t;
  char key[64] = {};
  unsigned long long print = 0;
  long long id = 0, answered = 0;
  if (std::sscanf(text->c_str(), "%63[^|]|%lld|%lld|%llx", key, &id, &answered, &print) != 4 ||
      print != fingerprint)
    return bad;
  t.key = key;
  t.id = id;
  t.answered = answered;
  t.fingerprint = print;
  return t;
}

}  // namespace

Result<EventPage> EventQueryService::Run(const auth::Caller& caller, const EventQuery& q) const {
  ZQ_ASSIGN_OR_RETURN(auto tx, db_.Begin(store::TxMode::kReadOnly));
  ZQ_ASSIGN_OR_RETURN(Where w, Conditions(q, tx->backend(), caller));
  Token from{.key = "", .id = 0, .answered = 0, .fingerprint = q.fingerprint};
  if (!q.next_page_token.empty()) {
    ZQ_ASSIGN_OR_RETURN(from, Decode(q.next_page_token, q.fingerprint));
  } else if (q.max_event_count) {
    std::vector<Value> params = w.params;
    params.emplace_back(*q.max_event_count + 1);
    ZQ_ASSIGN_OR_RETURN(store::ResultSet rs,
                        tx->Query("SELECT COUNT(*) FROM (SELECT 1 FROM trace_events e WHERE " +
                                      w.sql + " LIMIT ?) c",
                                  params));
    if (rs.rows.at(0).GetInt(0) > *q.max_event_count)
      return Status::ResourceExhausted(
          "more than maxEventCount (" + std::to_string(*q.max_event_count) + ") events match",
          "maxEventCount");
  }
  const std::string key = q.order_by_record_time ? "e.record_time" : "e.event_time";
  const std::string direction = q.ascending ? "ASC" : "DESC";
  if (!q.next_page_token.empty()) {
    const std::string after = q.ascending ? ">" : "<";
    w.Add(fmt::format("({0} {1} ? OR ({0} = ? AND e.id {1} ?))", key, after));
    w.params.emplace_back(from.key);
    w.params.emplace_back(from.key);
    w.params.emplace_back(from.id);
  }
  std::int64_t want = q.per_page;
  if (q.event_count_limit)
    want = std::min(want, *q.event_count_limit - from.answered);
  EventPage page;
  if (want <= 0)
    return page;
  w.params.emplace_back(want + 1);  // one more: is there a next page?
  ZQ_ASSIGN_OR_RETURN(store::ResultSet rs,
                      tx->Query(fmt::format("SELECT e.id, {0}, e.body FROM trace_events e WHERE "
                                            "{1} ORDER BY {0} {2}, e.id {2} LIMIT ?",
                                            key, w.sql, direction),
                                w.params));
  const bool more = static_cast<std::int64_t>(rs.rows.size()) > want;
  if (more)
    rs.rows.pop_back();
  for (const store::Row& row : rs.rows) page.bodies.push_back(row.GetText(2));
  const std::int64_t answered = from.answered + static_cast<std::int64_t>(rs.rows.size());
  const bool limit_reached = q.event_count_limit && answered >= *q.event_count_limit;
  if (more && !limit_reached) {
    const store::Row& last = rs.rows.back();
    page.next_page_token = Encode({.key = last.GetText(1),
                                   .id = last.GetInt(0),
                                   .answered = answered,
                                   .fingerprint = q.fingerprint});
  }
  return page;
}

Result<std::optional<std::set<std::int64_t>>> EventsInScope(store::Transaction& tx,
                                                            const auth::Caller& caller,
                                                            std::span<const std::int64_t> ids) {
  constexpr std::size_t kBatch = 500;
  Where scope;
  ZQ_RETURN_IF_ERROR(AddScope(scope, caller));
  if (scope.params.empty())
    return std::optional<std::set<std::int64_t>>();
  std::set<std::int64_t> in;
  for (std::size_t at = 0; at < ids.size(); at += kBatch) {
    const std::size_t n = std::min(kBatch, ids.size() - at);
    Where w = scope;
    w.Add("e.id IN (" + Marks(n) + ")");
    for (std::size_t i = at; i < at + n; ++i) w.params.emplace_back(ids[i]);
    ZQ_RETURN_IF_ERROR(tx.QueryEach("SELECT e.id FROM trace_events e WHERE " + w.sql, w.params,
                                    [&](const store::Row& row) {
                                      in.insert(row.GetInt(0));
                                      return true;
                                    }));
  }
  return std::optional<std::set<std::int64_t>>(std::move(in));
}

nlohmann::json EventQueryService::QueryDocument(const EventPage& page) const {
  nlohmann::json events = nlohmann::json::array();
  for (const std::string& body : page.bodies) events.push_back(nlohmann::json::parse(body));
  const auto now = std::chrono::floor<std::chrono::milliseconds>(clock_.Now());
  return {{"@context", {"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"}},
          {"type", "EPCISQueryDocument"},
          {"schemaVersion", "2.0"},
          {"creationDate", CanonicalTimestamp(FormatUtcTimestamp(now))},
          {"epcisBody",
           {{"queryResults",
             {{"queryName", "SimpleEventQuery"}, {"resultsBody", {{"eventList", events}}}}}}}};
}

std::string NextPageLink(std::string_view path,
                         const std::multimap<std::string, std::string>& params,
                         std::string_view token) {
  auto encode = [](std::string_view text) {
    std::string out;
    for (unsigned char c : text) {
      const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                         (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
      out += plain ? std::string(1, static_cast<char>(c)) : fmt::format("%{:02X}", c);
    }
    return out;
  };
  std::string url = std::string(path) + "?";
  for (const auto& [name, value] : params) {
    if (name != "nextPageToken")
      url += encode(name) + "=" + encode(value) + "&";
  }
  return "<" + url + "nextPageToken=" + std::string(token) + ">; rel=\"next\"";
}

std::optional<EpcisException> QueryException(const Status& status) {
  switch (status.code()) {
    case StatusCode::kInvalidArgument:
      return EpcisException{.type = "QueryParameterException",
                            .detail = status.message(),
                            .parameter = status.field()};
    case StatusCode::kResourceExhausted:
      return EpcisException{
          .type = "QueryTooLargeException", .detail = status.message(), .status = 413};
    case StatusCode::kPermissionDenied:
      return EpcisException{.type = "SecurityException", .detail = status.message(), .status = 403};
    default:
      return std::nullopt;
  }
}

}  // namespace zq::trace
