#include <charconv>

#include <nlohmann/json.hpp>

#include "api/server.h"

namespace zq::api {

Result<nlohmann::json> ParseJsonBody(const Request& request) {
  // Refuse deep nesting before parsing, so no input can exhaust the stack.
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < request.body.size(); ++i) {
    const char c = request.body[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > 32)
        return Status::InvalidArgument("the JSON is nested too deeply", "body");
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  nlohmann::json j = nlohmann::json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded())
    return Status::InvalidArgument("the body is not valid JSON", "body");
  if (!j.is_object())
    return Status::InvalidArgument("the body must be a JSON object", "body");
  return j;
}

Status ReadInt(const Request& request, const char* name, int fallback, int& out) {
  const std::string text = request.Query(name);
  if (text.empty()) {
    out = fallback;
    return Status::Ok();
  }
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  if (ec != std::errc() || p != text.data() + text.size()) {
    return Status::InvalidArgument(std::string(name) + " must be a whole number", name);
  }
  return Status::Ok();
}

Status ReadPage(const Request& request, int& page, int& page_size) {
  ZQ_RETURN_IF_ERROR(ReadInt(request, "page", 1, page));
  return ReadInt(request, "page_size", 20, page_size);
}

}  // namespace zq::api
