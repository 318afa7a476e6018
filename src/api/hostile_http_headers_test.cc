// The HTTP transport: security headers, forwarded addresses from trusted proxies only, TLS.
#include "api/hostile_http_test_env.h"

namespace zq::api::hostile {
namespace {

using nlohmann::json;
using ::zq::status_matchers::StatusIs;

TEST_F(HostileHttpTest, EveryAnswerCarriesTheSecurityHeaders) {
  ServerOptions options;
  options.static_dir = (dir_ / "static").string();
  options.max_body_bytes = 1024;
  const int port = Boot(options);
  httplib::Client client("127.0.0.1", port);
  std::vector<std::pair<std::string, httplib::Result>> answers;
  answers.emplace_back("static page", client.Get("/"));
  answers.emplace_back("console route", client.Get("/inspection/plans"));
  answers.emplace_back("api", client.Get("/api/v1/health"));
  answers.emplace_back("api 404", client.Get("/api/v1/nope"));
  answers.emplace_back(
      "413", client.Post("/api/v1/auth/login", std::string(4096, 'x'), "application/json"));
  for (const auto& [what, res] : answers) {
    ASSERT_TRUE(res) << what;
    const std::string csp = res->get_header_value("Content-Security-Policy");
    for (const char* directive : {"script-src 'self'", "frame-ancestors 'none'",
                                  "object-src 'none'", "base-uri 'self'", "default-src 'self'"}) {
      EXPECT_NE(csp.find(directive), std::string::npos) << what << ": " << csp;
    }
    EXPECT_EQ(csp.find("script-src 'self' 'unsafe-inline'"), std::string::npos) << what;
    EXPECT_EQ(res->get_header_value("X-Content-Type-Options"), "nosniff") << what;
    EXPECT_EQ(res->get_header_value("X-Frame-Options"), "DENY") << what;
    EXPECT_EQ(res->get_header_value("Referrer-Policy"), "same-origin") << what;
    EXPECT_EQ(res->get_header_value("Cross-Origin-Opener-Policy"), "same-origin") << what;
    EXPECT_NE(res->get_header_value("Permissions-Policy").find("camera=()"), std::string::npos)
        << what;
    EXPECT_FALSE(res->has_header("Strict-Transport-Security")) << what << " (plain HTTP)";
    EXPECT_FALSE(res->get_header_value("X-Request-Id").empty()) << what;
  }
  EXPECT_EQ(answers[0].second->status, 200);
  EXPECT_EQ(answers[2].second->get_header_value("Cache-Control"), "no-store");
  EXPECT_EQ(answers[4].second->status, 413);
  // Text goes out gzipped to a client that accepts it (httplib's client asks, and unpacks).
  auto js = client.Get("/app.js", httplib::Headers{{"Accept-Encoding", "gzip"}});
  ASSERT_TRUE(js);
  EXPECT_EQ(js->get_header_value("Content-Encoding"), "gzip");
  EXPECT_EQ(js->body, std::string(20000, ';'));
}

TEST_F(HostileHttpTest, ForwardedForIsBelievedOnlyFromATrustedProxy) {
  ServerOptions options;
  options.anonymous_requests_per_minute = 3;
  // Not a proxy we trust: every caller behind it shares the peer's bucket, whatever it claims.
  int port = Boot(options);
  {
    httplib::Client client("127.0.0.1", port);
    for (int i = 0; i < 3; ++i) {
      auto res =
          client.Get("/api/v1/health", {{"X-Forwarded-For", "203.0.113." + std::to_string(i + 1)}});
      ASSERT_TRUE(res);
      EXPECT_EQ(res->status, 200);
    }
    auto res = client.Get("/api/v1/health", httplib::Headers{{"X-Forwarded-For", "203.0.113.99"}});
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 429);
  }
  server_.reset();

  // Behind a trusted proxy (loopback here): one bucket per forwarded caller.
  options.trusted_proxies = {"127.0.0.0/8", "10.0.0.0/8"};
  port = Boot(options);
  httplib::Client client("127.0.0.1", port);
  auto status = [&](const std::string& forwarded_for) {
    auto res = client.Get("/api/v1/health", httplib::Headers{{"X-Forwarded-For", forwarded_for}});
    return res ? res->status : -1;
  };
  for (int i = 0; i < 3; ++i) EXPECT_EQ(status("203.0.113.1"), 200);
  EXPECT_EQ(status("203.0.113.1"), 429);
  // A client cannot escape its bucket by writing addresses to the left of what the proxy added.
  EXPECT_EQ(status("198.51.100.200, 203.0.113.1"), 429);
  // Hops that are trusted proxies themselves are skipped.
  EXPECT_EQ(status("203.0.113.2, 10.0.0.7"), 200);
  EXPECT_EQ(status("203.0.113.2"), 200);

  // The audit log records the forwarded caller as the source of a write.
  auto login = client.Post("/api/v1/auth/login", {{"X-Forwarded-For", "203.0.113.9"}}, AdminLogin(),
                           "application/json");
  ASSERT_TRUE(login);
  ASSERT_EQ(login->status, 200) << login->body;
  const std::string set_cookie = login->get_header_value("Set-Cookie");
  const std::string cookie = set_cookie.substr(0, set_cookie.find(';'));
  EXPECT_EQ(set_cookie.find("Secure"), std::string::npos);  // plain HTTP
  const std::string csrf = json::parse(login->body)["csrf_token"];
  const httplib::Headers signed_in = {
      {"Cookie", cookie}, {"X-CSRF-Token", csrf}, {"X-Forwarded-For", "203.0.113.9"}};
  auto created = client.Post(
      "/api/v1/admin/users", signed_in,
      json{{"username", "auditor"}, {"password", kAdminPassword}, {"role", "platform_admin"}}
          .dump(),
      "application/json");
  ASSERT_TRUE(created);
  ASSERT_EQ(created->status, 201) << created->body;
  auto audit = client.Get("/api/v1/admin/audit?action=user.create", signed_in);
  ASSERT_TRUE(audit);
  ASSERT_EQ(audit->status, 200) << audit->body;
  bool found = false;
  const json entries = json::parse(audit->body)["items"];
  for (const json& entry : entries) {
    if (entry["object"] == "user:auditor") {
      found = true;
      EXPECT_EQ(entry["source"], "203.0.113.9");
    }
  }
  EXPECT_TRUE(found) << audit->body;
}

TEST_F(HostileHttpTest, BadTrustedProxyOrTlsFilesStopTheStart) {
  ServerOptions options;
  options.port = 0;
  options.trusted_proxies = {"proxy.example"};
  ApiServer bad_proxy(*app_, options);
  EXPECT_THAT(bad_proxy.Start().status(), StatusIs(StatusCode::kInvalidArgument, "trusted_proxy"));
  options.trusted_proxies.clear();
  options.tls_cert_file = (dir_ / "missing-cert.pem").string();
  options.tls_key_file = (dir_ / "missing-key.pem").string();
  ApiServer bad_tls(*app_, options);
  EXPECT_THAT(bad_tls.Start().status(), StatusIs(StatusCode::kInvalidArgument, "tls_cert"));
}

TEST_F(HostileHttpTest, TlsServesHttpsWithSecureCookiesAndHsts) {
  const std::string cert = (dir_ / "cert.pem").string();
  const std::string key = (dir_ / "key.pem").string();
  const std::string make_cert =
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 "
      "-subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 -keyout '" +
      key + "' -out '" + cert + "' 2>/dev/null";
  ASSERT_EQ(std::system(make_cert.c_str()), 0) << make_cert;
  ServerOptions options;
  options.tls_cert_file = cert;
  options.tls_key_file = key;
  const int port = Boot(options);

  httplib::SSLClient client("127.0.0.1", port);
  client.set_ca_cert_path(cert.c_str());
  client.enable_server_certificate_verification(true);
  auto health = client.Get("/api/v1/health");
  ASSERT_TRUE(health) << httplib::to_string(health.error());
  EXPECT_EQ(health->status, 200);
  EXPECT_EQ(health->get_header_value("Strict-Transport-Security"), "max-age=31536000");
  auto login = client.Post("/api/v1/auth/login", AdminLogin(), "application/json");
  ASSERT_TRUE(login);
  ASSERT_EQ(login->status, 200) << login->body;
  const std::string set_cookie = login->get_header_value("Set-Cookie");
  EXPECT_NE(set_cookie.find("; Secure"), std::string::npos) << set_cookie;
  EXPECT_NE(set_cookie.find("HttpOnly"), std::string::npos) << set_cookie;

  // Plain HTTP to the TLS port fails at once, and the server goes on serving.
  httplib::Client plain("127.0.0.1", port);
  plain.set_read_timeout(5, 0);
  const auto t0 = Clock::now();
  auto refused = plain.Get("/api/v1/health");
  EXPECT_TRUE(!refused || refused->status >= 400);
  EXPECT_LT(MillisecondsSince(t0), 4000.0);
  auto again = client.Get("/api/v1/health");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 200);

  // TLS 1.1 and older are refused.
  const std::string old_tls = "echo | openssl s_client -connect 127.0.0.1:" + std::to_string(port) +
                              " -tls1_1 >/dev/null 2>&1";
  EXPECT_NE(std::system(old_tls.c_str()), 0);
}

}  // namespace
}  // namespace zq::api::hostile
