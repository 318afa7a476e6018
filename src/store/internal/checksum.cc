#include "store/internal/checksum.h"

#include <cstdio>
#include <fstream>
#include <memory>
#include <vector>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <spawn.h>
#include <sys/wait.h>

#include "store/database.h"

extern char** environ;

namespace zq::store::internal {

namespace {

constexpr std::string_view kMacSuffix = ".hmac-sm3";
constexpr std::string_view kMacMagic = "zq-backup-hmac-sm3-v1";

}  // namespace

Result<std::string> FileHmacSm3(const std::string& path, std::string_view key) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return Status::Unavailable("cannot read " + path);
  std::unique_ptr<EVP_MAC, decltype(&EVP_MAC_free)> mac(EVP_MAC_fetch(nullptr, "HMAC", nullptr),
                                                        EVP_MAC_free);
  ZQ_CHECK(mac != nullptr);
  std::unique_ptr<EVP_MAC_CTX, decltype(&EVP_MAC_CTX_free)> ctx(EVP_MAC_CTX_new(mac.get()),
                                                                EVP_MAC_CTX_free);
  char digest_name[] = "SM3";
  const OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest_name, 0),
      OSSL_PARAM_construct_end()};
  ZQ_CHECK(ctx && EVP_MAC_init(ctx.get(), reinterpret_cast<const unsigned char*>(key.data()),
                               key.size(), params) == 1);
  std::vector<char> buf(1 << 20);
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    if (in.gcount() > 0) {
      ZQ_CHECK(EVP_MAC_update(ctx.get(), reinterpret_cast<const unsigned char*>(buf.data()),
                              static_cast<std::size_t>(in.gcount())) == 1);
    }
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  std::size_t len = 0;
  ZQ_CHECK(EVP_MAC_final(ctx.get(), digest, &len, sizeof digest) == 1);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < len; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 15];
  }
  return out;
}

Status WriteBackupMac(const std::string& path, std::string_view key) {
  ZQ_ASSIGN_OR_RETURN(std::string mac, FileHmacSm3(path, key));
  const std::string mac_path = path + std::string(kMacSuffix);
  std::ofstream out(mac_path, std::ios::trunc);
  out << kMacMagic << " " << mac << "\n";
  if (!out.good())
    return Status::Unavailable("cannot write " + mac_path);
  std::remove((path + ".sm3").c_str());  // an unkeyed checksum beside it would only mislead
  return Status::Ok();
}

std::string ServingLockPath(const std::string& db_path) { return db_path + ".serving"; }

}  // namespace zq::store::internal

namespace zq::store {

Status VerifyBackup(const std::string& path, std::string_view mac_key) {
  const std::string mac_path = path + std::string(internal::kMacSuffix);
  std::ifstream in(mac_path);
  std::string magic, expected;
  if (!in) {
    if (std::ifstream(path + ".sm3")) {
      return Status::FailedPrecondition(
          "the backup " + path + " has only an unkeyed SM3 checksum (" + path +
              ".sm3, written before backups were sealed): anyone who can edit the backup can "
              "recompute it, so it proves nothing and zq refuses it. Make a new backup with `zq "
              "backup`, which writes " +
              mac_path + " (HMAC-SM3 under the master key)",
          "backup");
    }
    return Status::FailedPrecondition("the backup has no keyed checksum file " + mac_path,
                                      "backup");
  }
  if (!(in >> magic >> expected) || magic != internal::kMacMagic) {
    return Status::FailedPrecondition("the keyed checksum file " + mac_path + " is malformed",
                                      "backup");
  }
  ZQ_ASSIGN_OR_RETURN(std::string actual, internal::FileHmacSm3(path, mac_key));
  if (actual.size() != expected.size() ||
      CRYPTO_memcmp(actual.data(), expected.data(), actual.size()) != 0) {
    return Status::FailedPrecondition(
        "the backup does not match its HMAC-SM3: it was altered, or written under another "
        "master key (restore with the key file it was made under)",
        "backup");
  }
  return Status::Ok();
}

}  // namespace zq::store

namespace zq::store::internal {

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
