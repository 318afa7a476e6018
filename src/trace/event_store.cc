#include "trace/event_store.h"

#include <vector>

#include "store/row_mapping.h"

namespace zq::trace {
namespace {

using store::Value;

constexpr std::string_view kEventColumns =
    "event_hash, event_id, event_type, event_time, event_time_zone_offset, record_time, action, "
    "biz_step, disposition, read_point, biz_location, error_declared, capture_job, body";

Value Optional(const std::optional<double>& v) { return v ? Value(*v) : Value(); }

Status InsertRows(store::Transaction& tx, std::int64_t event, const EventRecord& r) {
  for (const EventRecord::Epc& e : r.epcs) {
    const Value p[] = {event, e.role, e.epc};
    ZQ_RETURN_IF_ERROR(
        tx.Execute("INSERT INTO trace_event_epcs (event, role, epc) VALUES (?, ?, ?)", p).status());
  }
  for (const EventRecord::Quantity& q : r.quantities) {
    const Value p[] = {event, q.role, q.epc_class, Optional(q.quantity), q.uom};
    ZQ_RETURN_IF_ERROR(tx.Execute("INSERT INTO trace_event_quantities (event, role, epc_class, "
                                  "quantity, uom) VALUES (?, ?, ?, ?, ?)",
                                  p)
                           .status());
  }
  for (const EventRecord::Party& s : r.parties) {
    const Value p[] = {event, s.role, s.type, s.id};
    ZQ_RETURN_IF_ERROR(
        tx.Execute("INSERT INTO trace_event_parties (event, role, type, id) VALUES (?, ?, ?, ?)", p)
            .status());
  }
  return Status::Ok();
}

Status ReadRows(store::Transaction& tx, std::int64_t event, EventRecord& r) {
  const Value id[] = {event};
  ZQ_ASSIGN_OR_RETURN(
      store::ResultSet epcs,
      tx.Query("SELECT role, epc FROM trace_event_epcs WHERE event = ? ORDER BY role, epc", id));
  for (const store::Row& row : epcs.rows) r.epcs.push_back({row.GetText(0), row.GetText(1)});
  ZQ_ASSIGN_OR_RETURN(store::ResultSet quantities,
                      tx.Query("SELECT role, epc_class, quantity, uom FROM trace_event_quantities "
                               "WHERE event = ? ORDER BY role, epc_class, quantity, uom",
                               id));
  for (const store::Row& row : quantities.rows) {
    r.quantities.push_back({row.GetText(0), row.GetText(1),
                            row.IsNull(2) ? std::nullopt : std::optional<double>(row.GetDouble(2)),
                            row.GetText(3)});
  }
  ZQ_ASSIGN_OR_RETURN(store::ResultSet parties,
                      tx.Query("SELECT role, type, id FROM trace_event_parties WHERE event = ? "
                               "ORDER BY role, type, id",
                               id));
  for (const store::Row& row : parties.rows)
    r.parties.push_back({row.GetText(0), row.GetText(1), row.GetText(2)});
  return Status::Ok();
}

const store::Columns<CaptureJob>& JobColumns() {
  using J = CaptureJob;
  static const store::Columns<J> kColumns(
      "id", &J::id, "error_behaviour", &J::error_behaviour, "captured_by", &J::captured_by,
      "created_at", &J::created_at, "finished_at", &J::finished_at, "running", &J::running,
      "success", &J::success, "event_count", &J::event_count, "stored_count", &J::stored_count,
      "errors", &J::errors);
  return kColumns;
}

}  // namespace

Result<Stored> StoreEvent(store::Transaction& tx, const EventRecord& r, std::int64_t job) {
  const Value params[] = {r.event_hash,
                          r.event_id,
                          r.type,
                          r.event_time,
                          r.event_time_zone_offset,
                          r.record_time,
                          r.action,
                          r.biz_step,
                          r.disposition,
                          r.read_point,
                          r.biz_location,
                          std::int64_t{r.error_declared ? 1 : 0},
                          job,
                          r.body};
  const std::string insert = "INSERT INTO trace_events (" + std::string(kEventColumns) +
                             ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                             "ON CONFLICT (event_hash) DO NOTHING";
  ZQ_ASSIGN_OR_RETURN(const std::int64_t added, tx.Execute(insert, params));
  const Value hash[] = {r.event_hash};
  ZQ_ASSIGN_OR_RETURN(
      store::ResultSet found,
      tx.Query("SELECT id, error_declared FROM trace_events WHERE event_hash = ?", hash));
  if (found.rows.empty())
    return Status::Internal("a stored event is not found by its hash");
  const std::int64_t id = found.rows[0].GetInt(0);
  if (added == 1) {
    ZQ_RETURN_IF_ERROR(InsertRows(tx, id, r));
    return Stored::kNew;
  }
  if (!r.error_declared || found.rows[0].GetInt(1) != 0)
    return Stored::kAlreadyStored;
  const Value update[] = {r.body, id};
  ZQ_RETURN_IF_ERROR(
      tx.Execute("UPDATE trace_events SET error_declared = 1, body = ? WHERE id = ?", update)
          .status());
  return Stored::kErrorDeclared;
}

Result<std::optional<EventRecord>> ReadEvent(store::Transaction& tx, std::string_view event_hash) {
  const Value hash[] = {std::string(event_hash)};
  ZQ_ASSIGN_OR_RETURN(store::ResultSet rs, tx.Query("SELECT id, " + std::string(kEventColumns) +
                                                        " FROM trace_events WHERE event_hash = ?",
                                                    hash));
  if (rs.rows.empty())
    return std::optional<EventRecord>();
  const store::Row& row = rs.rows[0];
  EventRecord r;
  r.event_hash = row.GetText(1);
  r.event_id = row.GetText(2);
  r.type = row.GetText(3);
  r.event_time = row.GetText(4);
  r.event_time_zone_offset = row.GetText(5);
  r.record_time = row.GetText(6);
  r.action = row.GetText(7);
  r.biz_step = row.GetText(8);
  r.disposition = row.GetText(9);
  r.read_point = row.GetText(10);
  r.biz_location = row.GetText(11);
  r.error_declared = row.GetInt(12) != 0;
  r.body = row.GetText(14);
  ZQ_RETURN_IF_ERROR(ReadRows(tx, row.GetInt(0), r));
  return std::optional<EventRecord>(std::move(r));
}

Result<std::int64_t> CountEvents(store::Transaction& tx) {
  ZQ_ASSIGN_OR_RETURN(store::ResultSet rs, tx.Query("SELECT COUNT(*) FROM trace_events"));
  return rs.rows.at(0).GetInt(0);
}

Result<std::int64_t> InsertCaptureJob(store::Transaction& tx, const CaptureJob& j) {
  const Value p[] = {j.error_behaviour,
                     j.captured_by,
                     j.created_at,
                     j.finished_at,
                     std::int64_t{j.running ? 1 : 0},
                     std::int64_t{j.success ? 1 : 0},
                     j.event_count,
                     j.stored_count,
                     j.errors};
  ZQ_ASSIGN_OR_RETURN(store::ResultSet rs,
                      tx.Query("INSERT INTO trace_capture_jobs (error_behaviour, captured_by, "
                               "created_at, finished_at, running, success, event_count, "
                               "stored_count, errors) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                               "RETURNING id",
                               p));
  return rs.rows.at(0).GetInt(0);
}

Status UpdateCaptureJob(store::Transaction& tx, const CaptureJob& j) {
  const Value p[] = {j.finished_at,
                     std::int64_t{j.running ? 1 : 0},
                     std::int64_t{j.success ? 1 : 0},
                     j.event_count,
                     j.stored_count,
                     j.errors,
                     j.id};
  return tx
      .Execute(
          "UPDATE trace_capture_jobs SET finished_at = ?, running = ?, success = ?, "
          "event_count = ?, stored_count = ?, errors = ? WHERE id = ?",
          p)
      .status();
}

Result<std::optional<CaptureJob>> ReadCaptureJob(store::Transaction& tx, std::int64_t id) {
  const Value p[] = {id};
  return JobColumns().QueryOne(tx, "trace_capture_jobs WHERE id = ?", p);
}

}  // namespace zq::trace
