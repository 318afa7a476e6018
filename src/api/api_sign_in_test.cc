// The API: signing in (one-time passwords, the second factor, rate limits) and department API keys.
#include "api/api_test_env.h"

namespace zq::api::apitest {
namespace {

using nlohmann::json;
using registry::testing::MakeEntity;

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

// Issue 21, finding 6: 停用/启用 and 重置密码 through the API, for administrators only.
TEST_P(ApiTest, AdminsDisableEnableAndResetPasswords) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Boot(t->db());
  SignIn("lixia");
  auto post = [&](const std::string& path) {
    return client_->Post(path, Auth(), "", "application/json");
  };
  EXPECT_EQ(post("/api/v1/admin/users/admin/password/reset")->status, 403);
  SignIn("admin");
  auto disabled = post("/api/v1/admin/users/lixia/disable");
  ASSERT_EQ(disabled->status, 200) << disabled->body;
  EXPECT_EQ(Body(disabled), (json{{"username", "lixia"}, {"disabled", true}}));
  const std::string lixia = json{{"username", "lixia"}, {"password", kAdminPassword}}.dump();
  EXPECT_EQ(client_->Post("/api/v1/auth/login", lixia, "application/json")->status, 401);
  EXPECT_EQ(post("/api/v1/admin/users/admin/disable")->status, 409);  // not oneself
  EXPECT_EQ(post("/api/v1/admin/users/nobody/enable")->status, 404);
  ASSERT_EQ(post("/api/v1/admin/users/lixia/enable")->status, 200);

  auto reset = post("/api/v1/admin/users/lixia/password/reset");
  ASSERT_EQ(reset->status, 200) << reset->body;
  const std::string once = Body(reset)["one_time_password"];
  EXPECT_EQ(client_->Post("/api/v1/auth/login", lixia, "application/json")->status, 401);
  auto login =
      client_->Post("/api/v1/auth/login", json{{"username", "lixia"}, {"password", once}}.dump(),
                    "application/json");
  ASSERT_EQ(login->status, 200) << login->body;
  EXPECT_EQ(Body(login)["must_change_password"], true);
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

TEST_P(ApiTest, SignInAndAccountBodiesNameTheFieldAtFault) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Boot(t->db());
  for (const auto& [body, field] : std::vector<std::pair<json, std::string>>{
           {{{"username", ""}, {"password", kAdminPassword}}, "username"},
           {{{"username", "lixia"}}, "password"},
           {{{"username", "lixia"}, {"password", kAdminPassword}, {"code", 123456}}, "code"},
       }) {
    auto res = client_->Post("/api/v1/auth/login", body.dump(), "application/json");
    EXPECT_EQ(res->status, 400) << body.dump();
    EXPECT_EQ(Body(res)["error"]["field"], field) << body.dump();
  }
  SignIn("admin");
  const json user = {{"username", "wang.wu"}, {"password", kAdminPassword}, {"role", "wizard"}};
  auto role = client_->Post("/api/v1/admin/users", Auth(), user.dump(), "application/json");
  EXPECT_EQ(role->status, 400);
  EXPECT_EQ(Body(role)["error"]["field"], "role");
  auto permissions = client_->Post("/api/v1/admin/api-keys", Auth(),
                                   json{{"name", "bank"}, {"permissions", "credit.query"}}.dump(),
                                   "application/json");
  EXPECT_EQ(permissions->status, 400);
  EXPECT_EQ(Body(permissions)["error"]["field"], "permissions");
  auto code = client_->Post("/api/v1/auth/second-factor/confirm", Auth(), json{{"code", ""}}.dump(),
                            "application/json");
  EXPECT_EQ(code->status, 400);
  EXPECT_EQ(Body(code)["error"]["field"], "code");

  const json doc = Body(client_->Get("/api/v1/openapi.json"));
  const json& login = doc["paths"]["/api/v1/auth/login"]["post"]["requestBody"]["content"]
                         ["application/json"]["schema"];
  EXPECT_EQ(login["required"], json::array({"username", "password"}));
  EXPECT_EQ(login["properties"]["username"]["minLength"], 1);
}

// Results after the draw: sampling, results, notice, the appeal window, the final verdict,
// follow-up, publication to anonymous callers, and pass rates; 4xx for bad input and scope.

}  // namespace
}  // namespace zq::api::apitest
