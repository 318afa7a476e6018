// Capture on both databases: every valid conformance document (OpenEPCIS', the hash vectors) is
// stored and reads back with the hash it should have; every invalid one is refused with its
// exception, event index and JSON path, and nothing is stored; re-capture is idempotent;
// rollback stores all or nothing, proceed the valid events.
#include "trace/capture.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "store/testing/test_database.h"
#include "trace/epcis_json.h"
#include "trace/event_hash.h"

namespace zq::trace {
namespace {

using nlohmann::json;
using testing::HasSubstr;

const std::filesystem::path kTestdata = "src/trace/testdata";

std::string ReadText(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::filesystem::path> FilesIn(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> out;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) out.push_back(entry.path());
  std::sort(out.begin(), out.end());
  return out;
}

std::string Document(std::string_view events) {
  return R"({"@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",
                          {"example": "https://ns.example.com/epcis/"}],
             "type": "EPCISDocument", "schemaVersion": "2.0",
             "creationDate": "2020-01-01T00:00:00Z", "epcisBody": {"eventList": [)" +
         std::string(events) + "]}}";
}

std::string ObjectEvent(int serial, std::string_view more = "") {
  return R"({"type": "ObjectEvent", "action": "OBSERVE", "eventTime": "2020-01-01T00:00:00Z",
             "eventTimeZoneOffset": "+00:00", "bizStep": "shipping",
             "epcList": ["urn:epc:id:sgtin:0614141.107346.)" +
         std::to_string(serial) + "\"]" + std::string(more) + "}";
}

// The events of conformance documents that GS1's JSON Schema refuses, by document: OpenEPCIS
// counts SensorData_with_combined_events valid, but its events 7 and 10 have a sensor type that
// is neither a measurement type of the schema nor a URI ("Molar_concentration",
// "EffectiveDoseRate") and its event 8 a sensorReport without a type, which the schema requires;
// every event of the hash vectors' SensorDataExamples uses the draft names "gs1:MT-Temperature",
// … of the measurement types (the schema has "Temperature").
const std::map<std::string, std::set<std::size_t>> kSchemaRefuses = {
    {"SensorData_with_combined_events.json", {7, 8, 10}},
    {"SensorData_with_combined_events.xml", {7, 8, 10}},
    {"SensorDataExamples.xml", {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}},
};

// The event indices of a job's errors.
std::set<std::size_t> Refused(const CaptureJob& job) {
  std::set<std::size_t> out;
  for (const json& e : json::parse(job.errors)) out.insert(e.value("eventIndex", 9999U));
  return out;
}

std::set<std::size_t> ExpectedRefusals(const std::filesystem::path& path) {
  auto it = kSchemaRefuses.find(path.filename().string());
  return it == kSchemaRefuses.end() ? std::set<std::size_t>() : it->second;
}

class CaptureTest : public ::testing::TestWithParam<store::Backend> {
 protected:
  FakeClock clock_{std::chrono::sys_days{std::chrono::year{2026} / 12 / 6}};

  static std::int64_t Count(store::Database& db) {
    auto tx = db.Begin(store::TxMode::kReadOnly);
    return *CountEvents(**tx);
  }

  // The stored event of each event of `text`, by the hash ReadEpcisDocument gives it; its body
  // read back as a document hashes the same.
  static void ExpectStored(store::Database& db, const std::string& text, const std::string& what,
                           const std::set<std::size_t>& refused) {
    Result<std::vector<EpcisEvent>> events = ReadEpcisDocument(text);
    ASSERT_TRUE(events.ok()) << what;
    auto tx = db.Begin(store::TxMode::kReadOnly);
    for (std::size_t i = 0; i < events->size(); ++i) {
      if (refused.contains(i))
        continue;
      const std::string hash = EventHash((*events)[i]);
      Result<std::optional<EventRecord>> stored = ReadEvent(**tx, hash);
      ASSERT_TRUE(stored.ok() && stored->has_value()) << what << " " << hash;
      const json body = json::parse((*stored)->body);
      EXPECT_EQ(body.at("recordTime"), "2026-12-06T00:00:00.000Z") << what;
      const json again = {{"@context", body.at("@context")},
                          {"type", "EPCISDocument"},
                          {"epcisBody", {{"eventList", json::array({body})}}}};
      Result<std::vector<EpcisEvent>> read_back = ReadParsedEpcisJson(again);
      ASSERT_TRUE(read_back.ok()) << what << read_back.status().ToString();
      EXPECT_EQ(EventHash(read_back->at(0)), hash) << what << "\n" << body.dump(1);
    }
  }
};

TEST_P(CaptureTest, CapturesEveryValidConformanceDocumentAndReadsItBack) {
  ZQ_OPEN_TEST_DB_OR_SKIP(test_db, GetParam());
  CaptureService capture(test_db->db(), clock_);
  std::size_t documents = 0;
  for (const char* format : {"JSON", "XML"}) {
    for (const auto& path : FilesIn(kTestdata / "openepcis" / format / "Documents")) {
      const std::string text = ReadText(path);
      Result<CaptureJob> job = capture.Capture(text, ErrorBehaviour::kProceed, "test");
      ASSERT_TRUE(job.ok()) << job.status().ToString();
      const std::set<std::size_t> refused = ExpectedRefusals(path);
      EXPECT_EQ(Refused(*job), refused) << path << " " << job->errors;
      EXPECT_EQ(job->stored_count, job->event_count - static_cast<std::int64_t>(refused.size()))
          << path;
      ExpectStored(test_db->db(), text, path.string(), refused);
      ++documents;
    }
  }
  EXPECT_GE(documents, 50U);
}

// The hash vectors' documents: each event is stored under its vector's hash.
TEST_P(CaptureTest, StoresEachEventUnderItsVectorsHash) {
  ZQ_OPEN_TEST_DB_OR_SKIP(test_db, GetParam());
  CaptureService capture(test_db->db(), clock_);
  std::size_t hashes = 0;
  for (const auto& path : FilesIn(kTestdata / "event-hash")) {
    if (path.extension() != ".hashes" ||
        path.stem().string().find("IgnoreFields") != std::string::npos)
      continue;
    for (const char* ext : {".jsonld", ".xml"}) {
      std::filesystem::path doc = path;
      doc.replace_extension(ext);
      if (!std::filesystem::exists(doc))
        continue;
      Result<CaptureJob> job = capture.Capture(ReadText(doc), ErrorBehaviour::kProceed, "test");
      ASSERT_TRUE(job.ok()) << job.status().ToString();
      std::istringstream lines(ReadText(path));
      auto tx = test_db->db().Begin(store::TxMode::kReadOnly);
      std::size_t index = 0;
      for (std::string hash; std::getline(lines, hash); ++index) {
        if (hash.empty())
          continue;
        if (ExpectedRefusals(doc).contains(index))
          continue;
        ++hashes;
        EXPECT_TRUE((*ReadEvent(**tx, hash)).has_value()) << doc << " event " << index;
      }
      EXPECT_EQ(Refused(*job), ExpectedRefusals(doc)) << doc << " " << job->errors;
    }
  }
  EXPECT_GE(hashes, 40U);
}

// What each of OpenEPCIS' invalid documents is refused for: the JSON path of its first error.
const std::map<std::string, std::string> kInvalidAt = {
    {"Combination_of_events_with_missing_mandatory_fields.json", "epcisBody.eventList[0]"},
    {"Combination_of_multiple_invalid_fields.json", "epcisBody.eventList[0].bizStep"},
    {"EPCISDocument_without_context.json", ""},
    {"ObjectEvent_with_ilmd_field_without_namespace.json", "epcisBody.eventList[0].ilmd"},
    {"ObjectEvent_with_invalid_certificationInfo.json",
     "epcisBody.eventList[0].certificationInfo[0]"},
    {"ObjectEvent_with_invalid_eventTime_format.json", "epcisBody.eventList[0].eventTime"},
    {"ObjectEvent_with_non_standard_bizStep_in_second_event.json",
     "epcisBody.eventList[1].bizStep"},
    {"ObjectEvent_with_non_standard_disposition.json", "epcisBody.eventList[0].disposition"},
    {"ObjectEvent_with_unknown_field_in_quantityList.json",
     "epcisBody.eventList[0].quantityList[0]"},
    {"ObjectEvent_without_action_and_eventTime.json", "epcisBody.eventList[0]"},
    {"ObjectEvent_bare_event_without_action.xml", "EventList"},
    {"ObjectEvent_with_invalid_action.xml", "epcisBody.eventList[0].action"},
    {"ObjectEvent_with_near_miss_action.xml", "epcisBody.eventList[0].action"},
    {"ObjectEvent_with_unknown_element.xml", "epcisBody.eventList[0]"},
    {"ObjectEvent_without_eventTime.xml", "epcisBody.eventList[0]"},
};

TEST_P(CaptureTest, RefusesEveryInvalidConformanceDocumentAndStoresNothing) {
  ZQ_OPEN_TEST_DB_OR_SKIP(test_db, GetParam());
  CaptureService capture(test_db->db(), clock_);
  for (const char* format : {"JSON", "XML"}) {
    for (const auto& path : FilesIn(kTestdata / "openepcis" / format / "Invalid")) {
      Result<CaptureJob> job = capture.Capture(ReadText(path), ErrorBehaviour::kRollback, "test");
      ASSERT_TRUE(job.ok()) << job.status().ToString();
      EXPECT_FALSE(job->success) << path;
      EXPECT_EQ(job->stored_count, 0) << path;
      const json errors = json::parse(job->errors);
      ASSERT_FALSE(errors.empty()) << path;
      EXPECT_EQ(errors[0].at("type"), "epcisException:ValidationException") << path;
      auto at = kInvalidAt.find(path.filename().string());
      ASSERT_NE(at, kInvalidAt.end()) << path << " is not in kInvalidAt";
      EXPECT_EQ(errors[0].value("jsonPath", ""), at->second) << path << " " << errors[0];
    }
  }
  EXPECT_EQ(Count(test_db->db()), 0);
}

TEST_P(CaptureTest, RecaptureIsIdempotent) {
  ZQ_OPEN_TEST_DB_OR_SKIP(test_db, GetParam());
  CaptureService capture(test_db->db(), clock_);
  const std::string text = Document(ObjectEvent(1) + "," + ObjectEvent(2));
  Result<CaptureJob> first = capture.Capture(text, ErrorBehaviour::kRollback, "test");
  ASSERT_TRUE(first.ok() && first->success) << first->errors;
  clock_.Advance(std::chrono::hours(1));
  Result<CaptureJob> second = capture.Capture(text, ErrorBehaviour::kRollback, "test");
  ASSERT_TRUE(second.ok() && second->success) << second->errors;
  EXPECT_NE(first->id, second->id);
  EXPECT_EQ(Count(test_db->db()), 2);
  EXPECT_EQ(**capture.Job(second->id), *second);
}

TEST_P(CaptureTest, RollbackStoresNothingAndProceedStoresTheValidEvents) {
  ZQ_OPEN_TEST_DB_OR_SKIP(test_db, GetParam());
  CaptureService capture(test_db->db(), clock_);
  const std::string text =
      Document(ObjectEvent(1) + "," + ObjectEvent(2, R"(, "action": "ADDED")") + "," +
               ObjectEvent(3, R"(, "ilmd": {"lot": "1"})"));
  Result<CaptureJob> rollback = capture.Capture(text, ErrorBehaviour::kRollback, "test");
  ASSERT_TRUE(rollback.ok());
  EXPECT_FALSE(rollback->success);
  EXPECT_EQ(rollback->event_count, 3);
  EXPECT_EQ(rollback->stored_count, 0);
  EXPECT_EQ(Count(test_db->db()), 0);
  const json errors = json::parse(rollback->errors);
  ASSERT_EQ(errors.size(), 2U) << errors.dump();
  EXPECT_EQ(errors[0].at("eventIndex"), 1);
  EXPECT_EQ(errors[0].at("jsonPath"), "epcisBody.eventList[1].action");
  EXPECT_EQ(errors[1].at("eventIndex"), 2);
  EXPECT_THAT(errors[1].at("jsonPath").get<std::string>(), HasSubstr("epcisBody.eventList[2]"));

  Result<CaptureJob> proceed = capture.Capture(text, ErrorBehaviour::kProceed, "test");
  ASSERT_TRUE(proceed.ok());
  EXPECT_FALSE(proceed->success);
  EXPECT_EQ(proceed->stored_count, 1);
  EXPECT_EQ(Count(test_db->db()), 1);
  const json job = CaptureJobJson(*proceed);
  EXPECT_EQ(job.at("captureErrorBehaviour"), "proceed");
  EXPECT_EQ(job.at("running"), false);
  EXPECT_EQ(job.at("errors").size(), 2U);
}

TEST_P(CaptureTest, ChecksAGivenHashAndTheCaptureLimits) {
  ZQ_OPEN_TEST_DB_OR_SKIP(test_db, GetParam());
  CaptureService capture(test_db->db(), clock_, CaptureLimits{.max_events = 2, .max_bytes = 4096},
                         HashMismatch::kRefuse);
  const std::string wrong = Document(ObjectEvent(
      1,
      R"(, "eventID": "ni:///sha-256;0000000000000000000000000000000000000000000000000000000000000000?ver=CBV2.0")"));
  Result<CaptureJob> job = capture.Capture(wrong, ErrorBehaviour::kRollback, "test");
  ASSERT_TRUE(job.ok());
  EXPECT_THAT(job->errors, HasSubstr(R"("jsonPath":"epcisBody.eventList[0].eventID")"));

  const std::string three = Document(ObjectEvent(1) + "," + ObjectEvent(2) + "," + ObjectEvent(3));
  job = capture.Capture(three, ErrorBehaviour::kProceed, "test");
  ASSERT_TRUE(job.ok());
  EXPECT_THAT(job->errors, HasSubstr("epcisException:CaptureLimitExceededException"));
  EXPECT_THAT(job->errors, HasSubstr(R"("status":413)"));
  job = capture.Capture(
      Document(ObjectEvent(1, ", \"example:x\": \"" + std::string(5000, 'x') + "\"")),
      ErrorBehaviour::kProceed, "test");
  ASSERT_TRUE(job.ok());
  EXPECT_THAT(job->errors, HasSubstr("CaptureLimitExceededException"));
  EXPECT_EQ(Count(test_db->db()), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, CaptureTest, ::testing::ValuesIn(store::testing::AllBackends()),
                         store::testing::BackendParamName);

}  // namespace
}  // namespace zq::trace
