// The API over a real server: health, registry reads, errors, hostile requests, routes and the
// authorization matrix (fixture: api_test_env.h).
#include "api/api_test_env.h"
#include "core/testing/ids.h"

namespace zq::api::apitest {
namespace {

using nlohmann::json;
using registry::testing::MakeEntity;

TEST_P(ApiTest, HealthNamesTheDatabase) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Boot(t->db());
  auto res = client_->Get("/api/v1/health");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(Body(res)["database"], store::BackendName(GetParam()));
  EXPECT_EQ(
      Body(res)["event_consumers"],
      json::parse(
          R"([{"consumer":"credit.inspection","lag":0},{"consumer":"credit.complaint","lag":0}])"));
  EXPECT_FALSE(res->get_header_value("X-Request-Id").empty());
}

// Administrators see the event consumers and the dead letters, and have one redelivered: the
// credit consumer records the spot-check verdict then, and the retry is audited.
TEST_P(ApiTest, AdministratorsListAndRedeliverDeadLetters) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Boot(t->db());
  const std::string firm = MakeEntity("370102", 3, "").uscc;
  ASSERT_TRUE(store::InTransaction(t->db(), [&](store::Transaction& tx) -> Status {
                store::DomainEvent e;
                e.source = "inspection";
                e.source_id = "batch:77:final";
                e.kind = "inspection.batch_failed";
                e.uscc = firm;
                e.region_code = "370102";
                e.occurred_on = "2026-10-20";
                e.payload = R"({"severity": "key_item"})";
                ZQ_ASSIGN_OR_RETURN(const std::int64_t seq, store::AppendDomainEvent(tx, e));
                // As the dispatcher leaves a poison event: set aside, the cursor past it.
                ZQ_RETURN_IF_ERROR(store::AdvanceDomainEventCursor(tx, "credit.inspection", seq));
                events::DeadLetter d;
                d.consumer = "credit.inspection";
                d.seq = seq;
                d.attempts = 5;
                d.last_error = "UNAVAILABLE: the rule set could not be read";
                d.failed_at = d.last_attempt_at = "2026-10-20T08:00:00Z";
                return events::AddDeadLetter(tx, d);
              }).ok());
  SignIn("lixia");
  EXPECT_EQ(client_->Get("/api/v1/admin/events", Auth())->status, 403);
  SignIn("admin");
  auto listed = client_->Get("/api/v1/admin/events", Auth());
  ASSERT_EQ(listed->status, 200) << listed->body;
  EXPECT_EQ(Body(listed)["consumers"][0]["consumer"], "credit.inspection");
  EXPECT_EQ(Body(listed)["consumers"][0]["lag"], 0);
  EXPECT_EQ(Body(listed)["consumers"][0]["dead_letters"], 1);
  ASSERT_EQ(Body(listed)["dead_letters"].size(), 1u);
  const json letter = Body(listed)["dead_letters"][0];
  EXPECT_EQ(letter["kind"], "inspection.batch_failed");
  EXPECT_EQ(letter["source_id"], "batch:77:final");
  EXPECT_EQ(letter["attempts"], 5);
  EXPECT_EQ(listed->body.find(firm), std::string::npos);  // no firm identities in the list
  EXPECT_EQ(client_->Get("/api/v1/admin/events?limit=0", Auth())->status, 400);

  const std::string retry =
      "/api/v1/admin/events/dead-letters/" + std::to_string(letter["id"].get<int>()) + "/retry";
  EXPECT_EQ(client_->Post(retry, Auth(false), "", "application/json")->status, 403);  // CSRF
  auto done = client_->Post(retry, Auth(), "", "application/json");
  ASSERT_EQ(done->status, 200) << done->body;
  EXPECT_EQ(Body(done)["delivered"], true);
  auto file = app_->Get<credit::CreditService>().File(auth::Caller::System(), TestUscc(firm));
  ASSERT_TRUE(file.ok());
  ASSERT_EQ(file->events.size(), 1u);
  EXPECT_EQ(file->events[0].event_type, "spot_check.failed");
  EXPECT_EQ(Body(client_->Get("/api/v1/admin/events", Auth()))["dead_letters"].size(), 0u);
  EXPECT_EQ(client_->Post(retry, Auth(), "", "application/json")->status, 404);
  EXPECT_EQ(
      client_->Post("/api/v1/admin/events/dead-letters/x/retry", Auth(), "", "application/json")
          ->status,
      400);
  ASSERT_TRUE(
      store::InTransaction(t->db(), [](store::Transaction& tx) -> Status {
        ZQ_ASSIGN_OR_RETURN(
            store::ResultSet audited,
            tx.Query("SELECT actor FROM audit_log WHERE action = 'events.dead_letter.retry'"));
        EXPECT_EQ(audited.rows.size(), 1u);
        EXPECT_EQ(audited.rows.at(0).GetText(0), "admin");
        return Status::Ok();
      }).ok());
}

TEST_P(ApiTest, ShandongHasSixteenCities) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Boot(t->db());
  auto res = client_->Get("/api/v1/regions/370000/children");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  EXPECT_EQ(Body(res)["items"].size(), 16u);
  EXPECT_EQ(Body(res)["items"][0]["name"], "济南市");
}

TEST_P(ApiTest, EntitySearchIsPagedByNameAndRegion) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Boot(t->db());
  auto res = client_->Get("/api/v1/entities?name=%E8%B4%A8%E5%BC%BA&page=2&page_size=10");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  json body = Body(res);
  EXPECT_EQ(body["total"], 25);
  EXPECT_EQ(body["page"], 2);
  EXPECT_EQ(body["items"].size(), 10u);
  EXPECT_EQ(body["items"][0]["legal_representative"], "张*");  // the public sees it masked
  auto qd = client_->Get("/api/v1/entities?region=370200");
  EXPECT_EQ(Body(qd)["total"], 5);
  auto big = client_->Get("/api/v1/entities?page_size=501");
  EXPECT_EQ(big->status, 400);
  EXPECT_EQ(Body(big)["error"]["field"], "page_size");
}

TEST_P(ApiTest, ErrorsShareOneBodyWithCodeMessageAndField) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Boot(t->db());
  auto missing = client_->Get("/api/v1/entities/91350100M000100Y43");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(Body(missing)["error"]["code"], "NOT_FOUND");
  EXPECT_EQ(Body(missing)["error"]["field"], "uscc");
  auto route = client_->Get("/api/v1/nothing-here");
  EXPECT_EQ(route->status, 404);
  EXPECT_EQ(Body(route)["error"]["code"], "NOT_FOUND");
  auto method = client_->Delete("/api/v1/health");
  EXPECT_EQ(method->status, 405);
  EXPECT_EQ(Body(method)["error"]["code"], "METHOD_NOT_ALLOWED");
}

TEST_P(ApiTest, WritesNeedASessionAndItsCsrfToken) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Boot(t->db());
  registry::MarketEntity e = MakeEntity("370102", 900, "新登记企业");
  json body = {{"uscc", e.uscc}, {"name", e.name}, {"region_code", e.region_code}};
  auto anonymous = client_->Post("/api/v1/entities", body.dump(), "application/json");
  EXPECT_EQ(anonymous->status, 401);
  SignIn("admin");
  auto no_csrf = client_->Post("/api/v1/entities", Auth(false), body.dump(), "application/json");
  EXPECT_EQ(no_csrf->status, 403);
  EXPECT_EQ(Body(no_csrf)["error"]["field"], "x-csrf-token");
  auto ok = client_->Post("/api/v1/entities", Auth(), body.dump(), "application/json");
  EXPECT_EQ(ok->status, 200) << ok->body;
  EXPECT_EQ(Body(ok)["changed"], true);
  body["uscc"] = e.uscc.substr(0, 17) + (e.uscc.back() == 'A' ? "B" : "A");
  auto bad = client_->Post("/api/v1/entities", Auth(), body.dump(), "application/json");
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(Body(bad)["error"]["field"], "uscc");
}

TEST_P(ApiTest, CountyRegulatorCannotOpenAnotherCountysEntity) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Boot(t->db());
  SignIn("lixia");
  auto own = client_->Get("/api/v1/entities/" + MakeEntity("370102", 1, "").uscc, Auth());
  EXPECT_EQ(own->status, 200);
  EXPECT_EQ(Body(own)["legal_representative"], "张三");  // a regulator reading one record
  auto other = client_->Get("/api/v1/entities/" + MakeEntity("370202", 21, "").uscc, Auth());
  EXPECT_EQ(other->status, 404);
  auto search = client_->Get("/api/v1/entities", Auth());
  EXPECT_EQ(Body(search)["total"], 20);
}

TEST_P(ApiTest, EntitiesAreFoundByExactLegalRepresentativeOnlyByWhoMaySeeIt) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Boot(t->db());
  const std::string zhang_san = "/api/v1/entities?legal_representative=%E5%BC%A0%E4%B8%89";
  auto anonymous = client_->Get(zhang_san);
  EXPECT_EQ(anonymous->status, 403);
  EXPECT_EQ(Body(anonymous)["error"]["field"], "legal_representative");
  SignIn("lixia");
  auto found = client_->Get(zhang_san, Auth());
  ASSERT_EQ(found->status, 200) << found->body;
  EXPECT_EQ(Body(found)["total"], 20);  // the 20 in Lixia; Qingdao's 5 are outside the scope
  EXPECT_EQ(Body(found)["items"][0]["legal_representative"], "张*");  // lists stay masked
  auto part = client_->Get("/api/v1/entities?legal_representative=%E5%BC%A0", Auth());  // 张
  EXPECT_EQ(Body(part)["total"], 0);
}

TEST_P(ApiTest, ExportNeedsSignInAndGivesCsv) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Boot(t->db());
  EXPECT_EQ(client_->Get("/api/v1/entities/export?format=csv")->status, 401);
  SignIn("lixia");
  auto csv = client_->Get("/api/v1/entities/export?format=csv", Auth());
  ASSERT_EQ(csv->status, 200) << csv->body;
  EXPECT_NE(csv->get_header_value("Content-Type").find("text/csv"), std::string::npos);
  EXPECT_EQ(std::count(csv->body.begin(), csv->body.end(), '\n'), 21);  // header + 20 rows
  // Chinese headers by default, and a file name that says what and when (Beijing date).
  EXPECT_EQ(csv->body.substr(0, 3 + 24), "\xEF\xBB\xBF统一社会信用代码");
  const std::string disposition = csv->get_header_value("Content-Disposition");
  // (The test client percent-decodes header values; the bytes sent are checked below.)
  EXPECT_NE(disposition.find("filename*=UTF-8''市场主体_"), std::string::npos) << disposition;
  const Response sent = Response::Download("x", "text/csv", "市场主体_20261207.csv");
  ASSERT_EQ(sent.headers.size(), 1u);
  EXPECT_EQ(sent.headers[0].second,
            "attachment; filename=\"_____________20261207.csv\"; "
            "filename*=UTF-8''%E5%B8%82%E5%9C%BA%E4%B8%BB%E4%BD%93_20261207.csv");
  EXPECT_NE(disposition.find(".csv"), std::string::npos) << disposition;
  auto codes = client_->Get("/api/v1/entities/export?format=csv&headers=codes", Auth());
  EXPECT_EQ(codes->body.substr(3, 5), "uscc,");
  auto bad = client_->Get("/api/v1/entities/export?format=pdf", Auth());
  EXPECT_EQ(Body(bad)["error"]["field"], "format");
  bad = client_->Get("/api/v1/entities/export?format=csv&headers=fr", Auth());
  EXPECT_EQ(Body(bad)["error"]["field"], "headers");
}

TEST_P(ApiTest, OpenApiDocumentsEveryRouteAndItsErrors) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Boot(t->db());
  auto res = client_->Get("/api/v1/openapi.json");
  ASSERT_EQ(res->status, 200);
  json doc = Body(res);
  EXPECT_EQ(doc["openapi"], "3.0.3");
  ASSERT_GT(server_->router().routes().size(), 15u);
  for (const Route& r : server_->router().routes()) {
    std::string method = r.method;
    for (char& c : method) c = static_cast<char>(std::tolower(c));
    ASSERT_TRUE(doc["paths"].contains(r.pattern)) << r.pattern;
    ASSERT_TRUE(doc["paths"][r.pattern].contains(method)) << r.method << " " << r.pattern;
    const json& responses = doc["paths"][r.pattern][method]["responses"];
    EXPECT_TRUE(responses.contains("200")) << r.pattern;
    EXPECT_TRUE(responses.contains("500")) << r.pattern;
    for (int status : r.errors) {
      EXPECT_TRUE(responses.contains(std::to_string(status))) << r.pattern << " " << status;
    }
  }
}

TEST_P(ApiTest, HostileRequestsGetCleanClientErrorsAndChangeNothing) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ServerOptions options;
  options.max_body_bytes = 64 * 1024;
  Boot(t->db(), options);
  SignIn("admin");
  auto count = [&] {
    return app_->Get<registry::Registry>().CountEntities(auth::Caller::System(), {}).value();
  };
  const std::int64_t before = count();

  struct Case {
    std::string what;
    int status;
    httplib::Result res;
  };

  std::vector<Case> cases;
  cases.push_back({"oversized body", 413,
                   client_->Post("/api/v1/entities", Auth(), std::string(100 * 1024, 'x'),
                                 "application/json")});
  cases.push_back(
      {"deep nesting", 400,
       client_->Post("/api/v1/entities", Auth(), std::string(5000, '[') + std::string(5000, ']'),
                     "application/json")});
  cases.push_back({"not json", 400,
                   client_->Post("/api/v1/entities", Auth(), "{\"uscc\":", "application/json")});
  cases.push_back({"invalid utf-8 in query", 400, client_->Get("/api/v1/entities?name=%FF%FE")});
  cases.push_back({"invalid utf-8 in body", 400,
                   client_->Post("/api/v1/entities", Auth(),
                                 "{\"uscc\":\"91350100M000100Y43\",\"name\":\"\xff\","
                                 "\"region_code\":\"370102\"}",
                                 "application/json")});
  cases.push_back({"path traversal", 404, client_->Get("/../../etc/passwd")});
  cases.push_back({"encoded traversal", 404, client_->Get("/%2e%2e/%2e%2e/etc/passwd")});
  cases.push_back({"bad page", 400, client_->Get("/api/v1/entities?page=abc")});
  cases.push_back({"negative page", 400, client_->Get("/api/v1/entities?page=-1")});
  cases.push_back({"bad region", 400, client_->Get("/api/v1/entities?region=37%27%20OR%201=1")});
  for (Case& c : cases) {
    ASSERT_TRUE(c.res) << c.what;
    EXPECT_EQ(c.res->status, c.status) << c.what << ": " << c.res->body;
    if (c.status != 413) {
      json body = json::parse(c.res->body, nullptr, false);
      ASSERT_FALSE(body.is_discarded()) << c.what;
      EXPECT_TRUE(body.contains("error")) << c.what;
    }
  }
  auto injection = client_->Get("/api/v1/entities?name=%27%3B%20DROP%20TABLE%20entities%3B--");
  EXPECT_EQ(injection->status, 200);
  EXPECT_EQ(Body(injection)["total"], 0);
  EXPECT_EQ(count(), before);
  EXPECT_EQ(client_->Get("/api/v1/health")->status, 200);  // still answering
}

// Sends `raw` as is over a new connection and returns what the server answers (its first 4 KiB).
std::string RawExchange(int port, const std::string& raw) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0)
    return {};
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string answer;
  timeval timeout{5, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::send(fd, raw.data(), raw.size(), 0) == static_cast<ssize_t>(raw.size())) {
    // The head and the body may arrive in separate packets: read until the body announced by
    // Content-Length is in, the server closes, or the timeout.
    char buffer[4096];
    for (;;) {
      const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
      if (n <= 0)
        break;
      answer.append(buffer, static_cast<std::size_t>(n));
      const std::size_t head_end = answer.find("\r\n\r\n");
      const std::size_t length_at = answer.find("Content-Length: ");
      if (head_end == std::string::npos || length_at == std::string::npos || length_at > head_end)
        continue;
      const std::size_t length = std::stoul(answer.substr(length_at + 16, 12));
      if (answer.size() >= head_end + 4 + length)
        break;
    }
  }
  ::close(fd);
  return answer;
}

TEST_P(ApiTest, HeaderInjectionIsRefusedAndNothingIsReflected) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Boot(t->db());
  SignIn("admin");
  // CR LF smuggled through a query value that ends up beside a response header (the export's
  // Content-Disposition) is refused before any header is written.
  auto res = client_->Get("/api/v1/entities/export?format=csv%0D%0ASet-Cookie:%20zq_session=evil",
                          Auth(false));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(Body(res)["error"]["field"], "format");
  EXPECT_FALSE(res->has_header("Set-Cookie"));

  // A user name carrying CR LF signs in nobody and sets no header of its own.
  auto login = client_->Post(
      "/api/v1/auth/login",
      json{{"username", "admin\r\nSet-Cookie: zq_session=evil"}, {"password", "x"}}.dump(),
      "application/json");
  ASSERT_TRUE(login);
  EXPECT_EQ(login->status, 401);
  EXPECT_FALSE(login->has_header("Set-Cookie"));

  // Raw requests with a bare CR or a NUL inside the request line or a header are malformed: each
  // gets a clean 400 with a structured error (not a dropped connection), nothing is reflected,
  // a signed-in write carrying one changes nothing, and the server answers the next request.
  const int port = port_;
  const std::string entity =
      R"({"uscc":"91350100M000100Y43","name":"注入测试有限公司","region_code":"350102"})";
  auto count = [&] {
    return app_->Get<registry::Registry>().CountEntities(auth::Caller::System(), {}).value();
  };
  const std::int64_t before = count();
  for (const std::string& raw :
       {std::string("GET /api/v1/health\rSet-Cookie: a=b HTTP/1.1\r\nHost: x\r\n\r\n"),
        std::string("GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 1\r"
                    "Set-Cookie: a=b\r\n\r\n"),
        std::string("GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Evil: a") + '\0' + "b\r\n\r\n",
        "POST /api/v1/entities HTTP/1.1\r\nHost: x\r\nCookie: " + cookie_ + "\r\nX-CSRF-Token: " +
            csrf_ + "\r\nContent-Type: application/json\rSet-Cookie: a=b\r\nContent-Length: " +
            std::to_string(entity.size()) + "\r\n\r\n" + entity}) {
    const std::string answer = RawExchange(port, raw);
    EXPECT_TRUE(answer.starts_with("HTTP/1.1 400 ")) << raw << " → " << answer;
    EXPECT_NE(answer.find(R"("error":{"code":"INVALID_ARGUMENT")"), std::string::npos) << answer;
    EXPECT_EQ(answer.find("Set-Cookie: a=b"), std::string::npos) << answer;
  }
  EXPECT_EQ(count(), before);
  EXPECT_EQ(client_->Get("/api/v1/health")->status, 200);
}

TEST(Routes, EveryRouteDeclaresWhoMayCallIt) {
  FakeClock clock{std::chrono::system_clock::now()};
  auth::KeyRing keys = *auth::KeyRing::FromMasterKey(std::string(32, 'r'));
  auto db = std::move(store::Database::Open(":memory:")).value();
  std::unique_ptr<app::App> app =
      std::move(app::App::Build(app::RegisteredModules(), *db, keys, clock)).value();
  ApiServer server(*app, {});
  for (const Route& r : server.router().routes()) {
    EXPECT_NE(r.access, Access::kUndeclared) << r.method << " " << r.pattern;
  }
}

// The authorisation matrix: every route × every role, with an object inside and outside the
// caller's jurisdiction. A role the route does not admit gets 401 or 403; an admitted one never
// does; a regulator asking for a record outside its county gets 404.
TEST_P(ApiTest, AuthorizationMatrixCoversEveryRouteAndRole) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Boot(t->db());
  const std::string in_scope = MakeEntity("370102", 1, "").uscc;
  const std::string out_of_scope = MakeEntity("370202", 21, "").uscc;
  AddUser("qingdao", auth::Role::kRegulator, "370202", "");
  AddUser("analyst", auth::Role::kAnalyst, "370102", "");
  AddUser("firm", auth::Role::kEnterprise, "", in_scope);
  AddUser("hospital", auth::Role::kSentinelHospital, "", "");
  const std::string api_key = *app_->Get<auth::AccountService>().CreateApiKey(
      auth::Caller::System(), "bank", {"credit.query"}, TestRegion("370000"));

  struct Who {
    std::string name;
    auth::Role role;
    httplib::Headers headers;
  };

  std::vector<Who> roles = {{"public", auth::Role::kPublic, {}}};
  for (const auto& [user, role] : std::vector<std::pair<std::string, auth::Role>>{
           {"admin", auth::Role::kPlatformAdmin},
           {"lixia", auth::Role::kRegulator},
           {"qingdao", auth::Role::kRegulator},
           {"analyst", auth::Role::kAnalyst},
           {"firm", auth::Role::kEnterprise},
           {"hospital", auth::Role::kSentinelHospital}}) {
    SignIn(user);
    roles.push_back({user, role, Auth()});
  }
  roles.push_back(
      {"bank", auth::Role::kDepartmentClient, {{"Authorization", "Bearer " + api_key}}});

  auto admitted = [](Access access, auth::Role role) {
    switch (access) {
      case Access::kPublic:
        return true;
      case Access::kSignedIn:
        return role != auth::Role::kPublic;
      case Access::kOfficial:
        return role == auth::Role::kPlatformAdmin || role == auth::Role::kRegulator ||
               role == auth::Role::kAnalyst;
      case Access::kWriter:
        return role == auth::Role::kPlatformAdmin || role == auth::Role::kRegulator;
      case Access::kAdmin:
        return role == auth::Role::kPlatformAdmin;
      case Access::kUndeclared:
        return false;
    }
    return false;
  };
  int checked = 0;
  for (const Route& r : server_->router().routes()) {
    if (r.pattern == "/api/v1/auth/logout")
      continue;  // would end the session under test
    for (const std::string& object : {in_scope, out_of_scope}) {
      std::string path = r.pattern;
      auto replace = [&](const std::string& from, const std::string& to) {
        if (auto pos = path.find(from); pos != std::string::npos)
          path.replace(pos, from.size(), to);
      };
      replace("{uscc}", object);
      replace("{code}", object == in_scope ? "370102" : "370202");
      replace("{kind}", "uscc");
      replace("{id}", "1");
      if (r.pattern == "/api/v1/entities/export")
        path += "?format=csv";
      for (const Who& who : roles) {
        httplib::Result res =
            r.method == "GET"   ? client_->Get(path.c_str(), who.headers)
            : r.method == "PUT" ? client_->Put(path.c_str(), who.headers, "{}", "application/json")
            : r.method == "DELETE"
                ? client_->Delete(path.c_str(), who.headers)
                : client_->Post(path.c_str(), who.headers, "{}", "application/json");
        ASSERT_TRUE(res) << r.method << " " << path << " as " << who.name;
        // The EPCIS queries answer a signed-in caller with no jurisdiction (a hospital) with the
        // standard's SecurityException: the query's scope, not the route's access, refuses it.
        const bool epcis_scope = res->status == 403 && path.starts_with("/epcis/") &&
                                 res->body.find("SecurityException") != std::string::npos;
        const bool refused = (res->status == 401 || res->status == 403) && !epcis_scope;
        EXPECT_EQ(refused, !admitted(r.access, who.role))
            << r.method << " " << path << " as " << who.name << ": " << res->status << " "
            << res->body;
        if (r.pattern == "/api/v1/entities/{uscc}" &&
            (who.role == auth::Role::kRegulator || who.role == auth::Role::kAnalyst)) {
          const bool own = (object == in_scope) == (who.name != "qingdao");
          EXPECT_EQ(res->status, own ? 200 : 404) << path << " as " << who.name;
        }
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 300);
}

INSTANTIATE_TEST_SUITE_P(Backends, ApiTest, ::testing::ValuesIn(store::testing::AllBackends()),
                         store::testing::BackendParamName);

}  // namespace
}  // namespace zq::api::apitest
