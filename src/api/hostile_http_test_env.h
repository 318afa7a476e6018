#pragma once

// The fixture of the HTTP transport tests (hostile_http*_test.cc): the real server on port 0,
// raw sockets where a well-behaved client library would hide the attack.
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

namespace zq::api::hostile {

using nlohmann::json;
using ::zq::status_matchers::StatusIs;
using Clock = std::chrono::steady_clock;

inline constexpr char kAdminPassword[] = "Quality-Pass-2026!";

inline double MillisecondsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// A raw TCP connection to the server on loopback; -1 when it cannot connect.
inline int Connect(int port) {
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

inline bool SendAll(int fd, std::string_view data) {
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
inline std::string ReadAnswer(int fd, std::string& pending, Method method = Method::kGet) {
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
inline bool ClosedByServer(int fd, std::chrono::milliseconds wait) {
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

}  // namespace zq::api::hostile
