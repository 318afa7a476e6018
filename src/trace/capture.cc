#include "trace/capture.h"

#include <cctype>
#include <chrono>

#include <fmt/format.h>

#include "core/calendar.h"
#include "trace/canonical_value.h"
#include "trace/capture_rules.h"
#include "trace/capture_scope.h"
#include "trace/epcis_json.h"
#include "trace/epcis_jsonld.h"
#include "trace/epcis_schema.h"
#include "trace/epcis_xml.h"
#include "trace/event_hash.h"

namespace zq::trace {
namespace {

using nlohmann::json;

constexpr std::string_view kValidation = "ValidationException";
constexpr std::string_view kCaptureLimit = "CaptureLimitExceededException";
constexpr std::string_view kImplementation = "ImplementationException";
constexpr std::string_view kSecurity = "SecurityException";

// What a document comes to before anything is stored: the records of its valid events and the
// exceptions of the others (or one for the whole document).
struct Prepared {
  HashMismatch mismatch = HashMismatch::kKeepEventId;
  std::size_t event_count = 0;
  std::vector<EventRecord> records;
  std::vector<std::string> paths;  // of each record's event in the document
  std::vector<EpcisException> errors;
};

// The event index in a JSON path "…eventList[3]…" or "EventList[3]…", if any.
std::optional<std::size_t> EventIndexIn(std::string_view path) {
  const std::size_t at = path.find("ventList[");
  if (at == std::string_view::npos)
    return std::nullopt;
  std::size_t index = 0;
  std::size_t i = at + 9;
  if (i >= path.size() || !std::isdigit(static_cast<unsigned char>(path[i])))
    return std::nullopt;
  for (; i < path.size() && std::isdigit(static_cast<unsigned char>(path[i])); ++i)
    index = index * 10 + static_cast<std::size_t>(path[i] - '0');
  return index;
}

EpcisException Refusal(std::string_view type, std::string detail, std::string path = {},
                       int status = 400) {
  EpcisException e{std::string(type),  std::move(detail), status,
                   EventIndexIn(path), std::move(path),   ""};
  return e;
}

EpcisException RefusalOf(const Status& status) {
  return Refusal(kValidation, status.message(), status.field());
}

std::string JoinPath(const std::string& base, const std::string& rest) {
  if (rest.empty())
    return base;
  return rest.front() == '[' ? base + rest : base + "." + rest;
}

// The hex digits of an ni:///sha-256 URI, lower case; "" for another eventID.
std::string HashDigits(std::string_view id) {
  constexpr std::string_view kScheme = "ni:///sha-256;";
  if (!id.starts_with(kScheme))
    return "";
  std::string digits;
  for (char c : id.substr(kScheme.size())) {
    if (c == '?')
      break;
    digits += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return digits;
}

std::string FieldValue(const EpcisEvent& event, std::string_view name) {
  for (const EpcisNode& f : event.fields) {
    if (f.name == name)
      return f.value;
  }
  return "";
}

// Checks one event (its node form and its JSON-LD form `body`, at `path`) and adds its record
// or its refusal. `context` is the @context its body gets when it has none.
void PrepareEvent(const EpcisEvent& event, json body, const std::string& path, const json& context,
                  const std::string& record_time, Prepared& out) {
  std::optional<SchemaViolation> v = CheckEventSchema(body);
  if (!v)
    v = CheckCaptureRules(event);
  if (v) {
    out.errors.push_back(Refusal(kValidation, v->message, JoinPath(path, v->path)));
    return;
  }
  std::string hash = EventHash(event);
  const std::string given = FieldValue(event, "eventID");
  const std::string digits = HashDigits(given);
  if (out.mismatch == HashMismatch::kRefuse && !digits.empty() && digits != HashDigits(hash)) {
    out.errors.push_back(
        Refusal(kValidation, fmt::format("the eventID {} is not the event's hash {}", given, hash),
                JoinPath(path, "eventID")));
    return;
  }
  body["eventID"] = given.empty() ? hash : given;
  body["recordTime"] = record_time;
  if (!body.contains("@context") && !context.is_null())
    body["@context"] = context;
  EventRecord record = RecordOf(event, std::move(hash));
  record.record_time = record_time;
  record.body = body.dump();
  out.records.push_back(std::move(record));
  out.paths.push_back(path);
}

void PrepareJson(std::string_view text, const CaptureLimits& limits, const std::string& record_time,
                 Prepared& out) {
  json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    out.errors.push_back(Refusal(kValidation, "not an EPCIS document: not JSON"));
    return;
  }
  Result<std::vector<EventObject>> objects = EventObjects(doc);
  if (!objects.ok()) {
    out.errors.push_back(RefusalOf(objects.status()));
    return;
  }
  out.event_count = objects->size();
  if (objects->size() > limits.max_events) {
    out.errors.push_back(Refusal(
        kCaptureLimit,
        fmt::format("{} events; the capture limit is {}", objects->size(), limits.max_events), "",
        413));
    return;
  }
  json envelope = doc;
  json& body = envelope["epcisBody"];
  if (body.contains("eventList"))
    body["eventList"] = json::array();
  else if (body.contains("queryResults"))
    body["queryResults"]["resultsBody"]["eventList"] = json::array();
  if (std::optional<SchemaViolation> v = CheckDocumentSchema(envelope)) {
    out.errors.push_back(Refusal(kValidation, v->message, v->path));
    return;
  }
  Result<std::vector<EpcisEvent>> events = ReadParsedEpcisJson(doc);
  if (!events.ok()) {
    out.errors.push_back(RefusalOf(events.status()));
    return;
  }
  const json context = doc.value("@context", json());
  for (std::size_t i = 0; i < events->size(); ++i) {
    PrepareEvent((*events)[i], *(*objects)[i].event, (*objects)[i].path, context, record_time, out);
  }
}

void PrepareXml(std::string_view text, const CaptureLimits& limits, const std::string& record_time,
                Prepared& out) {
  Result<std::vector<EpcisEvent>> events = ReadEpcisXml(text);
  if (!events.ok()) {
    out.errors.push_back(RefusalOf(events.status()));
    return;
  }
  out.event_count = events->size();
  if (events->size() > limits.max_events) {
    out.errors.push_back(Refusal(
        kCaptureLimit,
        fmt::format("{} events; the capture limit is {}", events->size(), limits.max_events), "",
        413));
    return;
  }
  const std::map<std::string, std::string> prefixes = XmlNamespacePrefixes(text);
  for (std::size_t i = 0; i < events->size(); ++i) {
    JsonLdWriter writer(prefixes);
    json body = writer.Event((*events)[i]);
    PrepareEvent((*events)[i], std::move(body), fmt::format("epcisBody.eventList[{}]", i),
                 writer.Context(), record_time, out);
  }
}

Prepared Prepare(std::string_view text, const CaptureLimits& limits, HashMismatch mismatch,
                 const std::string& record_time) {
  Prepared out;
  out.mismatch = mismatch;
  if (text.size() > limits.max_bytes) {
    out.errors.push_back(Refusal(
        kCaptureLimit,
        fmt::format("{} bytes; the capture file size limit is {}", text.size(), limits.max_bytes),
        "", 413));
    return out;
  }
  const std::size_t first = text.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && text[first] == '{')
    PrepareJson(text, limits, record_time, out);
  else
    PrepareXml(text, limits, record_time, out);
  return out;
}

std::string Now(const Clock& clock) {
  const auto now = std::chrono::floor<std::chrono::milliseconds>(clock.Now());
  return CanonicalTimestamp(FormatUtcTimestamp(now));
}

// Moves the events `scope` refuses from the records to the errors, as SecurityExceptions.
Status RefuseOutOfScope(CaptureScope& scope, Prepared& prepared) {
  std::vector<EventRecord> kept;
  for (std::size_t i = 0; i < prepared.records.size(); ++i) {
    ZQ_ASSIGN_OR_RETURN(std::optional<std::string> why, scope.Refusal(prepared.records[i]));
    if (why)
      prepared.errors.push_back(Refusal(kSecurity, std::move(*why), prepared.paths[i], 403));
    else
      kept.push_back(std::move(prepared.records[i]));
  }
  prepared.records = std::move(kept);
  return Status::Ok();
}

}  // namespace

std::string_view ErrorBehaviourName(ErrorBehaviour behaviour) {
  return behaviour == ErrorBehaviour::kRollback ? "rollback" : "proceed";
}

Result<ErrorBehaviour> ParseErrorBehaviour(std::string_view text) {
  if (text == "rollback")
    return ErrorBehaviour::kRollback;
  if (text == "proceed")
    return ErrorBehaviour::kProceed;
  return Status::InvalidArgument("the capture error behaviour is rollback or proceed",
                                 "GS1-Capture-Error-Behaviour");
}

json EpcisException::ToJson() const {
  json out = {{"type", "epcisException:" + type}, {"title", type}, {"status", status}};
  if (!detail.empty())
    out["detail"] = detail;
  if (event_index)
    out["eventIndex"] = *event_index;
  if (!path.empty())
    out["jsonPath"] = path;
  if (!parameter.empty())
    out["parameter"] = parameter;
  return out;
}

json CaptureJobJson(const CaptureJob& job) {
  json out = {{"captureID", std::to_string(job.id)},
              {"createdAt", job.created_at},
              {"running", job.running},
              {"success", job.success},
              {"captureErrorBehaviour", job.error_behaviour},
              {"eventCount", job.event_count},
              {"storedCount", job.stored_count},
              {"errors", json::parse(job.errors, nullptr, false)}};
  if (!job.finished_at.empty())
    out["finishedAt"] = job.finished_at;
  return out;
}

Result<CaptureJob> CaptureService::Capture(std::string_view document, ErrorBehaviour behaviour,
                                           std::string_view captured_by) {
  return Run(document, behaviour, captured_by, nullptr);
}

Result<CaptureJob> CaptureService::Capture(std::string_view document, ErrorBehaviour behaviour,
                                           const auth::Caller& caller,
                                           const PartyDirectory& parties) {
  ZQ_RETURN_IF_ERROR(CaptureScope::MayCapture(caller));
  CaptureScope scope(caller, parties);
  return Run(document, behaviour, caller.actor, &scope);
}

Result<std::optional<CaptureJob>> CaptureService::Job(const auth::Caller& caller, std::int64_t id) {
  ZQ_ASSIGN_OR_RETURN(std::optional<CaptureJob> job, Job(id));
  if (job && !caller.IsAdministrator() && job->captured_by != caller.actor)
    return std::optional<CaptureJob>();
  return job;
}

Result<CaptureJob> CaptureService::Run(std::string_view document, ErrorBehaviour behaviour,
                                       std::string_view captured_by, CaptureScope* scope) {
  CaptureJob job;
  job.error_behaviour = std::string(ErrorBehaviourName(behaviour));
  job.captured_by = std::string(captured_by);
  job.created_at = Now(clock_);
  ZQ_RETURN_IF_ERROR(store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    ZQ_ASSIGN_OR_RETURN(job.id, InsertCaptureJob(tx, job));
    return Status::Ok();
  }));
  Prepared prepared = Prepare(document, limits_, mismatch_, job.created_at);
  if (scope != nullptr)
    ZQ_RETURN_IF_ERROR(RefuseOutOfScope(*scope, prepared));
  job.event_count = static_cast<std::int64_t>(prepared.event_count);
  if (prepared.errors.empty() || behaviour == ErrorBehaviour::kProceed) {
    const Status stored = store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
      for (const EventRecord& record : prepared.records)
        ZQ_RETURN_IF_ERROR(StoreEvent(tx, record, job.id).status());
      return Status::Ok();
    });
    if (stored.ok()) {
      job.stored_count = static_cast<std::int64_t>(prepared.records.size());
    } else {
      prepared.errors.push_back(Refusal(kImplementation, stored.message(), "", 500));
    }
  }
  json errors = json::array();
  for (const EpcisException& e : prepared.errors) errors.push_back(e.ToJson());
  job.errors = errors.dump();
  job.success = prepared.errors.empty();
  job.running = false;
  job.finished_at = Now(clock_);
  ZQ_RETURN_IF_ERROR(
      store::InTransaction(db_, [&](store::Transaction& tx) { return UpdateCaptureJob(tx, job); }));
  return job;
}

Result<std::optional<CaptureJob>> CaptureService::Job(std::int64_t id) {
  ZQ_ASSIGN_OR_RETURN(auto tx, db_.Begin(store::TxMode::kReadOnly));
  return ReadCaptureJob(*tx, id);
}

}  // namespace zq::trace
