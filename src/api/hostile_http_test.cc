// The HTTP transport against hostile or careless clients (issue 16): trickling heads, chunked
// floods, keep-alive, TLS, forwarded addresses, connection caps, security headers. The real
// server on port 0; raw sockets where a well-behaved client library would hide the attack.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <nlohmann/json.hpp>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "api/server.h"
#include "app/app.h"
#include "app/registered_modules.h"
#include "auth/account_service.h"
#include "auth/totp.h"
#include "core/clock.h"
#include "core/testing/status_is.h"
#include "store/testing/test_database.h"

namespace zq::api {
namespace {

using nlohmann::json;
using ::zq::status_matchers::StatusIs;
using Clock = std::chrono::steady_clock;

constexpr char kAdminPassword[] = "Quality-Pass-2026!";

double MillisecondsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// A raw TCP connection to the server on loopback; -1 when it cannot connect.
int Connect(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0)
    return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval timeout{5, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

bool SendAll(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n <= 0)
      return false;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

enum class Method { kGet, kHead };

// Reads one answer (head and the Content-Length body, none for HEAD) from `fd`, keeping what
// follows it in `pending`; "" when the connection closed or timed out first.
std::string ReadAnswer(int fd, std::string& pending, Method method = Method::kGet) {
  char buffer[16384];
  for (;;) {
    const std::size_t head_end = pending.find("\r\n\r\n");
    if (head_end != std::string::npos) {
      std::size_t length = 0;
      const std::size_t at = pending.find("Content-Length: ");
      if (at != std::string::npos && at < head_end && method == Method::kGet)
        length = std::stoul(pending.substr(at + 16, 12));
      if (pending.size() >= head_end + 4 + length) {
        std::string answer = pending.substr(0, head_end + 4 + length);
        pending.erase(0, head_end + 4 + length);
        return answer;
      }
    }
    const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0)
      return {};
    pending.append(buffer, static_cast<std::size_t>(n));
  }
}

// True when the server has closed `fd` (end of stream or reset) within `wait`.
bool ClosedByServer(int fd, std::chrono::milliseconds wait) {
  pollfd p{fd, POLLIN, 0};
  if (::poll(&p, 1, static_cast<int>(wait.count())) <= 0)
    return false;
  char c;
  return ::recv(fd, &c, 1, MSG_DONTWAIT) <= 0;
}

class HostileHttpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = store::testing::TestDatabase::Create(store::Backend::kSqlite);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    auth::AuthPolicy policy;
    policy.argon2 = auth::Argon2Params{.time_cost = 1, .memory_kib = 1024, .parallelism = 1};
    Result<std::unique_ptr<app::App>> built =
        app::App::Build(app::RegisteredModules(), db_->db(), keys_, clock_,
                        [&](app::Context& ctx) { ctx.Emplace<auth::AuthPolicy>(policy); });
    ASSERT_TRUE(built.ok()) << built.status().ToString();
    app_ = std::move(built).value();
    auth::NewUser admin;
    admin.username = "admin";
    admin.password = kAdminPassword;
    admin.role = auth::Role::kPlatformAdmin;
    ASSERT_TRUE(app_->Get<auth::AccountService>().CreateUser(auth::Caller::System(), admin).ok());
    // Administrators sign in with a second factor: enrol one at the fake clock's time.
    auth::Caller who;
    who.actor = "admin";
    Result<auth::TotpEnrolment> enrolment =
        app_->Get<auth::AccountService>().BeginTotpEnrolment(who);
    ASSERT_TRUE(enrolment.ok()) << enrolment.status().ToString();
    totp_secret_ = auth::Base32Decode(enrolment->secret_base32).value();
    ASSERT_TRUE(app_->Get<auth::AccountService>().ConfirmTotpEnrolment(who, AdminCode()).ok());
    dir_ = std::filesystem::temp_directory_path() /
           ("zq-hostile-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_ / "static");
    std::ofstream(dir_ / "static/index.html") << "<!doctype html><title>质强</title>";
    std::ofstream(dir_ / "static/app.js") << std::string(20000, ';');
  }

  void TearDown() override {
    server_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  // Starts the server with `options` (on port 0), returning its port.
  int Boot(ServerOptions options) {
    options.port = 0;
    server_ = std::make_unique<ApiServer>(*app_, options);
    Result<int> port = server_->Start();
    EXPECT_TRUE(port.ok()) << port.status().ToString();
    return port.ok() ? *port : 0;
  }

  // The administrator's sign-in body with the code of the next unused 30-second step.
  std::string AdminLogin() {
    return json{{"username", "admin"}, {"password", kAdminPassword}, {"code", AdminCode()}}.dump();
  }

  std::string AdminCode() {
    clock_.Advance(auth::kTotpStep);  // each code is good once (RFC 6238 §5.2)
    return auth::TotpCode(totp_secret_, auth::TotpStep(clock_.Now()));
  }

  std::string totp_secret_;
  FakeClock clock_{std::chrono::system_clock::now()};
  auth::KeyRing keys_ = *auth::KeyRing::FromMasterKey(std::string(32, 'q'));
  std::unique_ptr<store::testing::TestDatabase> db_;
  std::unique_ptr<app::App> app_;
  std::unique_ptr<ApiServer> server_;
  std::filesystem::path dir_;
};

TEST_F(HostileHttpTest, TricklingClientsNeitherStallOthersNorOutliveTheHeadDeadline) {
  ServerOptions options;
  options.head_timeout = std::chrono::milliseconds(2000);
  const int port = Boot(options);
  // 64 connections send a request line, then one header line every 300 ms (the probe of issue
  // 16 froze the old server with 8 such connections at one line per 5 s).
  const auto start = Clock::now();
  std::vector<int> slow;
  for (int i = 0; i < 64; ++i) {
    const int fd = Connect(port);
    ASSERT_GE(fd, 0);
    ASSERT_TRUE(SendAll(fd, "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n"));
    slow.push_back(fd);
  }
  std::atomic<bool> done{false};
  std::thread trickle([&] {
    for (int line = 0; !done; ++line) {
      for (int fd : slow) SendAll(fd, "X-Trickle-" + std::to_string(line) + ": 1\r\n");
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
    }
  });
  // Meanwhile health answers at once, on new connections and on a kept-alive one.
  httplib::Client fresh("127.0.0.1", port);
  httplib::Client kept("127.0.0.1", port);
  kept.set_keep_alive(true);
  for (int i = 0; i < 10; ++i) {
    for (httplib::Client* client : {&fresh, &kept}) {
      const auto t0 = Clock::now();
      auto res = client->Get("/api/v1/health");
      const double ms = MillisecondsSince(t0);
      ASSERT_TRUE(res);
      EXPECT_EQ(res->status, 200);
      EXPECT_LT(ms, 100.0) << "health took " << ms << " ms beside 64 trickling connections";
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  // Past the 2 s head deadline every trickling connection has been dropped, unanswered.
  int closed = 0;
  for (int fd : slow) {
    const auto left = std::chrono::milliseconds(3500) -
                      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
    closed += ClosedByServer(fd, std::max(left, std::chrono::milliseconds(1))) ? 1 : 0;
  }
  done = true;
  trickle.join();
  for (int fd : slow) ::close(fd);
  EXPECT_EQ(closed, 64);
  EXPECT_GE(MillisecondsSince(start), 2000.0);
}

// Sends a chunked body, chunks of `chunk` bytes each, until the server answers or closes, or
// `max_bytes` have gone; returns the answer and how many bytes of body were sent before it came.
std::pair<std::string, std::size_t> SendChunkedUntilAnswered(int port, std::size_t chunk,
                                                             std::size_t max_bytes) {
  const int fd = Connect(port);
  if (fd < 0)
    return {};
  const int small = 64 * 1024;  // so that the socket buffers hide little of what was sent
  ::setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &small, sizeof small);
  SendAll(fd,
          "POST /api/v1/inspection/verify-draw HTTP/1.1\r\nHost: x\r\n"
          "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
  char size_line[32];
  std::snprintf(size_line, sizeof size_line, "%zx\r\n", chunk);
  const std::string filler(16 * 1024, ' ');
  std::size_t sent = 0;
  std::size_t left_in_chunk = 0;
  while (sent < max_bytes) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 0) > 0)
      break;  // the server answered, or closed
    std::string piece;
    if (left_in_chunk == 0) {
      piece = (sent == 0 ? "" : "\r\n") + std::string(size_line);
      left_in_chunk = chunk;
    }
    const std::size_t n = std::min(left_in_chunk, filler.size());
    piece.append(filler, 0, n);
    left_in_chunk -= n;
    if (!SendAll(fd, piece))
      break;
    sent += n;
  }
  std::string pending;
  std::string answer = ReadAnswer(fd, pending);
  ::close(fd);
  return {answer, sent};
}

TEST_F(HostileHttpTest, ChunkedBodiesOverTheLimitAnswer413WithoutBeingReadWhole) {
  ServerOptions options;
  options.max_body_bytes = 1 << 20;
  const int port = Boot(options);
  // Many small chunks adding up past the limit (the probe claimed 256 MiB).
  auto [answer, sent] = SendChunkedUntilAnswered(port, 64 * 1024, std::size_t{256} << 20);
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 413 ")) << answer.substr(0, 200);
  EXPECT_NE(answer.find(R"("code":"RESOURCE_EXHAUSTED")"), std::string::npos) << answer;
  EXPECT_LT(sent, std::size_t{8} << 20) << "the server read far past its 1 MiB limit";
  // One chunk announcing 256 MiB is refused at its size line.
  auto [big_answer, big_sent] =
      SendChunkedUntilAnswered(port, std::size_t{256} << 20, std::size_t{256} << 20);
  EXPECT_TRUE(big_answer.starts_with("HTTP/1.1 413 ")) << big_answer.substr(0, 200);
  EXPECT_LT(big_sent, std::size_t{8} << 20);
  // A declared Content-Length over the limit is refused after the head, before any body.
  const int fd = Connect(port);
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(SendAll(fd,
                      "POST /api/v1/inspection/verify-draw HTTP/1.1\r\nHost: x\r\n"
                      "Content-Length: 268435456\r\n\r\n"));
  std::string pending;
  const std::string declared = ReadAnswer(fd, pending);
  ::close(fd);
  EXPECT_TRUE(declared.starts_with("HTTP/1.1 413 ")) << declared;
  EXPECT_NE(declared.find("X-Request-Id: "), std::string::npos) << declared;
  // A chunked body within the limit still reaches the route (which finds it wanting).
  const int small = Connect(port);
  ASSERT_GE(small, 0);
  ASSERT_TRUE(SendAll(small,
                      "POST /api/v1/inspection/verify-draw HTTP/1.1\r\nHost: x\r\n"
                      "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                      "2\r\n{}\r\n0\r\n\r\n"));
  pending.clear();
  const std::string routed = ReadAnswer(small, pending);
  ::close(small);
  EXPECT_TRUE(routed.starts_with("HTTP/1.1 4")) << routed;
  EXPECT_EQ(routed.find("HTTP/1.1 413"), std::string::npos) << routed;
  EXPECT_NE(routed.find(R"({"error":)"), std::string::npos) << routed;
}

TEST_F(HostileHttpTest, KeepAliveConnectionsServeManyRequestsAndIdleOut) {
  ServerOptions options;
  options.idle_timeout = std::chrono::milliseconds(500);
  options.static_dir = (dir_ / "static").string();
  const int port = Boot(options);
  const int fd = Connect(port);
  ASSERT_GE(fd, 0);
  std::string pending;
  for (int i = 0; i < 50; ++i) {
    ASSERT_TRUE(SendAll(fd, "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n"));
    const std::string answer = ReadAnswer(fd, pending);
    ASSERT_TRUE(answer.starts_with("HTTP/1.1 200 ")) << i << ": " << answer;
    EXPECT_EQ(answer.find("Connection: close"), std::string::npos);
    EXPECT_NE(answer.find(R"("database")"), std::string::npos) << answer;
  }
  // Pipelined: three requests in one write, three answers in order; HEAD has no body.
  ASSERT_TRUE(
      SendAll(fd,
              "GET /app.js HTTP/1.1\r\nHost: x\r\n\r\nHEAD /app.js HTTP/1.1\r\nHost: x\r\n\r\n"
              "GET /api/v1/nope HTTP/1.1\r\nHost: x\r\n\r\n"));
  const std::string js = ReadAnswer(fd, pending);
  EXPECT_TRUE(js.starts_with("HTTP/1.1 200 ")) << js.substr(0, 300);
  EXPECT_NE(js.find("Content-Length: 20000\r\n"), std::string::npos) << js.substr(0, 300);
  const std::string head = ReadAnswer(fd, pending, Method::kHead);
  EXPECT_TRUE(head.starts_with("HTTP/1.1 200 ")) << head;
  EXPECT_NE(head.find("Content-Length: 20000\r\n"), std::string::npos) << head;
  EXPECT_TRUE(head.ends_with("\r\n\r\n")) << head;
  const std::string missing = ReadAnswer(fd, pending);
  EXPECT_TRUE(missing.starts_with("HTTP/1.1 404 ")) << missing << pending.substr(0, 100);
  // Idle past idle_timeout: the server closes.
  EXPECT_TRUE(ClosedByServer(fd, std::chrono::milliseconds(3000)));
  ::close(fd);
  // HTTP/1.0 without keep-alive: one answer, then the server closes.
  const int old = Connect(port);
  ASSERT_GE(old, 0);
  ASSERT_TRUE(SendAll(old, "GET /api/v1/health HTTP/1.0\r\n\r\n"));
  pending.clear();
  EXPECT_TRUE(ReadAnswer(old, pending).starts_with("HTTP/1.0 200 "));
  EXPECT_TRUE(ClosedByServer(old, std::chrono::milliseconds(3000)));
  ::close(old);
}

TEST_F(HostileHttpTest, ConnectionsBeyondThePerAddressCapAreClosed) {
  ServerOptions options;
  options.max_connections_per_address = 4;
  const int port = Boot(options);
  std::vector<int> held;
  for (int i = 0; i < 4; ++i) held.push_back(Connect(port));
  ASSERT_TRUE(std::all_of(held.begin(), held.end(), [](int fd) { return fd >= 0; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // all four accepted
  const int extra = Connect(port);
  ASSERT_GE(extra, 0);
  EXPECT_TRUE(ClosedByServer(extra, std::chrono::milliseconds(2000)));
  ::close(extra);
  ::close(held.back());
  held.pop_back();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // the server saw it close
  httplib::Client client("127.0.0.1", port);
  auto res = client.Get("/api/v1/health");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  for (int fd : held) ::close(fd);
}

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
}  // namespace zq::api
