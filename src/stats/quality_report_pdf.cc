// The annual quality status report printed to PDF (quality_report.h): the page rendered from the
// snapshot, printed by a headless Chromium (Debian's chromium, with fonts-noto-cjk for the
// Chinese text), one print at a time.
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "stats/quality_report.h"

extern char** environ;

namespace zq::stats {
namespace {

constexpr auto kPrintTimeout = std::chrono::seconds(60);

// A temporary folder removed when it goes out of scope.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "zq-report-XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr)
      path_ = pattern;
  }

  ~TempDir() {
    std::error_code ignored;
    if (!path_.empty())
      std::filesystem::remove_all(path_, ignored);
  }

  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Runs `argv` with its output discarded; false when it cannot start, fails or outlives the
// timeout (it is then killed).
bool RunQuietly(const std::vector<std::string>& argv) {
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  const int spawned = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0)
    return false;
  const auto deadline = std::chrono::steady_clock::now() + kPrintTimeout;
  int status = 0;
  while (true) {
    const pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid)
      return WIFEXITED(status) && WEXITSTATUS(status) == 0;
    if (done < 0)
      return false;
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

std::mutex print_mutex;

}  // namespace

Result<std::string> QualityReportPdf(const QualityReportEdition& report) {
  const char* configured = std::getenv("ZQ_CHROMIUM");
  const std::string browser = configured && *configured ? configured : "chromium";
  TempDir dir;
  if (dir.path().empty())
    return Status::Unavailable("cannot make a temporary folder to print the report");
  const std::filesystem::path html = dir.path() / "report.html";
  const std::filesystem::path pdf = dir.path() / "report.pdf";
  {
    std::ofstream out(html, std::ios::binary);
    out << QualityReportHtml(report);
    if (!out)
      return Status::Unavailable("cannot write the report to print it");
  }
  const std::lock_guard lock(print_mutex);
  const bool printed =
      RunQuietly({browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                  "--user-data-dir=" + (dir.path() / "profile").string(),
                  "--print-to-pdf=" + pdf.string(), "file://" + html.string()});
  std::ifstream in(pdf, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!printed || bytes.str().rfind("%PDF-", 0) != 0) {
    return Status::Unavailable(
        "printing the report needs a headless Chromium: install Debian's chromium and "
        "fonts-noto-cjk, or name a browser in ZQ_CHROMIUM");
  }
  return bytes.str();
}

}  // namespace zq::stats
