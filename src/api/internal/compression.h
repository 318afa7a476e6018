#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

// gzip (RFC 1952) for answers the client accepts compressed, as cpp-httplib did before the server
// moved to Boost.Beast: the console's JavaScript is several MiB before compression.
namespace zq::api::internal {

// True when an Accept-Encoding value (RFC 9110 §12.5.3) accepts gzip: a "gzip" or "*" token
// whose q-value is not 0.
bool AcceptsGzip(std::string_view accept_encoding);

// Text, JSON, JavaScript, SVG: worth compressing. Images and fonts are compressed already.
bool IsCompressible(std::string_view content_type);

// The gzip stream of `data` (zlib level 6).
std::string Gzip(std::string_view data);

// Compressed static files, kept so that each is compressed once, not per request. Bounded: when
// full it is emptied. Thread-safe.
class GzipCache {
 public:
  explicit GzipCache(std::size_t max_bytes) : max_bytes_(max_bytes) {}

  std::shared_ptr<const std::string> Compress(std::string_view data);

 private:
  std::mutex mu_;
  std::size_t max_bytes_;
  std::size_t bytes_ = 0;
  std::map<std::pair<std::size_t, std::uint64_t>, std::shared_ptr<const std::string>> entries_;
};

}  // namespace zq::api::internal
