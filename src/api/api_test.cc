#include <algorithm>
#include <map>

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <nlohmann/json.hpp>
#include <sys/socket.h>
#include <unistd.h>

#include "api/server.h"
#include "app/app.h"
#include "app/registered_modules.h"
#include "auth/account_service.h"
#include "auth/totp.h"
#include "core/calendar.h"
#include "credit/scoring.h"
#include "inspection/spot_check_service.h"
#include "registry/registry_test_env.h"

namespace zq::api {
namespace {

using nlohmann::json;
using registry::testing::MakeEntity;

// Every user of the tests has it; it must not contain any of their names, in any case.
constexpr char kAdminPassword[] = "Quality-Pass-2026!";

class ApiTest : public ::testing::TestWithParam<store::Backend> {
 protected:
  void Boot(store::Database& db, ServerOptions options = {}) {
    auth::AuthPolicy policy;
    policy.argon2 = auth::Argon2Params{.time_cost = 1, .memory_kib = 1024, .parallelism = 1};
    Result<std::unique_ptr<app::App>> built =
        app::App::Build(app::RegisteredModules(), db, keys_, clock_,
                        [&](app::Context& ctx) { ctx.Emplace<auth::AuthPolicy>(policy); });
    ASSERT_TRUE(built.ok()) << built.status().ToString();
    app_ = std::move(built).value();
    ASSERT_TRUE(app_->Get<registry::Registry>().LoadReferenceData().ok());
    auth::NewUser admin;
    admin.username = "admin";
    admin.password = kAdminPassword;
    admin.role = auth::Role::kPlatformAdmin;
    ASSERT_TRUE(app_->Get<auth::AccountService>().CreateUser(auth::Caller::System(), admin).ok());
    EnrolSecondFactor("admin");  // administrators must have one
    auth::NewUser lixia;
    lixia.username = "lixia";
    lixia.password = kAdminPassword;
    lixia.role = auth::Role::kRegulator;
    lixia.region_code = "370102";
    ASSERT_TRUE(app_->Get<auth::AccountService>().CreateUser(auth::Caller::System(), lixia).ok());
    std::vector<registry::MarketEntity> batch;
    for (int i = 0; i < 25; ++i) {
      batch.push_back(
          MakeEntity(i < 20 ? "370102" : "370202", i, "质强测试企业" + std::to_string(i)));
    }
    ASSERT_TRUE(app_->Get<registry::Registry>().AppendEntities(auth::Caller::System(), batch).ok());
    options.port = 0;
    server_ = std::make_unique<ApiServer>(*app_, options);
    Result<int> port = server_->Start();
    ASSERT_TRUE(port.ok()) << port.status().ToString();
    port_ = *port;
    client_ = std::make_unique<httplib::Client>("127.0.0.1", *port);
    client_->set_read_timeout(20, 0);
  }

  // Enrols `user` in TOTP through the service, at the fake clock's time; later sign-ins of the
  // user send a code.
  void EnrolSecondFactor(const std::string& user) {
    auth::Caller who;
    who.actor = user;
    Result<auth::TotpEnrolment> e = app_->Get<auth::AccountService>().BeginTotpEnrolment(who);
    ASSERT_TRUE(e.ok()) << e.status().ToString();
    totp_secrets_[user] = auth::Base32Decode(e->secret_base32).value();
    ASSERT_TRUE(app_->Get<auth::AccountService>().ConfirmTotpEnrolment(who, CodeFor(user)).ok());
  }

  // The current code of `user`, moving the fake clock to the next 30-second step when this
  // one's code has been used (RFC 6238 §5.2: a code is good once).
  std::string CodeFor(const std::string& user) {
    std::uint64_t step = auth::TotpStep(clock_.Now());
    if (step <= last_step_) {
      clock_.Advance(auth::kTotpStep);
      step = auth::TotpStep(clock_.Now());
    }
    last_step_ = step;
    return auth::TotpCode(totp_secrets_.at(user), step);
  }

  // Signs in and keeps the cookie and CSRF token for later calls.
  void SignIn(const std::string& user) {
    json credentials = {{"username", user}, {"password", kAdminPassword}};
    if (totp_secrets_.contains(user))
      credentials["code"] = CodeFor(user);
    auto res = client_->Post("/api/v1/auth/login", credentials.dump(), "application/json");
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
    const std::string set_cookie = res->get_header_value("Set-Cookie");
    ASSERT_NE(set_cookie.find("HttpOnly"), std::string::npos);
    ASSERT_NE(set_cookie.find("SameSite=Strict"), std::string::npos);
    cookie_ = set_cookie.substr(0, set_cookie.find(';'));
    csrf_ = json::parse(res->body)["csrf_token"];
  }

  httplib::Headers Auth(bool with_csrf = true) {
    httplib::Headers h = {{"Cookie", cookie_}};
    if (with_csrf)
      h.emplace("X-CSRF-Token", csrf_);
    return h;
  }

  static json Body(const httplib::Result& res) { return json::parse(res->body); }

  void TearDown() override {
    if (server_)
      server_->Stop();
  }

  FakeClock clock_{std::chrono::system_clock::now()};
  auth::KeyRing keys_ = *auth::KeyRing::FromMasterKey(std::string(32, 'q'));
  std::unique_ptr<app::App> app_;
  std::unique_ptr<ApiServer> server_;
  std::unique_ptr<httplib::Client> client_;
  std::string cookie_;
  std::string csrf_;
  int port_ = 0;
  std::map<std::string, std::string> totp_secrets_;  // user → raw TOTP secret
  std::uint64_t last_step_ = 0;
};

TEST_P(ApiTest, HealthNamesTheDatabase) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Boot(t->db());
  auto res = client_->Get("/api/v1/health");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(Body(res)["database"], store::BackendName(GetParam()));
  EXPECT_EQ(Body(res)["event_consumers"],
            json::parse(R"([{"consumer":"credit.inspection","lag":0}])"));
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
  auto file = services_->credit.File(auth::Caller::System(), firm);
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
  auto bad = client_->Get("/api/v1/entities/export?format=pdf", Auth());
  EXPECT_EQ(Body(bad)["error"]["field"], "format");
}

TEST_P(ApiTest, OpenApiDocumentsEveryRouteAndItsErrors) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Boot(t->db());
  auto res = client_->Get("/api/v1/openapi.json");
  ASSERT_EQ(res->status, 200);
  json doc = Body(res);
  EXPECT_EQ(doc["openapi"], "3.0.3");
  ASSERT_GT(server_->router().routes().size(), 15u);
  for (const RouteSpec& r : server_->router().routes()) {
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

TEST_P(ApiTest, OneTimePasswordMustBeChangedBeforeAnythingElse) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Boot(t->db());
  auth::NewUser first;
  first.username = "first.admin";
  first.password = kAdminPassword;
  first.role = auth::Role::kPlatformAdmin;
  first.must_change_password = true;
  ASSERT_TRUE(app_->Get<auth::AccountService>().CreateUser(auth::Caller::System(), first).ok());
  SignIn("first.admin");
  auto blocked = client_->Get("/api/v1/entities", Auth());
  EXPECT_EQ(blocked->status, 403);
  EXPECT_EQ(Body(blocked)["error"]["field"], "password");
  auto me = client_->Get("/api/v1/auth/me", Auth());
  EXPECT_EQ(me->status, 200);
  EXPECT_EQ(Body(me)["must_change_password"], true);
  auto no_csrf = client_->Post(
      "/api/v1/auth/password", Auth(false),
      json{{"current_password", kAdminPassword}, {"new_password", "Fresh-Pass-2027!"}}.dump(),
      "application/json");
  EXPECT_EQ(no_csrf->status, 403);
  auto weak =
      client_->Post("/api/v1/auth/password", Auth(),
                    json{{"current_password", kAdminPassword}, {"new_password", "short"}}.dump(),
                    "application/json");
  EXPECT_EQ(weak->status, 400);
  EXPECT_EQ(Body(weak)["error"]["field"], "new_password");
  auto changed = client_->Post(
      "/api/v1/auth/password", Auth(),
      json{{"current_password", kAdminPassword}, {"new_password", "Fresh-Pass-2027!"}}.dump(),
      "application/json");
  ASSERT_EQ(changed->status, 200) << changed->body;
  EXPECT_EQ(client_->Get("/api/v1/entities", Auth())->status, 401);  // the session ended
  auto login =
      client_->Post("/api/v1/auth/login",
                    json{{"username", "first.admin"}, {"password", "Fresh-Pass-2027!"}}.dump(),
                    "application/json");
  ASSERT_EQ(login->status, 200);
  EXPECT_EQ(Body(login)["must_change_password"], false);

  // Next, an administrator enrols a second factor before anything else.
  EXPECT_EQ(Body(login)["must_enrol_second_factor"], true);
  const std::string set_cookie = login->get_header_value("Set-Cookie");
  cookie_ = set_cookie.substr(0, set_cookie.find(';'));
  csrf_ = Body(login)["csrf_token"];
  auto not_enrolled = client_->Get("/api/v1/entities", Auth());
  EXPECT_EQ(not_enrolled->status, 403);
  EXPECT_EQ(Body(not_enrolled)["error"]["field"], "second_factor");
  EXPECT_EQ(Body(client_->Get("/api/v1/auth/me", Auth()))["must_enrol_second_factor"], true);
  auto begun = client_->Post("/api/v1/auth/second-factor/enrol", Auth(), "", "application/json");
  ASSERT_EQ(begun->status, 200) << begun->body;
  const std::string uri = Body(begun)["otpauth_uri"];
  EXPECT_TRUE(uri.starts_with("otpauth://totp/Zhiqiang:first.admin?secret=")) << uri;
  totp_secrets_["first.admin"] =
      auth::Base32Decode(Body(begun)["secret"].get<std::string>()).value();
  auto wrong = client_->Post("/api/v1/auth/second-factor/confirm", Auth(),
                             json{{"code", "abcdef"}}.dump(), "application/json");
  EXPECT_EQ(wrong->status, 400);
  EXPECT_EQ(Body(wrong)["error"]["field"], "code");
  auto confirmed = client_->Post("/api/v1/auth/second-factor/confirm", Auth(),
                                 json{{"code", CodeFor("first.admin")}}.dump(), "application/json");
  ASSERT_EQ(confirmed->status, 200) << confirmed->body;
  EXPECT_EQ(Body(confirmed)["recovery_codes"].size(), 10u);
  EXPECT_EQ(client_->Get("/api/v1/entities", Auth())->status, 200);
  auto st = client_->Get("/api/v1/auth/second-factor", Auth());
  EXPECT_EQ(Body(st)["enrolled"], true);
  EXPECT_EQ(Body(st)["recovery_codes_left"], 10);
}

TEST_P(ApiTest, LoginTakesJsonFromThisSiteOnly) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Boot(t->db());
  const std::string body = json{{"username", "lixia"}, {"password", kAdminPassword}}.dump();
  // Login CSRF: what a cross-site form or a no-preflight fetch can send is refused.
  for (const char* type :
       {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"}) {
    auto res = client_->Post("/api/v1/auth/login", body, type);
    EXPECT_EQ(res->status, 400) << type;
    // (A malformed multipart body is refused by the transport before the route, without field.)
    if (!std::string_view(type).starts_with("multipart/"))
      EXPECT_EQ(Body(res)["error"]["field"], "content-type") << type;
    EXPECT_FALSE(res->has_header("Set-Cookie")) << type;
  }
  const std::string here = "http://127.0.0.1:" + std::to_string(port_);
  for (const httplib::Headers& h :
       {httplib::Headers{{"Origin", "https://evil.example"}}, httplib::Headers{{"Origin", "null"}},
        httplib::Headers{{"Origin", here}, {"Sec-Fetch-Site", "cross-site"}}}) {
    auto res = client_->Post("/api/v1/auth/login", h, body, "application/json");
    EXPECT_EQ(res->status, 403);
    EXPECT_EQ(Body(res)["error"]["field"], "origin");
    EXPECT_FALSE(res->has_header("Set-Cookie"));
  }
  auto same_site = client_->Post("/api/v1/auth/login", {{"Origin", here}}, body,
                                 "application/json; charset=utf-8");
  EXPECT_EQ(same_site->status, 200) << same_site->body;
}

TEST_P(ApiTest, PublicOriginIsAcceptedBehindAProxy) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ServerOptions options;
  options.public_origin = "https://zq.example.gov.cn";
  Boot(t->db(), options);
  const std::string body = json{{"username", "lixia"}, {"password", kAdminPassword}}.dump();
  EXPECT_EQ(client_
                ->Post("/api/v1/auth/login", {{"Origin", "https://zq.example.gov.cn"}}, body,
                       "application/json")
                ->status,
            200);
  EXPECT_EQ(client_
                ->Post("/api/v1/auth/login", {{"Origin", "https://zq.example.gov.cn.evil.example"}},
                       body, "application/json")
                ->status,
            403);
}

// Six tries must not tell whether a name exists: the same status and error body for a known
// and an unknown name, before and after the lock.
TEST_P(ApiTest, UnknownNamesGetTheSameAnswersAsKnownOnes) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ServerOptions options;
  options.login_attempts_per_minute = 100;
  Boot(t->db(), options);
  for (int i = 0; i < 7; ++i) {
    auto known = client_->Post("/api/v1/auth/login",
                               json{{"username", "admin"}, {"password", "wrong"}}.dump(),
                               "application/json");
    auto unknown = client_->Post("/api/v1/auth/login",
                                 json{{"username", "nobody"}, {"password", "wrong"}}.dump(),
                                 "application/json");
    EXPECT_EQ(known->status, i < 5 ? 401 : 429) << i;
    EXPECT_EQ(known->status, unknown->status) << i;
    EXPECT_EQ(Body(known)["error"], Body(unknown)["error"]) << i;
  }
}

TEST_P(ApiTest, AdministratorSignsInWithACodeAndUnlocksAUser) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Boot(t->db());
  const std::string admin = json{{"username", "admin"}, {"password", kAdminPassword}}.dump();
  auto ask = client_->Post("/api/v1/auth/login", admin, "application/json");
  EXPECT_EQ(ask->status, 401);
  EXPECT_EQ(Body(ask)["error"]["field"], "code");
  EXPECT_FALSE(ask->has_header("Set-Cookie"));
  for (int i = 0; i < 5; ++i) {
    (void)client_->Post("/api/v1/auth/login",
                        json{{"username", "lixia"}, {"password", "wrong"}}.dump(),
                        "application/json");
  }
  auto locked = client_->Post("/api/v1/auth/login",
                              json{{"username", "lixia"}, {"password", kAdminPassword}}.dump(),
                              "application/json");
  EXPECT_EQ(locked->status, 429);
  SignIn("admin");
  auto unlocked = client_->Post("/api/v1/admin/users/lixia/unlock", Auth(), "", "application/json");
  ASSERT_EQ(unlocked->status, 200) << unlocked->body;
  EXPECT_EQ(
      client_->Post("/api/v1/admin/users/nobody/unlock", Auth(), "", "application/json")->status,
      404);
  SignIn("lixia");
}

TEST_P(ApiTest, SpotCheckDrawIsPublishedAndAnyoneCanVerifyIt) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Boot(t->db());
  registry::Registry& reg = app_->Get<registry::Registry>();
  const auth::Caller system = auth::Caller::System();
  registry::CatalogueEntry cables;
  cables.code = "CP-01";
  cables.name = "电线电缆";
  ASSERT_TRUE(reg.UpsertCatalogueEntry(system, cables).ok());
  std::vector<registry::Product> products;
  for (int i = 0; i < 20; ++i) {
    products.push_back({"ZQ-C" + std::to_string(i), "电缆", "", "CP-01",
                        registry::testing::MakeUscc("370102", i)});
  }
  ASSERT_TRUE(reg.AppendProducts(system, products).ok());
  std::vector<registry::Inspector> pool;
  for (int i = 0; i < 4; ++i) {
    pool.push_back({"IN" + std::to_string(i),
                    "检查员",
                    "历下区市场监督管理局",
                    "370102",
                    {"product_quality"},
                    true,
                    ""});
  }
  ASSERT_TRUE(reg.AppendInspectors(system, pool).ok());

  SignIn("lixia");
  const json plan = {{"plan_code", "LX-2026-1"},
                     {"name", "电线电缆抽查"},
                     {"authority", "历下区市场监督管理局"},
                     {"region_code", "370102"},
                     {"period_start", "2026-11-01"},
                     {"period_end", "2026-12-31"},
                     {"parameters", {{"product_categories", {"CP-01"}}}}};
  auto created = client_->Post("/api/v1/inspection/plans", Auth(), plan.dump(), "application/json");
  ASSERT_EQ(created->status, 200) << created->body;
  const std::string id = std::to_string(Body(created)["id"].get<int>());
  json bad = plan;
  bad["plan_code"] = "LX-2026-2";
  bad["parameters"]["inspectors_per_task"] = 1;
  auto refused = client_->Post("/api/v1/inspection/plans", Auth(), bad.dump(), "application/json");
  EXPECT_EQ(refused->status, 400);
  EXPECT_EQ(Body(refused)["error"]["field"], "parameters.inspectors_per_task");

  auto committed =
      client_->Post("/api/v1/inspection/plans/" + id + "/draws", Auth(), "{}", "application/json");
  ASSERT_EQ(committed->status, 200) << committed->body;
  EXPECT_EQ(Body(committed)["frame_size"], 20);
  const std::string draw = std::to_string(Body(committed)["id"].get<int>());
  auto early = client_->Get("/api/v1/inspection/draws/" + draw + "/verify");
  EXPECT_EQ(early->status, 409);  // nothing to verify before the seed is out
  auto run =
      client_->Post("/api/v1/inspection/draws/" + draw + "/run", Auth(), "{}", "application/json");
  ASSERT_EQ(run->status, 200) << run->body;
  EXPECT_EQ(Body(run)["tasks"], 1);  // ⌈20 × 4 %⌉, the default rate of class B

  httplib::Client anonymous("127.0.0.1", port_);
  auto record = anonymous.Get("/api/v1/inspection/draws/" + draw);
  ASSERT_EQ(record->status, 200);
  EXPECT_EQ(Body(record)["seed"].get<std::string>().size(), 64u);
  auto verified = anonymous.Get("/api/v1/inspection/draws/" + draw + "/verify");
  ASSERT_EQ(verified->status, 200);
  EXPECT_EQ(Body(verified)["ok"], true);
  json forged = Body(record);
  forged["tasks"][0]["inspectors"] = {"IN9", "IN8"};
  auto checked =
      anonymous.Post("/api/v1/inspection/verify-draw", forged.dump(), "application/json");
  ASSERT_EQ(checked->status, 200) << checked->body;
  EXPECT_EQ(Body(checked)["ok"], false);
  EXPECT_EQ(Body(checked)["mismatches"][0]["kind"], "assignment");
  // A record of the wrong shape, 31 levels deep, is refused in the API's words: the JSON
  // library's exception text ("[json.exception.type_error.302] …") is not echoed.
  json deep = "x";
  for (int i = 0; i < 30; ++i) deep = json::array({deep});
  json misshapen = Body(record);
  misshapen["frame"] = deep;
  checked = anonymous.Post("/api/v1/inspection/verify-draw", misshapen.dump(), "application/json");
  EXPECT_EQ(checked->status, 400) << checked->body;
  EXPECT_EQ(checked->body.find("json.exception"), std::string::npos) << checked->body;

  // GB/T 2828.1: a lot of 1,000 at level II is code letter J; AQL 1.0 normal: n 80, Ac 2, Re 3.
  auto plan_for_lot = anonymous.Get("/api/v1/inspection/sampling-plan?lot_size=1000&aql=1.0");
  ASSERT_EQ(plan_for_lot->status, 200) << plan_for_lot->body;
  EXPECT_EQ(Body(plan_for_lot)["code_letter"], "J");
  EXPECT_EQ(Body(plan_for_lot)["sample_size"], 80);
  EXPECT_EQ(Body(plan_for_lot)["acceptance"], 2);
  EXPECT_EQ(Body(plan_for_lot)["rejection"], 3);
  EXPECT_EQ(anonymous.Get("/api/v1/inspection/sampling-plan?lot_size=1000&aql=0.7")->status, 400);
}

TEST_P(ApiTest, AdminsIssueListAndRevokeDepartmentApiKeys) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Boot(t->db());
  SignIn("admin");
  const json request = {
      {"name", "provincial-bank"}, {"permissions", {"credit.query"}}, {"region_code", "370000"}};
  auto created =
      client_->Post("/api/v1/admin/api-keys", Auth(), request.dump(), "application/json");
  ASSERT_EQ(created->status, 200) << created->body;
  const std::string key = Body(created)["key"];
  ASSERT_TRUE(key.starts_with("zqk_"));
  auto again = client_->Post("/api/v1/admin/api-keys", Auth(), request.dump(), "application/json");
  EXPECT_EQ(again->status, 409);
  json bad = request;
  bad["name"] = "bad-region";
  bad["region_code"] = "37";
  auto refused = client_->Post("/api/v1/admin/api-keys", Auth(), bad.dump(), "application/json");
  EXPECT_EQ(refused->status, 400);
  EXPECT_EQ(Body(refused)["error"]["field"], "region_code");

  httplib::Client bank("127.0.0.1", port_);
  const httplib::Headers bearer = {{"Authorization", "Bearer " + key}};
  auto me = bank.Get("/api/v1/auth/me", bearer);
  ASSERT_EQ(me->status, 200);
  EXPECT_EQ(Body(me)["caller"]["role"], "department_client");
  auto listed = client_->Get("/api/v1/admin/api-keys", Auth());
  ASSERT_EQ(listed->status, 200);
  const json item = Body(listed)["items"][0];
  EXPECT_EQ(item["name"], "provincial-bank");
  EXPECT_EQ(item["active"], true);
  EXPECT_NE(item["last_used_at"], "");
  EXPECT_EQ(listed->body.find(key), std::string::npos);  // the key is never shown again

  auto revoked = client_->Post("/api/v1/admin/api-keys/provincial-bank/revoke", Auth(), "{}",
                               "application/json");
  ASSERT_EQ(revoked->status, 200) << revoked->body;
  EXPECT_EQ(bank.Get("/api/v1/auth/me", bearer)->status, 401);
  EXPECT_EQ(
      client_
          ->Post("/api/v1/admin/api-keys/provincial-bank/revoke", Auth(), "{}", "application/json")
          ->status,
      404);
}

TEST_P(ApiTest, LoginAttemptsAreRateLimitedWithRetryAfter) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ServerOptions options;
  options.login_attempts_per_minute = 3;
  Boot(t->db(), options);
  int limited = 0;
  std::string retry_after;
  for (int i = 0; i < 5; ++i) {
    auto res = client_->Post("/api/v1/auth/login",
                             json{{"username", "admin"}, {"password", "wrong"}}.dump(),
                             "application/json");
    if (res->status == 429) {
      ++limited;
      retry_after = res->get_header_value("Retry-After");
    } else {
      EXPECT_EQ(res->status, 401);
    }
  }
  EXPECT_EQ(limited, 2);
  EXPECT_FALSE(retry_after.empty());
}

// Results after the draw: sampling, results, notice, the appeal window, the final verdict,
// follow-up, publication to anonymous callers, and pass rates; 4xx for bad input and scope.
TEST_P(ApiTest, SpotCheckResultsFlowFromSampleToPublicListAndPassRates) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Boot(t->db());
  const auth::Caller system = auth::Caller::System();
  registry::CatalogueEntry cables;
  cables.code = "CP-01";
  cables.name = "电线电缆";
  ASSERT_TRUE(app_->Get<registry::Registry>().UpsertCatalogueEntry(system, cables).ok());
  std::vector<registry::Product> products;
  for (int i = 0; i < 20; ++i) {
    products.push_back({"ZQ-C" + std::to_string(i), "电缆", "", "CP-01",
                        registry::testing::MakeUscc("370102", i)});
  }
  ASSERT_TRUE(app_->Get<registry::Registry>().AppendProducts(system, products).ok());
  std::vector<registry::Inspector> pool;
  for (int i = 0; i < 4; ++i) {
    pool.push_back({"IN" + std::to_string(i),
                    "检查员",
                    "历下区市场监督管理局",
                    "370102",
                    {"product_quality"},
                    true,
                    ""});
  }
  ASSERT_TRUE(app_->Get<registry::Registry>().AppendInspectors(system, pool).ok());
  auth::NewUser qingdao;
  qingdao.username = "qingdao";
  qingdao.password = kAdminPassword;
  qingdao.role = auth::Role::kRegulator;
  qingdao.region_code = "370202";
  ASSERT_TRUE(app_->Get<auth::AccountService>().CreateUser(system, qingdao).ok());
  inspection::SpotCheckPlan plan;
  plan.plan_code = "LX-2026-R";
  plan.name = "电线电缆抽查";
  plan.authority = "历下区市场监督管理局";
  plan.region_code = "370102";
  plan.period_start = "2026-01-01";
  plan.period_end = "2027-12-31";
  plan.parameters.product_categories = {"CP-01"};
  const auto created = app_->Get<inspection::SpotCheckService>().CreatePlan(system, plan);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  const auto committed = app_->Get<inspection::SpotCheckService>().CommitDraw(system, created->id);
  ASSERT_TRUE(committed.ok());
  ASSERT_TRUE(app_->Get<inspection::SpotCheckService>().RunDraw(system, committed->id).ok());
  const std::string today = FormatDate(clock_.TodayInChina());

  SignIn("qingdao");
  auto other = client_->Get("/api/v1/inspection/tasks", Auth());
  ASSERT_EQ(other->status, 200);
  EXPECT_EQ(Body(other)["items"].size(), 0u);
  SignIn("lixia");
  auto tasks = client_->Get("/api/v1/inspection/tasks?open=true&inspector=IN0", Auth());
  ASSERT_EQ(tasks->status, 200) << tasks->body;
  auto all_tasks = client_->Get("/api/v1/inspection/tasks", Auth());
  ASSERT_EQ(Body(all_tasks)["items"].size(), 1u);
  const std::string task = std::to_string(Body(all_tasks)["items"][0]["task_id"].get<int>());
  EXPECT_EQ(client_->Get("/api/v1/inspection/tasks?plan_id=x", Auth())->status, 400);
  // 我的任务: the inspector linked to lixia's account sees the tasks they were drawn for.
  auto mine = client_->Get("/api/v1/inspection/tasks?inspector=me", Auth());
  EXPECT_EQ(mine->status, 404);  // not linked yet
  EXPECT_EQ(Body(mine)["error"]["field"], "inspector");
  const std::string drawn = Body(all_tasks)["items"][0]["inspectors"][0];
  json inspector = {{"inspector_id", drawn},
                    {"name", "检查员"},
                    {"unit", "历下区市场监督管理局"},
                    {"region_code", "370102"},
                    {"qualifications", {"product_quality"}},
                    {"username", "lixia"}};
  auto linked = client_->Post("/api/v1/inspectors", Auth(), inspector.dump(), "application/json");
  ASSERT_EQ(linked->status, 200) << linked->body;
  mine = client_->Get("/api/v1/inspection/tasks?inspector=me", Auth());
  ASSERT_EQ(mine->status, 200) << mine->body;
  EXPECT_EQ(Body(mine)["items"].size(), 1u);
  inspector["qualifications"] = "product_quality";
  auto bad = client_->Post("/api/v1/inspectors", Auth(), inspector.dump(), "application/json");
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(Body(bad)["error"]["field"], "qualifications");

  json sample = {{"sampled_on", today},    {"place", "成品仓库"},       {"batch_number", "B-1"},
                 {"quantity", 2},          {"reserve_quantity", 1},     {"category_code", "CP-01"},
                 {"product_name", "电缆"}, {"specification", "BV 2.5"}, {"samplers", {"王小明"}}};
  const std::string sample_path = "/api/v1/inspection/tasks/" + task + "/sample";
  auto refused = client_->Post(sample_path, Auth(), sample.dump(), "application/json");
  EXPECT_EQ(refused->status, 400);
  EXPECT_EQ(Body(refused)["error"]["field"], "samplers");
  sample["samplers"] = {"王小明", "李华"};
  sample["quantity"] = "two";
  EXPECT_EQ(
      Body(client_->Post(sample_path, Auth(), sample.dump(), "application/json"))["error"]["field"],
      "quantity");
  sample["quantity"] = 2;
  EXPECT_EQ(
      client_
          ->Post("/api/v1/inspection/tasks/999/sample", Auth(), sample.dump(), "application/json")
          ->status,
      404);
  auto sampled = client_->Post(sample_path, Auth(), sample.dump(), "application/json");
  ASSERT_EQ(sampled->status, 200) << sampled->body;
  const std::string batch = std::to_string(Body(sampled)["id"].get<int>());
  const std::string base = "/api/v1/inspection/batches/" + batch;

  json results = {{"institution", "山东省产品质量检验研究院"},
                  {"tested_on", today},
                  {"items",
                   {{{"name", "导体电阻"},
                     {"key_item", true},
                     {"method", "GB/T 3048.4"},
                     {"limit", "≤7.41"},
                     {"measured", "7.86"},
                     {"unit", "Ω/km"},
                     {"verdict", "maybe"}}}}};
  auto bad_item = client_->Post(base + "/results", Auth(), results.dump(), "application/json");
  EXPECT_EQ(bad_item->status, 400);
  EXPECT_EQ(Body(bad_item)["error"]["field"], "items[0].verdict");
  results["items"][0]["verdict"] = "fail";
  ASSERT_EQ(client_->Post(base + "/results", Auth(), results.dump(), "application/json")->status,
            200);
  ASSERT_EQ(
      client_
          ->Post(base + "/notice", Auth(), json{{"received_on", today}}.dump(), "application/json")
          ->status,
      200);
  EXPECT_EQ(client_->Post(base + "/finalize", Auth(), "{}", "application/json")->status, 409);
  EXPECT_EQ(client_
                ->Post(base + "/appeals", Auth(), json{{"kind", "appeal"}, {"reason", "x"}}.dump(),
                       "application/json")
                ->status,
            400);
  SignIn("qingdao");
  EXPECT_EQ(client_->Get(base, Auth())->status, 404);
  EXPECT_EQ(client_->Post(base + "/publish", Auth(), "{}", "application/json")->status, 404);

  clock_.Advance(std::chrono::days(16));  // the 15-day window has closed unused
  SignIn("lixia");
  auto final = client_->Post(base + "/finalize", Auth(), "{}", "application/json");
  ASSERT_EQ(final->status, 200) << final->body;
  EXPECT_EQ(Body(final)["final_verdict"], "fail");
  auto follow_ups = client_->Get("/api/v1/inspection/follow-ups", Auth());
  ASSERT_EQ(Body(follow_ups)["items"].size(), 1u);
  const std::string follow_up = std::to_string(Body(follow_ups)["items"][0]["id"].get<int>());
  auto extension = client_->Post("/api/v1/inspection/follow-ups/" + follow_up + "/extension",
                                 Auth(), json{{"days", 45}}.dump(), "application/json");
  EXPECT_EQ(extension->status, 400);
  EXPECT_EQ(Body(extension)["error"]["field"], "days");
  ASSERT_EQ(client_->Post(base + "/publish", Auth(), "{}", "application/json")->status, 200);

  httplib::Client anonymous("127.0.0.1", port_);
  auto published = anonymous.Get("/api/v1/public/spot-check-results?region=370100");
  ASSERT_EQ(published->status, 200) << published->body;
  ASSERT_EQ(Body(published)["items"].size(), 1u);
  EXPECT_EQ(Body(published)["total"], 1);
  EXPECT_EQ(Body(published)["items"][0]["items_failed"], json({"导体电阻"}));
  EXPECT_EQ(published->body.find("王小明"), std::string::npos);
  EXPECT_EQ(anonymous.Get("/api/v1/public/spot-check-results?region=3701")->status, 400);
  EXPECT_EQ(anonymous.Get("/api/v1/inspection/pass-rates")->status, 401);

  auto rates = client_->Get("/api/v1/inspection/pass-rates?by=category&target=0.9", Auth());
  ASSERT_EQ(rates->status, 200) << rates->body;
  EXPECT_EQ(Body(rates)["total"]["tested"], 1);
  EXPECT_EQ(Body(rates)["total"]["passed"], 0);
  EXPECT_EQ(Body(rates)["lines"][0]["key"], "CP-01");
  auto csv = client_->Get("/api/v1/inspection/pass-rates?format=csv", Auth());
  ASSERT_EQ(csv->status, 200);
  EXPECT_EQ(csv->body.rfind("key,tested,passed,rate", 0), 0u);
  EXPECT_EQ(client_->Get("/api/v1/inspection/pass-rates?by=colour", Auth())->status, 400);
  EXPECT_EQ(client_->Get("/api/v1/inspection/pass-rates?region=370202", Auth())->status, 404);
}

TEST_P(ApiTest, DepartmentsReportAndQueryCreditAndThePublicSeesTheGrade) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Boot(t->db());
  const std::string firm = MakeEntity("370102", 3, "").uscc;
  const auto bearer = [&](const std::string& name, std::vector<std::string> permissions) {
    const std::string key = *app_->Get<auth::AccountService>().CreateApiKey(
        auth::Caller::System(), name, std::move(permissions), "370000");
    return httplib::Headers{{"Authorization", "Bearer " + key}};
  };
  const httplib::Headers court = bearer("court-3701", {"credit.events"});
  const httplib::Headers bank = bearer("bank-3700", {"credit.query"});
  const json event = {{"source_id", "(2026)鲁01执123号"},
                      {"event_type", "court.dishonest_debtor"},
                      {"uscc", firm},
                      {"occurred_on", DayText(*DayNumber("2026-01-01"))},
                      {"evidence_ref", "(2026)鲁01执123号"}};
  auto res = client_->Post("/api/v1/credit/events", court, event.dump(), "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 201) << res->body;
  EXPECT_EQ(Body(res)["event"]["source"], "court-3701");
  res = client_->Post("/api/v1/credit/events", court, event.dump(), "application/json");
  EXPECT_EQ(res->status, 200);  // idempotent
  json bad = event;
  bad["event_type"] = "court.unknown";
  res = client_->Post("/api/v1/credit/events", court, bad.dump(), "application/json");
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(Body(res)["error"]["field"], "event_type");
  res = client_->Post("/api/v1/credit/events", bank, event.dump(), "application/json");
  EXPECT_EQ(res->status, 403);  // the bank may query, not report
  res = client_->Get(("/api/v1/credit/entities/" + firm).c_str(), bank);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_TRUE(Body(res)["found"]);
  EXPECT_EQ(Body(res)["reasons"][0]["event_type"], "court.dishonest_debtor");
  res = client_->Get(("/api/v1/credit/entities/" + firm).c_str(), court);
  EXPECT_EQ(res->status, 404);  // no credit.query: nothing in scope
  res = client_->Get("/api/v1/credit/changes?cursor=0", bank);
  ASSERT_EQ(res->status, 200);
  EXPECT_EQ(Body(res)["items"].size(), 1u);
  res = client_->Get(("/api/v1/public/credit/" + firm).c_str());
  ASSERT_EQ(res->status, 200);
  EXPECT_FALSE(Body(res).contains("reasons"));
  EXPECT_FALSE(Body(res)["serious_listed"]);
  // A file of events: the department's name fills the empty source; bad rows come back by line.
  const std::string file =
      "source,source_id,event_type,uscc,occurred_on,evidence_ref\n"
      ",(2026)鲁01执124号,court.dishonest_debtor," +
      firm +
      ",2026-01-02,(2026)鲁01执124号\n"
      ",(2026)鲁01执125号,court.unknown," +
      firm + ",2026-01-02,(2026)鲁01执125号\n";
  res = client_->Post("/api/v1/credit/events/import", court, file, "text/csv");
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(Body(res)["inserted"], 1);
  ASSERT_EQ(Body(res)["errors"].size(), 1u);
  EXPECT_EQ(Body(res)["errors"][0]["line"], 3);
  EXPECT_EQ(Body(res)["errors"][0]["field"], "event_type");
  res = client_->Post("/api/v1/credit/events/import", court, file, "text/csv");
  EXPECT_EQ(Body(res)["unchanged"], 1);  // the same file again changes nothing
  res = client_->Post("/api/v1/credit/events/import", bank, file, "text/csv");
  EXPECT_EQ(res->status, 403);
  res = client_->Post("/api/v1/credit/events/import", court, std::string("PK\3\4 no zip", 11),
                      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(Body(res)["error"]["field"], "file");
  res = client_->Post("/api/v1/credit/events/import", court, "", "text/csv");
  EXPECT_EQ(Body(res)["error"]["field"], "body");
}

// Issue 16, item 3: a department key bound to 历下区 (370102) reads credit and registry records of
// that county only; item 7: public credit reads and refused look-ups audit nobody's reading of
// personal data (they read none).
TEST_P(ApiTest, ADepartmentKeyBoundToARegionReadsOnlyThatRegion) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Boot(t->db());
  const auto bearer = [&](const std::string& name, std::vector<std::string> permissions,
                          const std::string& region) {
    Result<std::string> key = app_->Get<auth::AccountService>().CreateApiKey(
        auth::Caller::System(), name, std::move(permissions), region);
    EXPECT_TRUE(key.ok()) << key.status().ToString();
    return httplib::Headers{{"Authorization", "Bearer " + key.value_or("")}};
  };
  EXPECT_EQ(app_->Get<auth::AccountService>()
                .CreateApiKey(auth::Caller::System(), "x", {}, "3701")
                .status()
                .field(),
            "region_code");
  const httplib::Headers court = bearer("court", {"credit.events"}, "");
  const httplib::Headers lixia_bank = bearer("bank-370102", {"credit.query"}, "370102");
  const httplib::Headers province_bank = bearer("bank-37", {"credit.query"}, "");
  const std::string own = MakeEntity("370102", 3, "").uscc;
  const std::string qingdao = MakeEntity("370202", 21, "").uscc;
  for (const std::string& firm : {own, qingdao}) {
    const json event = {{"source_id", "(2026)鲁01执1号-" + firm},
                        {"event_type", "court.dishonest_debtor"},
                        {"uscc", firm},
                        {"occurred_on", "2026-01-01"},
                        {"evidence_ref", "(2026)鲁01执1号"}};
    auto res = client_->Post("/api/v1/credit/events", court, event.dump(), "application/json");
    ASSERT_EQ(res->status, 201) << res->body;
  }
  // One firm: in the key's county 200, outside it 404 (as if it did not exist).
  EXPECT_EQ(client_->Get("/api/v1/credit/entities/" + own, lixia_bank)->status, 200);
  auto res = client_->Get("/api/v1/credit/entities/" + qingdao, lixia_bank);
  EXPECT_EQ(res->status, 404);
  EXPECT_EQ(client_->Get("/api/v1/credit/entities/" + qingdao, province_bank)->status, 200);
  // The batch query answers found=false outside the county.
  res = client_->Post("/api/v1/credit/query", lixia_bank, json{{"usccs", {own, qingdao}}}.dump(),
                      "application/json");
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_TRUE(Body(res)["items"][0]["found"]);
  EXPECT_FALSE(Body(res)["items"][1]["found"]);
  // The feed of grade changes holds the county's firms only.
  res = client_->Get("/api/v1/credit/changes?cursor=0", lixia_bank);
  ASSERT_EQ(res->status, 200) << res->body;
  ASSERT_EQ(Body(res)["items"].size(), 1u);
  EXPECT_EQ(Body(res)["items"][0]["uscc"], own);
  EXPECT_EQ(Body(client_->Get("/api/v1/credit/changes?cursor=0", province_bank))["items"].size(),
            2u);
  // The registry: search, one record and the export stay in the county.
  EXPECT_EQ(Body(client_->Get("/api/v1/entities", lixia_bank))["total"], 20);
  EXPECT_EQ(client_->Get("/api/v1/entities/" + qingdao, lixia_bank)->status, 404);
  res = client_->Get("/api/v1/entities/export?format=csv", lixia_bank);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(std::count(res->body.begin(), res->body.end(), '\n'), 21);  // header + 20 firms
  EXPECT_EQ(res->body.find(qingdao), std::string::npos);
  // The procurement preference list: another county's region is not the key's to ask for.
  res = client_->Get("/api/v1/credit/procurement?region=370202", lixia_bank);
  EXPECT_EQ(res->status, 404);
  res = client_->Get("/api/v1/credit/procurement", lixia_bank);
  ASSERT_EQ(res->status, 200) << res->body;
  const json preferred = Body(res);
  for (const json& firm : preferred["items"]) EXPECT_EQ(firm["region_code"], "370102");

  // Item 7: public reads and a county regulator's refused look-up add no audit entry.
  const auto personal_reads = [&] {
    auto tx = std::move(t->db().Begin(store::TxMode::kReadOnly)).value();
    auth::AuditLog::Filter f;
    f.action_prefix = "personal_data.read";
    return app_->context().audit().Search(*tx, auth::Caller::System(), f)->size();
  };
  const std::size_t before = personal_reads();
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(client_->Get("/api/v1/public/credit/" + own)->status, 200);
    EXPECT_EQ(client_->Get("/api/v1/public/credit/" + qingdao)->status, 200);
  }
  SignIn("lixia");
  EXPECT_EQ(client_->Get("/api/v1/credit/entities/" + qingdao, Auth())->status, 404);
  EXPECT_EQ(personal_reads(), before);
}

TEST_P(ApiTest, CreditClassDistributionCoversTheCallersJurisdiction) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Boot(t->db());
  SignIn("lixia");  // 历下区: the 20 firms there, none graded yet → the class for no events
  auto res = client_->Get("/api/v1/credit/distribution", Auth());
  ASSERT_EQ(res->status, 200) << res->body;
  const json d = Body(res);
  EXPECT_EQ(d["region_code"], "370102");
  EXPECT_EQ(d["default_class"], "B");
  EXPECT_EQ(d["total"], json({{"A", 0}, {"B", 20}, {"C", 0}, {"D", 0}}));
  EXPECT_TRUE(d["by_region"].empty());  // a county has no sub-regions
  EXPECT_EQ(d["by_industry"].size(), 20u);
  res = client_->Get("/api/v1/credit/distribution?region=370202", Auth());
  EXPECT_EQ(res->status, 404);
  EXPECT_EQ(Body(res)["error"]["field"], "region");
  SignIn("admin");
  res = client_->Get("/api/v1/credit/distribution?region=370200", Auth());
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(Body(res)["total"]["B"], 5);
}

TEST(Routes, EveryRouteDeclaresWhoMayCallIt) {
  FakeClock clock{std::chrono::system_clock::now()};
  auth::KeyRing keys = *auth::KeyRing::FromMasterKey(std::string(32, 'r'));
  auto db = std::move(store::Database::Open(":memory:")).value();
  std::unique_ptr<app::App> app =
      std::move(app::App::Build(app::RegisteredModules(), *db, keys, clock)).value();
  ApiServer server(*app, {});
  for (const RouteSpec& r : server.router().routes()) {
    EXPECT_NE(r.access, Access::kUndeclared) << r.method << " " << r.pattern;
  }
}

// The authorisation matrix: every route × every role, with an object inside and outside the
// caller's jurisdiction. A role the route does not admit gets 401 or 403; an admitted one never
// does; a regulator asking for a record outside its county gets 404.
TEST_P(ApiTest, AuthorizationMatrixCoversEveryRouteAndRole) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Boot(t->db());
  auto add_user = [&](const std::string& name, auth::Role role, const std::string& region,
                      const std::string& uscc) {
    auth::NewUser u;
    u.username = name;
    u.password = kAdminPassword;
    u.role = role;
    u.region_code = region;
    u.uscc = uscc;
    ASSERT_TRUE(app_->Get<auth::AccountService>().CreateUser(auth::Caller::System(), u).ok())
        << name;
  };
  const std::string in_scope = MakeEntity("370102", 1, "").uscc;
  const std::string out_of_scope = MakeEntity("370202", 21, "").uscc;
  add_user("qingdao", auth::Role::kRegulator, "370202", "");
  add_user("analyst", auth::Role::kAnalyst, "370102", "");
  add_user("firm", auth::Role::kEnterprise, "", in_scope);
  add_user("hospital", auth::Role::kSentinelHospital, "", "");
  const std::string api_key = *app_->Get<auth::AccountService>().CreateApiKey(
      auth::Caller::System(), "bank", {"credit.query"}, "370000");

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
  for (const RouteSpec& r : server_->router().routes()) {
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
            r.method == "GET" ? client_->Get(path.c_str(), who.headers)
                              : client_->Post(path.c_str(), who.headers, "{}", "application/json");
        ASSERT_TRUE(res) << r.method << " " << path << " as " << who.name;
        const bool refused = res->status == 401 || res->status == 403;
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
}  // namespace zq::api
