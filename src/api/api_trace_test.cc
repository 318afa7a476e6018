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

}  // namespace
}  // namespace zq::api::apitest
