#include "api/internal/compression.h"

#include <algorithm>
#include <cctype>
#include <functional>

#include <zlib.h>

namespace zq::api::internal {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

bool AcceptsGzip(std::string_view accept_encoding) {
  const std::string value = Lower(accept_encoding);
  std::string_view rest = value;
  while (!rest.empty()) {
    const std::size_t comma = std::min(rest.find(','), rest.size());
    std::string_view item = Trim(rest.substr(0, comma));
    rest.remove_prefix(std::min(comma + 1, rest.size()));
    const std::size_t semi = item.find(';');
    const std::string_view coding = Trim(item.substr(0, semi));
    if (coding != "gzip" && coding != "x-gzip" && coding != "*")
      continue;
    if (semi == std::string_view::npos)
      return true;
    std::string_view params = Trim(item.substr(semi + 1));
    if (!params.starts_with("q="))
      return true;
    params.remove_prefix(2);
    // "q=0", "q=0.0", "q=0.000" refuse; anything else accepts.
    const bool zero = !params.empty() && params.front() == '0' &&
                      params.find_first_not_of("0.", 0) == std::string_view::npos;
    if (!zero)
      return true;
  }
  return false;
}

bool IsCompressible(std::string_view content_type) {
  const std::string type = Lower(content_type.substr(0, content_type.find(';')));
  return type.starts_with("text/") || type == "application/json" ||
         type == "application/javascript" || type == "image/svg+xml" || type == "application/xml" ||
         type == "application/ld+json";
}

std::string Gzip(std::string_view data) {
  z_stream z{};
  // windowBits 15 + 16: a gzip header and trailer instead of zlib's.
  if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    return {};
  std::string out(deflateBound(&z, static_cast<uLong>(data.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return rc == Z_STREAM_END ? out : std::string();
}

std::shared_ptr<const std::string> GzipCache::Compress(std::string_view data) {
  const std::pair<std::size_t, std::uint64_t> key{data.size(), std::hash<std::string_view>{}(data)};
  {
    std::lock_guard lock(mu_);
    if (auto it = entries_.find(key); it != entries_.end())
      return it->second;
  }
  auto compressed = std::make_shared<const std::string>(Gzip(data));
  std::lock_guard lock(mu_);
  if (bytes_ + compressed->size() > max_bytes_) {
    entries_.clear();
    bytes_ = 0;
  }
  if (compressed->size() <= max_bytes_ && entries_.emplace(key, compressed).second)
    bytes_ += compressed->size();
  return compressed;
}

}  // namespace zq::api::internal
