// Reading EPCIS documents: malformed input is refused with kInvalidArgument naming where, never a
// crash; OpenEPCIS' conformance documents (../shared/data/epcis/openepcis/, when present).
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "core/testing/status_is.h"
#include "trace/epcis_json.h"
#include "trace/epcis_xml.h"
#include "trace/event_hash.h"

namespace zq::trace {
namespace {

using status_matchers::StatusIs;
using testing::HasSubstr;

constexpr std::string_view kEvent = R"({"type": "ObjectEvent", "action": "OBSERVE",
    "eventTime": "2020-01-01T00:00:00Z", "eventTimeZoneOffset": "+00:00"})";

std::string Document(std::string_view events) {
  return R"({"@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],
             "type": "EPCISDocument", "epcisBody": {"eventList": [)" +
         std::string(events) + "]}}";
}

TEST(ReadEpcisJson, RefusesWhatIsNotJson) {
  Result<std::vector<EpcisEvent>> r = ReadEpcisDocument("{\"epcisBody\": ");
  EXPECT_THAT(r.status(), StatusIs(StatusCode::kInvalidArgument, "document"));
  EXPECT_THAT(r.status().message(), HasSubstr("not JSON"));
  EXPECT_THAT(ReadEpcisJson("[1, 2]").status(), StatusIs(StatusCode::kInvalidArgument, "document"));
}

TEST(ReadEpcisJson, RefusesADocumentWithoutAnEventList) {
  EXPECT_THAT(ReadEpcisJson(R"({"type": "EPCISDocument"})").status(),
              StatusIs(StatusCode::kInvalidArgument, "epcisBody"));
  EXPECT_THAT(ReadEpcisJson(R"({"epcisBody": {"events": []}})").status(),
              StatusIs(StatusCode::kInvalidArgument, "epcisBody.eventList"));
  EXPECT_THAT(
      ReadEpcisJson(R"({"epcisBody": {"queryResults": {"resultsBody": 1}}})").status(),
      StatusIs(StatusCode::kInvalidArgument, "epcisBody.queryResults.resultsBody.eventList"));
  EXPECT_THAT(ReadEpcisJson(R"({"epcisBody": {"eventList": {}}})").status(),
              StatusIs(StatusCode::kInvalidArgument, "epcisBody.eventList"));
}

TEST(ReadEpcisJson, NamesTheEventWithoutAType) {
  Result<std::vector<EpcisEvent>> r =
      ReadEpcisJson(Document(std::string(kEvent) + R"(, {"action": "ADD"})"));
  EXPECT_THAT(r.status(), StatusIs(StatusCode::kInvalidArgument, "epcisBody.eventList[1].type"));
  EXPECT_THAT(r.status().message(), HasSubstr("event 1"));
  EXPECT_THAT(ReadEpcisJson(Document(R"({"type": 7})")).status(),
              StatusIs(StatusCode::kInvalidArgument, "epcisBody.eventList[0].type"));
  EXPECT_THAT(ReadEpcisJson(Document(R"({"type": "ObjectEvnt"})")).status(),
              StatusIs(StatusCode::kInvalidArgument, "epcisBody.eventList[0].type"));
  EXPECT_THAT(ReadEpcisJson(Document(std::string(kEvent) + ", 3")).status(),
              StatusIs(StatusCode::kInvalidArgument, "epcisBody.eventList[1]"));
}

TEST(ReadEpcisJson, RefusesNestingDeeperThan64) {
  std::string deep = "1";
  for (int i = 0; i < 200; ++i) deep = "{\"example:x\": " + deep + "}";
  Result<std::vector<EpcisEvent>> r =
      ReadEpcisJson(Document(R"({"type": "ObjectEvent", "example:y": )" + deep + "}"));
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(r.status().field(), HasSubstr("epcisBody.eventList[0].example:y.example:x"));
}

TEST(ReadEpcisJson, ReadsASingleEventAndAQueryDocument) {
  Result<std::vector<EpcisEvent>> single =
      ReadEpcisJson(R"({"epcisBody": {"event": )" + std::string(kEvent) + "}}");
  ASSERT_TRUE(single.ok()) << single.status().ToString();
  EXPECT_EQ(single->size(), 1U);
  Result<std::vector<EpcisEvent>> query =
      ReadEpcisJson(R"({"epcisBody": {"queryResults": {"resultsBody": {"eventList": [)" +
                    std::string(kEvent) + "]}}}}");
  ASSERT_TRUE(query.ok()) << query.status().ToString();
  EXPECT_EQ(query->size(), 1U);
}

TEST(ReadEpcisXml, RefusesMalformedXmlADtdAndAMissingEventList) {
  EXPECT_THAT(ReadEpcisDocument("<EPCISDocument><EPCISBody>").status(),
              StatusIs(StatusCode::kInvalidArgument, "document"));
  EXPECT_THAT(ReadEpcisDocument("").status(), StatusIs(StatusCode::kInvalidArgument, "document"));
  EXPECT_THAT(ReadEpcisXml("<!DOCTYPE x [<!ENTITY a \"b\">]><x>&a;</x>").status(),
              StatusIs(StatusCode::kInvalidArgument, "document"));
  EXPECT_THAT(ReadEpcisXml("<EPCISDocument><EPCISBody/></EPCISDocument>").status(),
              StatusIs(StatusCode::kInvalidArgument, "EventList"));
}

TEST(ReadEpcisXml, NamesAnElementThatIsNotAnEvent) {
  Result<std::vector<EpcisEvent>> r = ReadEpcisXml(
      "<EPCISDocument><EPCISBody><EventList><ObjectEvent/><Event/></EventList></EPCISBody>"
      "</EPCISDocument>");
  EXPECT_THAT(r.status(), StatusIs(StatusCode::kInvalidArgument, "EventList[1]"));
  EXPECT_THAT(r.status().message(), HasSubstr("event 1"));
}

TEST(ReadEpcisXml, RefusesNestingDeeperThan64) {
  std::string deep = "x";
  for (int i = 0; i < 100; ++i) deep = "<a>" + deep + "</a>";
  EXPECT_THAT(ReadEpcisXml("<EPCISDocument><EPCISBody><EventList><ObjectEvent>" + deep +
                           "</ObjectEvent></EventList></EPCISBody></EPCISDocument>")
                  .status(),
              StatusIs(StatusCode::kInvalidArgument, "document"));
}

TEST(ReadEpcisXml, TakesNamespacesAndDropsExtensionWrappers) {
  Result<std::vector<EpcisEvent>> r = ReadEpcisXml(R"(<epcis:EPCISDocument
      xmlns:epcis="urn:epcglobal:epcis:xsd:2" xmlns:ex="https://ns.example.com/">
    <EPCISBody><EventList><extension><TransformationEvent>
      <eventTime> 2020-01-01T00:00:00Z </eventTime>
      <ex:note ex:lang="en">hi<ex:b>1</ex:b></ex:note>
    </TransformationEvent></extension></EventList></EPCISBody></epcis:EPCISDocument>)");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 1U);
  const EpcisEvent& e = r->front();
  EXPECT_EQ(e.type, "TransformationEvent");
  ASSERT_EQ(e.fields.size(), 2U);
  EXPECT_EQ(e.fields[0], (EpcisNode{"eventTime", "2020-01-01T00:00:00Z", {}}));
  EXPECT_EQ(e.fields[1], (EpcisNode{"{https://ns.example.com/}note",
                                    "hi",
                                    {{"{https://ns.example.com/}lang", "en", {}},
                                     {"{https://ns.example.com/}b", "1", {}}}}));
}

// OpenEPCIS' test documents (openepcis/openepcis-test-resources; not in the repository, so the
// test is skipped when they are absent): every valid document is read and each event hashed; no
// invalid one crashes the reader. The reader refuses what it cannot read (a bare event is not a
// document); the rest are well-formed documents invalid by the EPCIS schema only (a missing
// action or eventTime, a malformed timestamp, a vocabulary word), which have a hash and which
// capture refuses by the JSON Schema (capture_test.cc pins where). The table pins which is which.
TEST(ReadEpcisDocument, OpenEpcisDocuments) {
  const std::filesystem::path root = "../shared/data/epcis/openepcis/2.0/EPCIS";
  if (!std::filesystem::exists(root))
    GTEST_SKIP() << root << " is absent";
  const std::map<std::string, bool> invalid_refused = {
      {"Combination_of_events_with_missing_mandatory_fields.json", false},
      {"Combination_of_multiple_invalid_fields.json", false},
      {"EPCISDocument_without_context.json", false},
      {"ObjectEvent_with_ilmd_field_without_namespace.json", false},
      {"ObjectEvent_with_invalid_certificationInfo.json", false},
      {"ObjectEvent_with_invalid_eventTime_format.json", false},
      {"ObjectEvent_with_non_standard_bizStep_in_second_event.json", false},
      {"ObjectEvent_with_non_standard_disposition.json", false},
      {"ObjectEvent_with_unknown_field_in_quantityList.json", false},
      {"ObjectEvent_without_action_and_eventTime.json", false},
      {"ObjectEvent_bare_event_without_action.xml", true},
      {"ObjectEvent_with_invalid_action.xml", false},
      {"ObjectEvent_with_near_miss_action.xml", false},
      {"ObjectEvent_with_unknown_element.xml", false},
      {"ObjectEvent_without_eventTime.xml", false},
  };
  std::size_t valid = 0;
  std::size_t invalid = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file())
      continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    Result<std::vector<EpcisEvent>> events = ReadEpcisDocument(text.str());
    const std::string name = entry.path().filename().string();
    if (entry.path().parent_path().filename() == "Invalid") {
      ++invalid;
      auto expected = invalid_refused.find(name);
      ASSERT_NE(expected, invalid_refused.end()) << entry.path() << " is not in the table";
      EXPECT_EQ(!events.ok(), expected->second)
          << entry.path() << " " << events.status().ToString();
      if (!events.ok())
        EXPECT_EQ(events.status().code(), StatusCode::kInvalidArgument);
      continue;
    }
    if (entry.path().parent_path().filename() == "Events")
      continue;  // single events, not documents
    ++valid;
    ASSERT_TRUE(events.ok()) << entry.path() << ": " << events.status().ToString();
    EXPECT_FALSE(events->empty()) << entry.path();
    for (const EpcisEvent& event : *events)
      EXPECT_TRUE(EventHash(event).starts_with("ni:///sha-256;")) << entry.path();
  }
  EXPECT_GE(valid, 60U);
  EXPECT_EQ(invalid, invalid_refused.size());
}

}  // namespace
}  // namespace zq::trace
