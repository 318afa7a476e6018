#include "api/body.h"

#include <charconv>
#include <cstdint>

#include <nlohmann/json.hpp>

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

Result<std::int64_t> PathId(const Request& request, const char* name) {
  const auto it = request.path_params.find(name);
  const std::string text = it == request.path_params.end() ? "" : it->second;
  std::int64_t id = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || id < 1)
    return Status::InvalidArgument(std::string(name) + " must be a positive whole number", name);
  return id;
}

Result<ids::Uscc> PathUscc(const Request& request) {
  const auto it = request.path_params.find("uscc");
  return ids::ParseUscc(it == request.path_params.end() ? "" : it->second);
}

Result<std::optional<ids::RegionCode>> RegionParam(std::string_view text, const char* name) {
  Result<std::optional<ids::RegionCode>> region = ids::ParseOptionalRegionCode(text);
  if (!region.ok())
    return Status(region.status().code(), region.status().message(), name);
  return region;
}

Result<std::optional<ids::RegionCode>> QueryRegion(const Request& request, const char* name) {
  return RegionParam(request.Query(name), name);
}

Status JsonMember<std::string>::Read(const nlohmann::json& v, const std::string& name,
                                     std::string& out) {
  if (!v.is_string())
    return Status::InvalidArgument(name + " must be text", name);
  out = v.get<std::string>();
  return Status::Ok();
}

Status JsonMember<std::int64_t>::Read(const nlohmann::json& v, const std::string& name,
                                      std::int64_t& out) {
  if (!v.is_number_integer())
    return Status::InvalidArgument(name + " must be a whole number", name);
  if (v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX))
    return Status::InvalidArgument(name + " is too large", name);
  out = v.get<std::int64_t>();
  return Status::Ok();
}

Status JsonMember<int>::Read(const nlohmann::json& v, const std::string& name, int& out) {
  std::int64_t wide = 0;
  ZQ_RETURN_IF_ERROR(JsonMember<std::int64_t>::Read(v, name, wide));
  if (wide < INT32_MIN || wide > INT32_MAX)
    return Status::InvalidArgument(name + " is out of range", name);
  out = static_cast<int>(wide);
  return Status::Ok();
}

Status JsonMember<double>::Read(const nlohmann::json& v, const std::string& name, double& out) {
  if (!v.is_number())
    return Status::InvalidArgument(name + " must be a number", name);
  out = v.get<double>();
  return Status::Ok();
}

Status JsonMember<bool>::Read(const nlohmann::json& v, const std::string& name, bool& out) {
  if (!v.is_boolean())
    return Status::InvalidArgument(name + " must be true or false", name);
  out = v.get<bool>();
  return Status::Ok();
}

Status JsonMember<std::vector<std::string>>::Read(const nlohmann::json& v, const std::string& name,
                                                  std::vector<std::string>& out) {
  if (!v.is_array())
    return Status::InvalidArgument(name + " must be a list of texts", name);
  std::vector<std::string> items;
  for (const nlohmann::json& item : v) {
    if (!item.is_string())
      return Status::InvalidArgument(name + " must be a list of texts", name);
    items.push_back(item.get<std::string>());
  }
  out = std::move(items);
  return Status::Ok();
}

Status CheckOneOf(const std::string& value, const std::string& name,
                  const std::vector<std::string>& one_of) {
  if (one_of.empty())
    return Status::Ok();
  for (const std::string& allowed : one_of) {
    if (value == allowed)
      return Status::Ok();
  }
  std::string list;
  for (const std::string& allowed : one_of) list += (list.empty() ? "" : ", ") + allowed;
  return Status::InvalidArgument(name + " must be one of: " + list, name);
}

}  // namespace zq::api
