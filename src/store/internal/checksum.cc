#include "store/internal/checksum.h"

#include <fstream>
#include <memory>
#include <vector>

#include <openssl/evp.h>
#include <spawn.h>
#include <sys/wait.h>

extern char** environ;

namespace zq::store::internal {

Result<std::string> FileSm3(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return Status::Unavailable("cannot read " + path);
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  ZQ_CHECK(ctx && EVP_DigestInit_ex(ctx.get(), EVP_sm3(), nullptr) == 1);
  std::vector<char> buf(1 << 20);
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    if (in.gcount() > 0) {
      ZQ_CHECK(EVP_DigestUpdate(ctx.get(), buf.data(), static_cast<std::size_t>(in.gcount())) == 1);
    }
  }
  unsigned char digest[32];
  unsigned int len = 0;
  ZQ_CHECK(EVP_DigestFinal_ex(ctx.get(), digest, &len) == 1);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < len; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 15];
  }
  return out;
}

Status WriteChecksum(const std::string& path) {
  ZQ_ASSIGN_OR_RETURN(std::string sum, FileSm3(path));
  std::ofstream out(path + ".sm3", std::ios::trunc);
  out << sum << "\n";
  if (!out.good())
    return Status::Unavailable("cannot write " + path + ".sm3");
  return Status::Ok();
}

Status VerifyChecksum(const std::string& path) {
  std::ifstream in(path + ".sm3");
  std::string expected;
  if (!(in >> expected)) {
    return Status::FailedPrecondition("the backup has no checksum file " + path + ".sm3", "backup");
  }
  ZQ_ASSIGN_OR_RETURN(std::string actual, FileSm3(path));
  if (actual != expected) {
    return Status::FailedPrecondition("the backup does not match its SM3 checksum", "backup");
  }
  return Status::Ok();
}

Status RunProgram(const std::vector<std::string>& argv) {
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  if (posix_spawnp(&pid, args[0], nullptr, nullptr, args.data(), environ) != 0) {
    return Status::Unavailable("cannot run " + argv[0]);
  }
  int status = 0;
  if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return Status::Unavailable(argv[0] + " failed");
  }
  return Status::Ok();
}

}  // namespace zq::store::internal
