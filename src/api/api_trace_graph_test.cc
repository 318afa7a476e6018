// The API: forward and backward trace for officials (GET /api/v1/trace/forward|backward) over a
// hand-built chain captured at /epcis/capture, as JSON and as the key data elements' spreadsheet.
#include <fstream>
#include <sstream>
#include <string>

#include "api/api_test_env.h"

namespace zq::api::apitest {
namespace {

using nlohmann::json;

TEST_P(ApiTest, TraceForwardAndBackwardForOfficials) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Boot(t->db());
  std::ifstream in("src/trace/testdata/graph/supply.jsonld", std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  const std::string lot = "/api/v1/trace/forward?id=urn:epc:class:lgtin:0614141.011111.A1";
  EXPECT_EQ(client_->Get(lot)->status, 401);

  SignIn("admin");
  ASSERT_EQ(client_->Post("/epcis/capture", Auth(), text.str(), "application/ld+json")->status,
            202);
  auto fwd = client_->Get(lot, Auth(false));
  ASSERT_EQ(fwd->status, 200) << fwd->body;
  const json answer = Body(fwd);
  EXPECT_EQ(answer["direction"], "forward");
  EXPECT_EQ(answer["destinations"].size(), 4u);
  EXPECT_EQ(answer["holders"].size(), 4u);

  // GTIN+LOT (the plus encoded), backward: the input lot.
  auto back = client_->Get("/api/v1/trace/backward?id=00614141222223%2BB1", Auth(false));
  ASSERT_EQ(back->status, 200) << back->body;
  EXPECT_EQ(Body(back)["inputs"][0]["what"], "https://id.gs1.org/01/00614141111114/10/A1");

  auto xlsx = client_->Get(lot + "&format=xlsx", Auth(false));
  ASSERT_EQ(xlsx->status, 200);
  EXPECT_TRUE(xlsx->body.starts_with("PK"));
  auto csv = client_->Get(lot + "&format=csv", Auth(false));
  ASSERT_EQ(csv->status, 200);
  EXPECT_NE(csv->body.find("critical tracking event"), std::string::npos);

  EXPECT_EQ(client_->Get("/api/v1/trace/forward?id=nonsense", Auth(false))->status, 400);
  EXPECT_EQ(client_->Get("/api/v1/trace/forward?id=00614141111114%2BNONE", Auth(false))->status,
            404);
  EXPECT_EQ(client_->Get(lot + "&format=pdf", Auth(false))->status, 400);
  const json doc = Body(client_->Get("/api/v1/openapi.json"));
  EXPECT_EQ(doc["paths"]["/api/v1/trace/backward"]["get"]["tags"][0], "trace.graph");
}

}  // namespace
}  // namespace zq::api::apitest
