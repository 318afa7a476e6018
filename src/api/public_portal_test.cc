// The anonymous portal (every route declared Access::kPublic) reads published information only:
// with a demo province present, no request of it appends to the audit log (so no personal data is
// read in full: that read is audited) and every legal representative it shows is masked. The
// routes are taken from the server's own table, so a new public route is covered as it is added.
#include <chrono>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "api/server.h"
#include "app/app.h"
#include "app/registered_modules.h"
#include "auth/audit_log.h"
#include "core/calendar.h"
#include "core/testing/ids.h"
#include "credit/credit_lists.h"
#include "credit/credit_service.h"
#include "demo/credit_demo.h"
#include "demo/credit_lists_demo.h"
#include "demo/province_generator.h"
#include "demo/spot_check_demo.h"
#include "demo/spot_check_results_demo.h"
#include "inspection/spot_check_service.h"
#include "registry/registry_test_env.h"
#include "store/testing/test_database.h"

namespace zq::api {
namespace {

constexpr char kComplaintForm[] =
    R"({"kinds":["complaint"],"name":"王五","phone":"13912345678","address":"济南市历下区某路2号",)"
    R"("respondent_name":"某小店","domicile_region":"370102","facts":"买的电水壶漏电",)"
    R"("request":"退货"})";

using nlohmann::json;

class PublicPortalTest : public ::testing::TestWithParam<store::Backend> {
 protected:
  // A small demo province (entities, credit grades and lists, penalty publications, published
  // draws and a year of spot-check results), then the server on port 0.
  void Boot(store::Database& db) {
    BuildApp(db);
    registry::Registry& registry = app_->Get<registry::Registry>();
    credit::CreditService& credit = app_->Get<credit::CreditService>();
    demo::DemoOptions options;
    options.entity_count = 1500;
    Result<demo::DemoSummary> province = demo::GenerateProvince(db, registry, options);
    ASSERT_TRUE(province.ok()) << province.status().ToString();
    const auto today = clock_.TodayInChina();
    const std::string_view shandong = options.province_code;
    ASSERT_TRUE(demo::GenerateCreditEvents(credit, registry, shandong, today, options.seed).ok());
    Result<demo::CreditListsDemoSummary> lists = demo::GenerateCreditLists(
        db, registry, credit, app_->Get<credit::CreditLists>(), shandong, today);
    ASSERT_TRUE(lists.ok()) << lists.status().ToString();
    ASSERT_TRUE(demo::GenerateSpotChecks(app_->Get<inspection::SpotCheckService>(), registry,
                                         shandong, static_cast<int>(today.year()))
                    .ok());
    Result<demo::ResultsDemoSummary> results =
        demo::GenerateSpotCheckResults(db, registry, app_->context().audit(), keys_.personal_data(),
                                       shandong, today, options.seed);
    ASSERT_TRUE(results.ok()) << results.status().ToString();
    ServerOptions server_options;
    server_options.port = 0;
    server_options.anonymous_requests_per_minute = 100000;
    server_ = std::make_unique<ApiServer>(*app_, server_options);
    Result<int> port = server_->Start();
    ASSERT_TRUE(port.ok()) << port.status().ToString();
    client_ = std::make_unique<httplib::Client>("127.0.0.1", *port);
    client_->set_read_timeout(60, 0);
  }

  void BuildApp(store::Database& db) {
    Result<std::unique_ptr<app::App>> built =
        app::App::Build(app::RegisteredModules(), db, keys_, clock_);
    ASSERT_TRUE(built.ok()) << built.status().ToString();
    app_ = std::move(built).value();
    ASSERT_TRUE(app_->Get<registry::Registry>().LoadReferenceData().ok());
  }

  void TearDown() override {
    if (server_)
      server_->Stop();
  }

  Result<auth::AuditHead> Head() {
    Result<std::unique_ptr<store::Transaction>> tx =
        app_->context().db().Begin(store::TxMode::kReadOnly);
    if (!tx.ok())
      return tx.status();
    return app_->context().audit().Head(**tx);
  }

  // The first item of an anonymous GET's "items", or null.
  json FirstItem(const std::string& path) {
    auto res = client_->Get(path);
    if (!res || res->status != 200)
      return nullptr;
    const json body = json::parse(res->body);
    return body.contains("items") && !body["items"].empty() ? body["items"][0] : json();
  }

  FakeClock clock_{std::chrono::system_clock::now()};
  auth::KeyRing keys_ = *auth::KeyRing::FromMasterKey(std::string(32, 'p'));
  std::unique_ptr<app::App> app_;
  std::unique_ptr<ApiServer> server_;
  std::unique_ptr<httplib::Client> client_;
};

// Every string under a key "legal_representative", anywhere in `j`.
void CollectRepresentatives(const json& j, std::vector<std::string>& out) {
  if (j.is_object()) {
    for (const auto& [key, value] : j.items()) {
      if (key == "legal_representative" && value.is_string())
        out.push_back(value.get<std::string>());
      else
        CollectRepresentatives(value, out);
    }
  } else if (j.is_array()) {
    for (const json& v : j) CollectRepresentatives(v, out);
  }
}

TEST_P(PublicPortalTest, AnonymousRequestsAuditNothingAndShowOnlyMaskedNames) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Boot(t->db());
  if (HasFatalFailure())
    return;
  // Records the portal shows: a firm on the public serious list, a published penalty, a draw.
  const json listed = FirstItem("/api/v1/public/credit/serious-list?page_size=1");
  ASSERT_TRUE(listed.is_object()) << "the demo lists no firm publicly";
  ASSERT_TRUE(FirstItem("/api/v1/public/credit/penalties?page_size=1").is_object());
  ASSERT_TRUE(FirstItem("/api/v1/public/spot-check-results?page_size=1").is_object());
  const json product = FirstItem("/api/v1/products?page_size=1");
  ASSERT_TRUE(product.is_object());
  Result<std::unique_ptr<store::Transaction>> tx = t->db().Begin(store::TxMode::kReadOnly);
  ASSERT_TRUE(tx.ok());
  // A draw whose plan has ended: its full record is public (docs/random-draw.md §6.1).
  const std::vector<store::Value> today = {FormatDate(clock_.TodayInChina())};
  Result<store::ResultSet> draws = (*tx)->Query(
      "SELECT MIN(d.id) FROM inspection_draws d JOIN inspection_plans p "
      "ON p.id = d.plan_id WHERE d.drawn_at <> '' AND p.period_end < ?",
      today);
  ASSERT_TRUE(draws.ok()) << draws.status().ToString();
  ASSERT_FALSE(draws->rows.empty() || draws->rows[0].IsNull(0))
      << "the demo ran no draw of a plan that has ended";
  tx->reset();
  const std::string uscc = listed["uscc"];
  const std::map<std::string, std::string> values = {
      {"uscc", uscc},   {"id", std::to_string(draws->rows[0].GetInt(0))},
      {"kind", "uscc"}, {"lot_size", "500"},  // the sampling plan's required query
      {"aql", "1.0"},
  };
  // {code} names a region, an industry, a product or (with {kind}) a USCC.
  const auto code_for = [&](const std::string& pattern) -> std::string {
    if (pattern.starts_with("/api/v1/regions/"))
      return "370102";
    if (pattern.starts_with("/api/v1/industries/"))
      return "C";
    if (pattern.starts_with("/api/v1/products/"))
      return product.value("product_code", std::string());
    if (pattern.starts_with("/api/v1/stats/indicators/"))
      return std::string("spot_check_pass_rate");  // a published indicator
    return uscc;
  };

  Result<auth::AuditHead> before = Head();
  ASSERT_TRUE(before.ok()) << before.status().ToString();
  int requests = 0;
  int names_shown = 0;      // legal representatives in the answers (masked)
  std::string draw_record;  // the body of GET /inspection/draws/{id}, which verify-draw checks
  std::vector<const Route*> posts;
  for (const Route& route : server_->router().routes()) {
    if (route.access != Access::kPublic)
      continue;
    if (route.method != "GET") {
      posts.push_back(&route);
      continue;
    }
    std::string path = route.pattern;
    for (std::size_t open = path.find('{'); open != std::string::npos; open = path.find('{')) {
      const std::size_t close = path.find('}', open);
      const std::string name = path.substr(open + 1, close - open - 1);
      std::string value = name == "code" ? code_for(route.pattern) : "";
      if (const auto it = values.find(name); value.empty() && it != values.end())
        value = it->second;
      ASSERT_FALSE(value.empty()) << route.pattern << ": give the test a value for {" << name
                                  << "}";
      path.replace(open, close - open + 1, value);
    }
    char separator = '?';
    for (const ParamSpec& param : route.params) {
      if (param.in != ParamIn::kQuery || !param.required())
        continue;
      const auto it = values.find(param.name);
      ASSERT_NE(it, values.end()) << route.pattern << ": give the test a value for ?" << param.name;
      path += separator + param.name + "=" + it->second;
      separator = '&';
    }
    // The product trace page: this demo has no supply chains, so a lot is not found (404).
    const bool lot = route.pattern == "/api/v1/public/trace";
    if (lot)
      path = route.pattern + "?id=06900000010006%2BNONE";
    auto res = client_->Get(path);
    ++requests;
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->status, lot ? 404 : 200) << path << ": " << res->body;
    if (route.pattern == "/api/v1/inspection/draws/{id}")
      draw_record = res->body;
    if (res->get_header_value("Content-Type").starts_with("application/json")) {
      std::vector<std::string> names;
      CollectRepresentatives(json::parse(res->body), names);
      names_shown += static_cast<int>(names.size());
      for (const std::string& name : names) {
        EXPECT_TRUE(name.empty() || name.find('*') != std::string::npos)
            << path << " shows a legal representative in full: " << name;
      }
    }
  }
  for (const Route* route : posts) {
    // Signing in audits every attempt by design (login.ok, login.failed): not a portal read.
    if (route->pattern == "/api/v1/auth/login")
      continue;
    // The submitter's look-up and rating: a number nobody holds is not found (nothing audited).
    if (route->pattern == "/api/v1/complaints/lookup" ||
        route->pattern == "/api/v1/complaints/rating") {
      auto res = client_->Post(route->pattern,
                               R"({"number":"TS20000101-000000","phone":"13800000000","rating":5})",
                               "application/json");
      ++requests;
      ASSERT_TRUE(res) << route->pattern;
      EXPECT_EQ(res->status, 404) << route->pattern << ": " << res->body;
      continue;
    }
    // The portal's complaint form is taken only whole (its fields are required by law); a
    // citizen's submission is recorded in the case's history, not the audit log.
    const std::string body = route->pattern == "/api/v1/inspection/verify-draw" ? draw_record
                             : route->pattern == "/api/v1/complaints/submissions"
                                 ? std::string(kComplaintForm)
                                 : std::string("{}");
    auto res = client_->Post(route->pattern, body, "application/json");
    ++requests;
    ASSERT_TRUE(res) << route->pattern;
    EXPECT_LT(res->status, 300) << route->pattern << ": " << res->body;
  }
  EXPECT_GE(requests, 20);    // the portal's routes were all asked
  EXPECT_GT(names_shown, 0);  // and the lists showed names, masked

  Result<auth::AuditHead> after = Head();
  ASSERT_TRUE(after.ok()) << after.status().ToString();
  EXPECT_EQ(after->seq, before->seq) << "an anonymous request appended to the audit log";
}

// The public grade of an unregistered USCC is 404; a read that fails is the failure it is (here
// the registry's entity facts are gone: 500), never turned into "no such market entity".
TEST_P(PublicPortalTest, PublicCreditReadKeepsRealErrors) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  BuildApp(t->db());
  credit::CreditService& credit = app_->Get<credit::CreditService>();
  const std::string unregistered = registry::testing::MakeUscc("370102", 999);
  EXPECT_EQ(credit.Public(TestUscc(unregistered)).status().code(), StatusCode::kNotFound);
  ASSERT_TRUE(store::InTransaction(t->db(), [](store::Transaction& tx) {
                return tx.Execute("DROP VIEW registry_entity_facts", {}).status();
              }).ok());
  const Status failed = credit.Public(TestUscc(unregistered)).status();
  EXPECT_EQ(failed.code(), StatusCode::kInternal) << failed.ToString();
}

INSTANTIATE_TEST_SUITE_P(Backends, PublicPortalTest,
                         ::testing::ValuesIn(store::testing::AllBackends()),
                         store::testing::BackendParamName);

}  // namespace
}  // namespace zq::api
