// The API: EPCIS 2.0 capture at the REST bindings' own paths (/epcis/capture), beside /api/v1.
#include <fstream>
#include <sstream>
#include <string>

#include "api/api_test_env.h"

namespace zq::api::apitest {
namespace {

using nlohmann::json;

std::string ReadTestDocument(const std::string& name) {
  std::ifstream in("src/trace/testdata/openepcis/JSON/" + name, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST_P(ApiTest, CaptureAnswers202WithItsJobAndRefusesABadDocumentWhole) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Boot(t->db());
  const std::string good = ReadTestDocument("Documents/ObjectEvent.json");
  ASSERT_FALSE(good.empty());
  // Not signed in: refused like any other write.
  EXPECT_EQ(client_->Post("/epcis/capture", good, "application/ld+json")->status, 401);

  SignIn("admin");
  auto res = client_->Post("/epcis/capture", Auth(), good, "application/ld+json");
  ASSERT_EQ(res->status, 202) << res->body;
  const std::string location = res->get_header_value("Location");
  ASSERT_TRUE(location.starts_with("/epcis/capture/")) << location;
  EXPECT_EQ(res->get_header_value("GS1-EPCIS-Version"), "2.0.0");
  EXPECT_FALSE(res->get_header_value("GS1-EPCIS-Capture-Limit").empty());
  auto job = client_->Get(location, Auth(false));
  ASSERT_EQ(job->status, 200) << job->body;
  EXPECT_EQ(Body(job), Body(res));  // the job as the capture answered it

  // An invalid document: the standard's exception, and the job says what failed.
  const std::string bad = ReadTestDocument("Invalid/EPCISDocument_without_context.json");
  ASSERT_FALSE(bad.empty());
  auto refused = client_->Post("/epcis/capture", Auth(), bad, "application/ld+json");
  ASSERT_TRUE(refused);
  EXPECT_NE(refused->status, 500) << refused->body;
  EXPECT_NE(refused->body.find("ValidationException"), std::string::npos) << refused->body;

  // The capture routes are documented like every other, under their group.
  const json doc = Body(client_->Get("/api/v1/openapi.json"));
  EXPECT_EQ(doc["paths"]["/epcis/capture"]["post"]["tags"][0], "trace.capture");
  EXPECT_TRUE(doc["paths"]["/epcis/capture/{id}"]["get"]["responses"].contains("404"));
  // A path beneath /epcis that no route answers is an API 404, not the console's index page.
  auto missing = client_->Get("/epcis/nothing-here", Auth(false));
  EXPECT_EQ(missing->status, 404);
  EXPECT_NE(missing->body.find("\"error\""), std::string::npos) << missing->body;
}

// Master data and the event queries: locations linked to registered firms, an
// EPCISQueryDocument paged through Link headers, the standard's exception for a bad parameter,
// and a county regulator who sees only the events at its firms' locations.
TEST_P(ApiTest, MasterDataScopesTheEventQueries) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Boot(t->db());
  SignIn("admin");
  const std::string lixia_firm = MakeEntity("370102", 0, "").uscc;
  const std::string qingdao_firm = MakeEntity("370202", 20, "").uscc;
  auto add = [&](const std::string& location, const std::string& uscc) {
    return client_->Post("/api/v1/trace/locations", Auth(),
                         json{{"location", location}, {"uscc", uscc}}.dump(), "application/json");
  };
  auto added = add("urn:epc:id:sgln:0614141.07346.0", lixia_firm);
  ASSERT_EQ(added->status, 201) << added->body;
  EXPECT_EQ(Body(added)["location"], "https://id.gs1.org/414/0614141073467");
  ASSERT_EQ(add("6901234000009", qingdao_firm)->status, 201);
  auto bad = add("6901234000008", qingdao_firm);
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(Body(bad)["error"]["field"], "location") << bad->body;
  EXPECT_EQ(add("6901234000030", MakeEntity("370102", 99, "").uscc)->status, 404);
  EXPECT_EQ(add("6901234000009", qingdao_firm)->status, 409);
  auto prefix =
      client_->Post("/api/v1/trace/company-prefixes", Auth(),
                    json{{"prefix", "0614141"}, {"uscc", lixia_firm}}.dump(), "application/json");
  EXPECT_EQ(prefix->status, 201) << prefix->body;
  EXPECT_EQ(Body(client_->Get("/api/v1/trace/locations", Auth(false)))["items"].size(), 2U);

  std::string events;
  for (const auto& [serial, location] : {std::pair{1, "urn:epc:id:sgln:0614141.07346.0"},
                                         std::pair{2, "urn:epc:id:sgln:0614141.07346.0"},
                                         std::pair{3, "urn:epc:id:sgln:6901234.00000.0"}}) {
    events += (events.empty() ? "" : ",") +
              json{{"type", "ObjectEvent"},
                   {"action", "OBSERVE"},
                   {"bizStep", "shipping"},
                   {"eventTime", "2026-01-0" + std::to_string(serial) + "T00:00:00Z"},
                   {"eventTimeZoneOffset", "+08:00"},
                   {"epcList", {"urn:epc:id:sgtin:0614141.107346." + std::to_string(serial)}},
                   {"bizLocation", {{"id", location}}}}
                  .dump();
  }
  const std::string document =
      R"({"@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],
          "type": "EPCISDocument", "schemaVersion": "2.0", "creationDate": "2026-01-01T00:00:00Z",
          "epcisBody": {"eventList": [)" +
      events + "]}}";
  ASSERT_EQ(client_->Post("/epcis/capture", Auth(), document, "application/ld+json")->status, 202);

  auto page = client_->Get("/epcis/events?perPage=2&EQ_bizStep=shipping", Auth(false));
  ASSERT_EQ(page->status, 200) << page->body;
  EXPECT_EQ(page->get_header_value("Content-Type").substr(0, 19), "application/ld+json");
  EXPECT_EQ(Body(page)["type"], "EPCISQueryDocument");
  EXPECT_EQ(Body(page)["epcisBody"]["queryResults"]["resultsBody"]["eventList"].size(), 2U);
  const std::string link = page->get_header_value("Link");
  ASSERT_TRUE(link.starts_with("</epcis/events?") && link.ends_with(">; rel=\"next\"")) << link;
  auto next = client_->Get(link.substr(1, link.find('>') - 1), Auth(false));
  ASSERT_EQ(next->status, 200) << next->body;
  EXPECT_EQ(Body(next)["epcisBody"]["queryResults"]["resultsBody"]["eventList"].size(), 1U);
  EXPECT_FALSE(next->has_header("Link"));
  EXPECT_EQ(Body(client_->Get("/epcis/bizSteps/shipping/events",
                              Auth(false)))["epcisBody"]["queryResults"]["resultsBody"]["eventList"]
                .size(),
            3U);
  auto refused = client_->Get("/epcis/events?EQ_nothing=1", Auth(false));
  EXPECT_EQ(refused->status, 400);
  EXPECT_EQ(refused->get_header_value("Content-Type").substr(0, 24), "application/problem+json");
  EXPECT_EQ(Body(refused)["type"], "epcisException:QueryParameterException") << refused->body;

  SignIn("lixia");  // 历下区: the events at its firm's GLN only
  auto mine = client_->Get("/epcis/events", Auth(false));
  ASSERT_EQ(mine->status, 200) << mine->body;
  EXPECT_EQ(Body(mine)["epcisBody"]["queryResults"]["resultsBody"]["eventList"].size(), 2U);
  EXPECT_EQ(Body(client_->Get("/api/v1/trace/locations", Auth(false)))["items"].size(), 1U);
  EXPECT_EQ(client_->Get("/epcis/events")->status, 401);  // the public: nothing
}

}  // namespace
}  // namespace zq::api::apitest
