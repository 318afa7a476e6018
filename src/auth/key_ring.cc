#include "auth/key_ring.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include <sys/stat.h>

namespace zq::auth {
namespace {

std::string Derive(std::string_view master, std::string_view label) {
  const Sm3Digest d =
      HmacSm3({reinterpret_cast<const std::uint8_t*>(master.data()), master.size()}, label);
  return std::string(reinterpret_cast<const char*>(d.data()), d.size());
}

Result<std::string> DecodeMaster(std::string_view hex) {
  while (!hex.empty() && (hex.back() == '\n' || hex.back() == '\r' || hex.back() == ' ')) {
    hex.remove_suffix(1);
  }
  Result<std::string> raw = FromHex(hex);
  if (!raw.ok() || raw->size() != 32) {
    return Status::InvalidArgument("the master key must be 64 hexadecimal characters",
                                   "master_key");
  }
  return raw;
}

}  // namespace

Result<KeyRing> KeyRing::FromMasterKey(std::string_view master_key) {
  if (master_key.size() != 32) {
    return Status::InvalidArgument("the master key must be 32 bytes", "master_key");
  }
  ZQ_ASSIGN_OR_RETURN(PersonalDataCipher cipher,
                      PersonalDataCipher::Create(Derive(master_key, "zq/pii/sm4").substr(0, 16),
                                                 Derive(master_key, "zq/pii/mac"),
                                                 Derive(master_key, "zq/pii/index")));
  KeyRing ring;
  ring.cipher_ = std::make_shared<const PersonalDataCipher>(std::move(cipher));
  ring.chain_ = std::make_shared<const AuditChain>(Derive(master_key, "zq/audit/chain"));
  ring.backup_mac_key_ = Derive(master_key, "zq/backup/mac");
  return ring;
}

Result<KeyRing> KeyRing::Load(const std::string& path) {
  const char* env = std::getenv("ZQ_MASTER_KEY");
  if ((env == nullptr || *env == '\0') && !std::ifstream(path)) {
    return Status::NotFound("the master key file " + path + " does not exist", "key_file");
  }
  return LoadOrCreate(path);
}

Result<KeyRing> KeyRing::LoadOrCreate(const std::string& path) {
  if (const char* env = std::getenv("ZQ_MASTER_KEY"); env != nullptr && *env != '\0') {
    ZQ_ASSIGN_OR_RETURN(std::string master, DecodeMaster(env));
    return FromMasterKey(master);
  }
  std::ifstream in(path);
  if (in) {
    std::stringstream text;
    text << in.rdbuf();
    ZQ_ASSIGN_OR_RETURN(std::string master, DecodeMaster(text.str()));
    return FromMasterKey(master);
  }
  const std::string master = RandomBytes(32);
  {
    const mode_t old_mask = ::umask(077);
    std::ofstream out(path, std::ios::trunc);
    ::umask(old_mask);
    if (!out)
      return Status::Unavailable("cannot create the key file " + path);
    out << ToHex({reinterpret_cast<const std::uint8_t*>(master.data()), master.size()}) << "\n";
    if (!out.good())
      return Status::Unavailable("cannot write the key file " + path);
  }
  ::chmod(path.c_str(), 0600);
  return FromMasterKey(master);
}

}  // namespace zq::auth
