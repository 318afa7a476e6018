#pragma once

// The fixture of the API tests (api_*_test.cc): a server over a fresh database on each backend,
// with an administrator and a county regulator, and helpers to sign in and call it.
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
#include "credit/credit_service.h"
#include "credit/scoring.h"
#include "inspection/spot_check_service.h"
#include "registry/registry_test_env.h"

namespace zq::api::apitest {

using nlohmann::json;
using registry::testing::MakeEntity;

// Every user of the tests has it; it must not contain any of their names, in any case.
inline constexpr char kAdminPassword[] = "Quality-Pass-2026!";

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
    AddUser("lixia", auth::Role::kRegulator, "370102");
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

  // Another user with the tests' password: a regulator or analyst of `region`, an enterprise
  // user of `uscc`.
  void AddUser(const std::string& name, auth::Role role, std::string region = "",
               std::string uscc = "") {
    auth::NewUser user;
    user.username = name;
    user.password = kAdminPassword;
    user.role = role;
    user.region_code = std::move(region);
    user.uscc = std::move(uscc);
    ASSERT_TRUE(app_->Get<auth::AccountService>().CreateUser(auth::Caller::System(), user).ok());
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

}  // namespace zq::api::apitest
