// libFuzzer target: the pieces of reading a request that the server does itself, not Beast
// (api/internal/request_parsing.h), never crash, and keep their promises. The first byte picks:
// a request target split into path and query, or trusted proxies (one a line) with a peer and
// an X-Forwarded-For value after a blank line.
#include <cstddef>
#include <cstdint>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "api/internal/request_parsing.h"
#include "core/status.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0)
    return 0;
  const std::string rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  namespace internal = zq::api::internal;
  if (data[0] % 2 == 0) {
    // Text without escapes decodes to itself; a query parameter always has a name.
    if (rest.find_first_of("%+") == std::string::npos) {
      ZQ_CHECK(internal::DecodeUrl(rest, internal::PlusSign::kSpace) == rest);
    }
    std::string path;
    std::multimap<std::string, std::string> query;
    if (internal::SplitTarget(rest, path, query)) {
      for (const auto& [name, value] : query) ZQ_CHECK(!name.empty());
    }
    return 0;
  }
  std::vector<std::string> proxies;
  std::istringstream lines(rest);
  std::string line;
  while (std::getline(lines, line) && !line.empty()) proxies.push_back(line);
  std::string peer;
  std::string forwarded_for;
  std::getline(lines, peer);
  std::getline(lines, forwarded_for);
  zq::Result<internal::ProxyTrust> trust = internal::ProxyTrust::Parse(proxies);
  if (!trust.ok())
    return 0;
  // From a peer that is not trusted, X-Forwarded-For is never believed.
  const std::string client = trust->ClientAddress(peer, forwarded_for);
  if (!trust->Trusts(peer))
    ZQ_CHECK(client == peer);
  (void)internal::CanonicalAddress(client);
  return 0;
}
