#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/http.h"
#include "api/router.h"
#include "core/ids/region_code.h"
#include "core/ids/uscc.h"
#include "core/result.h"

// Reading requests: a JSON body declared once (Body<T>), from which both the route's OpenAPI
// schema and the parsing come; path and query parameters. Every error is kInvalidArgument naming
// the member or parameter, so the console can point at the field.
namespace zq::api {

// Parses a JSON request body: kInvalidArgument (field "body") when it is not JSON, is nested
// deeper than 32 levels, or is not an object.
Result<nlohmann::json> ParseJsonBody(const Request& request);

// Reads a whole-number query parameter; kInvalidArgument (field `name`) when malformed.
Status ReadInt(const Request& request, const char* name, int fallback, int& out);

// Reads page/page_size query parameters (defaults 1 and 20).
Status ReadPage(const Request& request, int& page, int& page_size);

// The positive whole-number path parameter `name` ({id} by default); kInvalidArgument naming it.
Result<std::int64_t> PathId(const Request& request, const char* name = "id");

// The USCC path parameter {uscc}, parsed: a malformed one gets the parser's kInvalidArgument
// (field "uscc", its message naming the failed rule of GB 32100-2015), so a 400 and never a 404.
Result<ids::Uscc> PathUscc(const Request& request);

// An optional region given as `text` in the parameter `name`: none when empty (the caller's
// whole jurisdiction), else ids::ParseRegionCode's result, its error naming `name`.
Result<std::optional<ids::RegionCode>> RegionParam(std::string_view text, const char* name);

// The same for the query parameter `name` ("region" by default).
Result<std::optional<ids::RegionCode>> QueryRegion(const Request& request,
                                                   const char* name = "region");

// How one body member is documented: its description, the values a text member may take (the
// schema's "enum"; any other value is refused), the schema's "format" ("date", "binary", …), and
// whether a text member must not be empty (the schema's "minLength": 1; "" is refused as not
// given, "<name> is required").
struct MemberDoc {
  std::string description;
  std::vector<std::string> one_of;
  std::string format;
  bool non_empty = false;
};

// How a C++ member type reads from JSON: its schema and the conversion, with the message of a
// mistyped value. Defined for the types request bodies use (text, whole numbers, numbers, flags,
// lists of text, and std::optional of each); any other member is declared with Body::Custom.
template <class M>
struct JsonMember;

template <>
struct JsonMember<std::string> {
  static nlohmann::json Schema() { return {{"type", "string"}}; }

  static Status Read(const nlohmann::json& v, const std::string& name, std::string& out);
};

template <>
struct JsonMember<std::int64_t> {
  static nlohmann::json Schema() { return {{"type", "integer"}}; }

  static Status Read(const nlohmann::json& v, const std::string& name, std::int64_t& out);
};

template <>
struct JsonMember<int> {
  static nlohmann::json Schema() { return {{"type", "integer"}, {"format", "int32"}}; }

  static Status Read(const nlohmann::json& v, const std::string& name, int& out);
};

template <>
struct JsonMember<double> {
  static nlohmann::json Schema() { return {{"type", "number"}}; }

  static Status Read(const nlohmann::json& v, const std::string& name, double& out);
};

template <>
struct JsonMember<bool> {
  static nlohmann::json Schema() { return {{"type", "boolean"}}; }

  static Status Read(const nlohmann::json& v, const std::string& name, bool& out);
};

template <>
struct JsonMember<std::vector<std::string>> {
  static nlohmann::json Schema() { return {{"type", "array"}, {"items", {{"type", "string"}}}}; }

  static Status Read(const nlohmann::json& v, const std::string& name,
                     std::vector<std::string>& out);
};

template <class M>
struct JsonMember<std::optional<M>> {
  static nlohmann::json Schema() { return JsonMember<M>::Schema(); }

  static Status Read(const nlohmann::json& v, const std::string& name, std::optional<M>& out) {
    M value{};
    ZQ_RETURN_IF_ERROR(JsonMember<M>::Read(v, name, value));
    out = std::move(value);
    return Status::Ok();
  }
};

// Refuses a text value outside `one_of` (when not empty): kInvalidArgument naming the member.
Status CheckOneOf(const std::string& value, const std::string& name,
                  const std::vector<std::string>& one_of);

// A JSON request body, declared once per body type T:
//
//   const Body<credit::SeriousProposal> kProposal =
//       Body<credit::SeriousProposal>()
//           .Member("uscc", &credit::SeriousProposal::uscc, Presence::kRequired)
//           .Member("penalty_event_id", &credit::SeriousProposal::penalty_event_id,
//                   Presence::kRequired, {.description = "the penalty.heavy event"});
//   … .request_schema = kProposal.Schema(), … ZQ_ASSIGN_OR_RETURN(auto p, kProposal.Parse(req));
//
// Members are read in the order declared; the first error is returned. A member that is absent
// or null is "not given": an error when required, otherwise T's default stays. Members not
// declared are ignored. Copyable and immutable once declared: safe to share between threads.
template <class T>
class Body {
 public:
  template <class M>
  Body& Member(std::string name, M T::*member, Presence presence, MemberDoc doc = {}) {
    nlohmann::json schema = JsonMember<M>::Schema();
    Describe(schema, doc);
    members_.push_back(
        {name, std::move(schema), presence,
         [name, member, doc = std::move(doc)](const nlohmann::json& v, T& out) -> Status {
           ZQ_RETURN_IF_ERROR(JsonMember<M>::Read(v, name, out.*member));
           if constexpr (std::is_same_v<M, std::string>) {
             if (doc.non_empty && (out.*member).empty())
               return Status::InvalidArgument(name + " is required", name);
             return CheckOneOf(out.*member, name, doc.one_of);
           }
           return Status::Ok();
         }});
    return *this;
  }

  // A text member naming an enumerator of E. `parse` is bool(std::string_view, E&) or
  // Result<E>(std::string_view); a name it refuses is an error naming the member. doc.one_of
  // documents the canonical names (the schema's "enum"); the parser may accept more (Chinese).
  template <class E, class Parse>
  Body& Enumerated(std::string name, E T::*member, Presence presence, Parse parse,
                   MemberDoc doc = {}) {
    nlohmann::json schema = JsonMember<std::string>::Schema();
    Describe(schema, doc);
    members_.push_back(
        {name, std::move(schema), presence,
         [name, member, parse](const nlohmann::json& v, T& out) -> Status {
           std::string text;
           ZQ_RETURN_IF_ERROR(JsonMember<std::string>::Read(v, name, text));
           if constexpr (std::is_invocable_r_v<bool, Parse, std::string_view, E&>) {
             if (!parse(text, out.*member))
               return Status::InvalidArgument("unknown " + name + " \"" + text + "\"", name);
           } else {
             Result<E> parsed = parse(text);
             if (!parsed.ok())
               return Status::InvalidArgument(std::string(parsed.status().message()), name);
             out.*member = *parsed;
           }
           return Status::Ok();
         }});
    return *this;
  }

  // A list of objects, each element read with `item`: the schema's "items" is item's schema. An
  // error in element n names its member "<name>[n].<member>" (an element that is not an object:
  // "<name>[n]"), with the item's message.
  template <class I>
  Body& List(std::string name, std::vector<I> T::*member, Body<I> item, Presence presence,
             MemberDoc doc = {}) {
    nlohmann::json schema = {{"type", "array"}, {"items", item.SchemaJson()}};
    Describe(schema, doc);
    members_.push_back(
        {name, std::move(schema), presence,
         [name, member, item = std::move(item)](const nlohmann::json& v, T& out) -> Status {
           if (!v.is_array())
             return Status::InvalidArgument(name + " must be a list of objects", name);
           std::vector<I> items;
           items.reserve(v.size());
           for (std::size_t n = 0; n < v.size(); ++n) {
             const std::string at = name + "[" + std::to_string(n) + "]";
             if (!v[n].is_object())
               return Status::InvalidArgument(at + " must be an object", at);
             Result<I> read = item.Read(v[n]);
             if (!read.ok()) {
               const Status& s = read.status();
               return Status::InvalidArgument(s.message(),
                                              s.field().empty() ? at : at + "." + s.field());
             }
             items.push_back(std::move(read).value());
           }
           out.*member = std::move(items);
           return Status::Ok();
         }});
    return *this;
  }

  // A member of a shape JsonMember does not know (a nested object, a list of objects, a text
  // naming an enumerator): its schema, and the function that reads the present, non-null value.
  Body& Custom(std::string name, nlohmann::json schema, Presence presence,
               std::function<Status(const nlohmann::json& value, T& out)> read) {
    members_.push_back({std::move(name), std::move(schema), presence, std::move(read)});
    return *this;
  }

  // The JSON Schema of the body, for RouteSpec::request_schema.
  std::string Schema() const { return SchemaJson().dump(); }

  nlohmann::json SchemaJson() const {
    nlohmann::json properties = nlohmann::json::object();
    nlohmann::json required = nlohmann::json::array();
    for (const MemberSpec& m : members_) {
      properties[m.name] = m.schema;
      if (m.presence == Presence::kRequired)
        required.push_back(m.name);
    }
    nlohmann::json schema = {{"type", "object"}, {"properties", properties}};
    if (!required.empty())
      schema["required"] = required;
    return schema;
  }

  // Reads the declared members of `body` (an object) over `out`.
  Status ReadInto(const nlohmann::json& body, T& out) const {
    for (const MemberSpec& m : members_) {
      const auto it = body.find(m.name);
      if (it == body.end() || it->is_null()) {
        if (m.presence == Presence::kRequired)
          return Status::InvalidArgument(m.name + " is required", m.name);
        continue;
      }
      ZQ_RETURN_IF_ERROR(m.read(*it, out));
    }
    return Status::Ok();
  }

  Result<T> Read(const nlohmann::json& body) const {
    T out{};
    ZQ_RETURN_IF_ERROR(ReadInto(body, out));
    return out;
  }

  // The request's body parsed (ParseJsonBody) and read.
  Result<T> Parse(const Request& request) const {
    ZQ_ASSIGN_OR_RETURN(const nlohmann::json body, ParseJsonBody(request));
    return Read(body);
  }

 private:
  struct MemberSpec {
    std::string name;
    nlohmann::json schema;
    Presence presence;
    std::function<Status(const nlohmann::json&, T&)> read;
  };

  static void Describe(nlohmann::json& schema, const MemberDoc& doc) {
    if (!doc.description.empty())
      schema["description"] = doc.description;
    if (!doc.one_of.empty())
      schema["enum"] = doc.one_of;
    if (!doc.format.empty())
      schema["format"] = doc.format;
    if (doc.non_empty)
      schema["minLength"] = 1;
  }

  std::vector<MemberSpec> members_;
};

}  // namespace zq::api
