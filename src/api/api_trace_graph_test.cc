// The API: forward and backward trace for officials (GET /api/v1/trace/forward|backward) over a
// hand-built chain captured at /epcis/capture, as JSON and as the key data elements' spreadsheet.
#include <fstream>
#include <sstream>
#include <string>

#include "api/api_test_env.h"
#include "trace/trace_export.h"

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

  // Files for people by default: Chinese headers and labels, Beijing time, named for the
  // direction and the Beijing day. (The test client percent-decodes header values.)
  std::string day = TodayText(clock_);
  day.erase(std::remove(day.begin(), day.end(), '-'), day.end());
  auto xlsx = client_->Get(lot + "&format=xlsx", Auth(false));
  ASSERT_EQ(xlsx->status, 200);
  EXPECT_TRUE(xlsx->body.starts_with("PK"));
  EXPECT_EQ(xlsx->get_header_value("Content-Disposition"),
            "attachment; filename=\"_____________" + day + ".xlsx\"; filename*=UTF-8''正向追溯_" +
                day + ".xlsx");
  auto csv = client_->Get(lot + "&format=csv", Auth(false));
  ASSERT_EQ(csv->status, 200);
  EXPECT_TRUE(
      csv->body.starts_with("\xEF\xBB\xBF事件时间（北京时间）,关键追溯环节,追溯批次/单品,数量,"))
      << csv->body;
  EXPECT_NE(csv->body.find(",生产/赋码,"), std::string::npos) << csv->body;
  EXPECT_NE(csv->body.find(",采购订单 urn:epcglobal:cbv:bt:"), std::string::npos) << csv->body;
  EXPECT_EQ(csv->body.find("Z,"), std::string::npos) << csv->body;  // no UTC time left
  const std::string backward_csv = "/api/v1/trace/backward?id=00614141222223%2BB1&format=csv";
  EXPECT_EQ(client_->Get(backward_csv, Auth(false))->get_header_value("Content-Disposition"),
            "attachment; filename=\"_____________" + day + ".csv\"; filename*=UTF-8''反向追溯_" +
                day + ".csv");
  const Response sent =
      Response::Download("x", "text/csv",
                         trace::TraceFileName(trace::Direction::kForward, ExportHeaders::kChinese,
                                              "csv", "2026-12-07"));
  EXPECT_EQ(sent.headers.at(0).second,
            "attachment; filename=\"_____________20261207.csv\"; "
            "filename*=UTF-8''%E6%AD%A3%E5%90%91%E8%BF%BD%E6%BA%AF_20261207.csv");
  auto en = client_->Get(lot + "&format=csv&headers=en", Auth(false));
  EXPECT_TRUE(
      en->body.starts_with("\xEF\xBB\xBF"
                           "Event time (Beijing),Critical tracking event,"))
      << en->body;
  // headers=codes: the machine layout as it always was, UTC times and code values.
  auto codes = client_->Get(lot + "&format=csv&headers=codes", Auth(false));
  EXPECT_TRUE(
      codes->body.starts_with("\xEF\xBB\xBF"
                              "event time (UTC),critical tracking event,"))
      << codes->body;
  EXPECT_NE(codes->body.find("Z,commissioning,"), std::string::npos) << codes->body;
  EXPECT_EQ(codes->get_header_value("Content-Disposition"),
            "attachment; filename=\"trace-forward_" + day +
                ".csv\"; filename*=UTF-8''trace-forward_" + day + ".csv");
  for (const std::string& bad : {lot + "&format=csv&headers=fr", lot + "&headers=fr"}) {
    auto refused = client_->Get(bad, Auth(false));
    EXPECT_EQ(refused->status, 400) << bad;
    EXPECT_EQ(Body(refused)["error"]["field"], "headers") << bad;
  }

  EXPECT_EQ(client_->Get("/api/v1/trace/forward?id=nonsense", Auth(false))->status, 400);
  EXPECT_EQ(client_->Get("/api/v1/trace/forward?id=00614141111114%2BNONE", Auth(false))->status,
            404);
  EXPECT_EQ(client_->Get(lot + "&format=pdf", Auth(false))->status, 400);
  const json doc = Body(client_->Get("/api/v1/openapi.json"));
  EXPECT_EQ(doc["paths"]["/api/v1/trace/backward"]["get"]["tags"][0], "trace.graph");
}

// Jurisdiction over HTTP: the chain of supply.jsonld with its farm in 历下区 (lixia's county) and
// everything downstream in 市南区. lixia traces the farm's lot and sees only its farm's part; a
// lot wholly of 市南区 is 404 for lixia, as a lot no event names; a firm may not call the trace
// routes (403), reads its own master data only, and captures only at its own locations.
TEST_P(ApiTest, TraceAndCaptureKeepToTheCallersScope) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Boot(t->db());
  std::ifstream in("src/trace/testdata/graph/supply.jsonld", std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  SignIn("admin");
  const std::string farm = MakeEntity("370102", 0, "").uscc;
  const std::string qingdao = MakeEntity("370202", 20, "").uscc;
  for (int n = 1; n <= 5; ++n) {
    auto added =
        client_->Post("/api/v1/trace/locations", Auth(),
                      json{{"location", "urn:epc:id:sgln:0614141.0000" + std::to_string(n) + ".0"},
                           {"uscc", n == 1 ? farm : qingdao}}
                          .dump(),
                      "application/json");
    ASSERT_EQ(added->status, 201) << added->body;
  }
  ASSERT_EQ(client_->Post("/epcis/capture", Auth(), text.str(), "application/ld+json")->status,
            202);
  AddUser("qingdao-firm", auth::Role::kEnterprise, "", qingdao);

  const std::string a1 = "/api/v1/trace/forward?id=urn:epc:class:lgtin:0614141.011111.A1";
  const std::string b1 = "/api/v1/trace/forward?id=urn:epc:class:lgtin:0614141.022222.B1";
  EXPECT_EQ(Body(client_->Get(a1, Auth(false)))["destinations"].size(), 4u);
  SignIn("lixia");
  auto mine = client_->Get(a1, Auth(false));
  ASSERT_EQ(mine->status, 200) << mine->body;
  EXPECT_TRUE(Body(mine)["destinations"].empty());
  EXPECT_TRUE(Body(mine)["withheld"].get<bool>());
  EXPECT_EQ(mine->body.find(qingdao), std::string::npos) << mine->body;
  // The farm's firm with its county's full name beside the code, in the file for people.
  auto mine_csv = client_->Get(a1 + "&format=csv", Auth(false));
  EXPECT_NE(mine_csv->body.find(farm + ",质强测试企业0,370102,山东省济南市历下区,"),
            std::string::npos)
      << mine_csv->body;
  auto theirs = client_->Get(b1, Auth(false));
  auto none = client_->Get("/api/v1/trace/forward?id=00614141222223%2BNONE", Auth(false));
  EXPECT_EQ(theirs->status, 404);
  EXPECT_EQ(none->status, 404);
  EXPECT_EQ(Body(theirs)["error"]["message"].get<std::string>().substr(0, 20),
            Body(none)["error"]["message"].get<std::string>().substr(0, 20));
  EXPECT_EQ(Body(client_->Get("/api/v1/trace/locations", Auth(false)))["items"].size(), 1u);

  SignIn("qingdao-firm");
  EXPECT_EQ(client_->Get(b1, Auth(false))->status, 403);
  EXPECT_EQ(Body(client_->Get("/api/v1/trace/locations", Auth(false)))["items"].size(), 4u);
  std::string at_farm = text.str();
  at_farm.replace(at_farm.find("PO-1"), 4, "PO-9");  // a new event, at the farm's location
  auto refused = client_->Post("/epcis/capture", Auth(), at_farm, "application/ld+json");
  EXPECT_EQ(refused->status, 403) << refused->body;
  EXPECT_EQ(Body(refused)["errors"][0]["type"], "epcisException:SecurityException");
  EXPECT_EQ(Body(refused)["storedCount"], 0);
}

}  // namespace
}  // namespace zq::api::apitest
