#include "api/http.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace zq::api {

std::string Request::Query(std::string_view name) const {
  auto it = query.find(std::string(name));
  return it == query.end() ? std::string() : it->second;
}

std::string Request::Header(std::string_view lower_case_name) const {
  auto it = headers.find(std::string(lower_case_name));
  return it == headers.end() ? std::string() : it->second;
}

std::string Request::Cookie(std::string_view name) const {
  const std::string cookies = Header("cookie");
  std::size_t pos = 0;
  while (pos < cookies.size()) {
    while (pos < cookies.size() && (cookies[pos] == ' ' || cookies[pos] == ';')) ++pos;
    const std::size_t end = std::min(cookies.find(';', pos), cookies.size());
    const std::string_view item(cookies.data() + pos, end - pos);
    const std::size_t eq = item.find('=');
    if (eq != std::string_view::npos && item.substr(0, eq) == name) {
      return std::string(item.substr(eq + 1));
    }
    pos = end + 1;
  }
  return {};
}

Response Response::Json(const nlohmann::json& body, int status) {
  Response r;
  r.status = status;
  // Replace invalid UTF-8 rather than throw: stored text is validated, but be safe.
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

Response Response::Bytes(std::string body, std::string content_type) {
  Response r;
  r.body = std::move(body);
  r.content_type = std::move(content_type);
  return r;
}

Response Response::Download(std::string body, std::string content_type,
                            std::string_view file_name) {
  Response r = Bytes(std::move(body), std::move(content_type));
  std::string ascii, encoded;
  for (const char c : file_name) {
    const auto b = static_cast<unsigned char>(c);
    const bool plain = (b >= '0' && b <= '9') || (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') ||
                       b == '.' || b == '-' || b == '_';
    ascii += plain ? c : '_';
    encoded += plain ? std::string(1, c) : fmt::format("%{:02X}", static_cast<unsigned>(b));
  }
  r.headers.emplace_back(
      "Content-Disposition",
      fmt::format("attachment; filename=\"{}\"; filename*=UTF-8''{}", ascii, encoded));
  return r;
}

}  // namespace zq::api
