// ParseEventQuery (event_query.h): the REST bindings' query parameters (gs1/EPCIS `REST
// Bindings/openapi.yaml`, components/parameters; the pattern names of query-schema.json) read
// into an EventQuery, each value normalised to the form trace_events stores.
#include <charconv>
#include <set>

#include "core/calendar.h"
#include "trace/canonical_value.h"
#include "trace/digital_link.h"
#include "trace/event_query.h"

namespace zq::trace {
namespace {

// Standard parameters this repository does not evaluate: refused by name, not ignored.
const std::set<std::string, std::less<>> kUnsupported = {"EQ_persistentDisposition_set",
                                                         "EQ_persistentDisposition_unset",
                                                         "EQ_transformationID",
                                                         "GE_errorDeclarationTime",
                                                         "LT_errorDeclarationTime",
                                                         "EQ_errorReason",
                                                         "EQ_correctiveEventID",
                                                         "GE_startTime",
                                                         "LT_startTime",
                                                         "GE_endTime",
                                                         "LT_endTime",
                                                         "EQ_type",
                                                         "EQ_deviceID",
                                                         "EQ_dataProcessingMethod",
                                                         "EQ_microorganism",
                                                         "EQ_chemicalSubstance",
                                                         "EQ_bizRules",
                                                         "EQ_stringValue",
                                                         "EQ_booleanValue",
                                                         "EQ_hexBinaryValue",
                                                         "EQ_uriValue",
                                                         "GS1-EPC-Format",
                                                         "GS1-CBV-XML-Format"};

const std::set<std::string, std::less<>> kEventTypes = {"ObjectEvent", "AggregationEvent",
                                                        "TransactionEvent", "TransformationEvent",
                                                        "AssociationEvent"};

Status Bad(const std::string& name, const std::string& why) {
  return Status::InvalidArgument(name + ": " + why, name);
}

// A pipe-delimited list; an empty member is refused.
Result<std::vector<std::string>> List(const std::string& name, const std::string& value) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t bar = value.find('|', start);
    std::string item = value.substr(start, bar == std::string::npos ? bar : bar - start);
    if (item.empty())
      return Bad(name, "an empty value in the list");
    out.push_back(std::move(item));
    if (bar == std::string::npos)
      return out;
    start = bar + 1;
  }
}

bool IsBareWord(std::string_view s) {
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
          c == '-'))
      return false;
  }
  return !s.empty();
}

// A CBV value: a bare word gets the vocabulary's prefix; a URN becomes its web URI.
std::string Vocabulary(std::string_view prefix, const std::string& value) {
  return IsBareWord(value) ? std::string(prefix) + value : CanonicalValue(value);
}

std::string Identifier(const std::string& value) {
  return CanonicalDigitalLink(value).value_or(value);
}

// An EPC URI of a GS1 key that CanonicalDigitalLink reads: one it cannot read is malformed
// (urn:epc:id:sgtin:bad), not another kind of identifier, and is refused rather than matching
// nothing. Other URIs (urn:epc:id:gid:…, patterns of other keys, private URNs) pass as they are.
bool MalformedGs1Epc(std::string_view value) {
  static const std::set<std::string, std::less<>> kIds = {"sgtin", "sscc",  "sgln", "grai", "giai",
                                                          "gsrn",  "gsrnp", "gdti", "cpi",  "sgcn",
                                                          "ginc",  "gsin",  "itip", "upui", "pgln"};
  static const std::set<std::string, std::less<>> kPatterns = {"sgtin", "grai", "gdti", "sgcn",
                                                               "cpi",   "itip", "upui"};
  const auto scheme_in = [&](std::string_view prefix, const auto& schemes) {
    if (!value.starts_with(prefix))
      return false;
    const std::string_view rest = value.substr(prefix.size());
    return schemes.contains(rest.substr(0, rest.find(':')));
  };
  const bool gs1 = value.starts_with("urn:epc:class:lgtin:") || scheme_in("urn:epc:id:", kIds) ||
                   scheme_in("urn:epc:idpat:", kPatterns);
  return gs1 && !CanonicalDigitalLink(value);
}

Result<EventQuery::Match> MatchOf(const std::string& name, const std::string& value) {
  if (MalformedGs1Epc(value))
    return Bad(name, "not a well-formed EPC URI: " + value);
  return EventQuery::Match{.value = Identifier(value),
                           .pattern = value.find('*') != std::string::npos};
}

Result<std::string> Time(const std::string& name, std::string value) {
  for (char& c : value) {  // a '+' of an offset that the query string decoded as a blank
    if (c == ' ')
      c = '+';
  }
  const bool zoned =
      value.ends_with('Z') || value.ends_with('z') ||
      (value.size() > 6 && (value[value.size() - 6] == '+' || value[value.size() - 6] == '-'));
  if (!ParseTimestamp(value, name).ok() || !zoned)
    return Bad(name, "a time with its zone, e.g. 2026-01-01T00:00:00Z");
  return CanonicalTimestamp(value);
}

Result<std::int64_t> Count(const std::string& name, const std::string& value, std::int64_t max) {
  std::int64_t n = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (ec != std::errc() || end != value.data() + value.size() || n < 1 || n > max)
    return Bad(name, "a whole number from 1 to " + std::to_string(max));
  return n;
}

Result<double> Number(const std::string& name, const std::string& value) {
  double v = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
  if (ec != std::errc() || end != value.data() + value.size())
    return Bad(name, "a number");
  return v;
}

std::uint64_t Fnv1a(std::string_view text, std::uint64_t h = 14695981039346656037ULL) {
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

// The list parameters with fixed names: each adds one value to the query.
using AddValue = Status (*)(EventQuery&, const std::string&);

const std::map<std::string, AddValue, std::less<>>& ListParameters() {
  static const std::map<std::string, AddValue, std::less<>> kLists = {
      {"eventType",
       [](EventQuery& q, const std::string& v) {
         if (!kEventTypes.contains(v))
           return Bad("eventType",
                      "one of ObjectEvent, AggregationEvent, TransactionEvent, "
                      "TransformationEvent, AssociationEvent");
         q.event_types.push_back(v);
         return Status::Ok();
       }},
      {"EQ_action",
       [](EventQuery& q, const std::string& v) {
         if (v != "ADD" && v != "OBSERVE" && v != "DELETE")
           return Bad("EQ_action", "ADD, OBSERVE or DELETE");
         q.actions.push_back(v);
         return Status::Ok();
       }},
      {"EQ_bizStep",
       [](EventQuery& q, const std::string& v) {
         q.biz_steps.push_back(Vocabulary("https://ref.gs1.org/cbv/BizStep-", v));
         return Status::Ok();
       }},
      {"EQ_disposition",
       [](EventQuery& q, const std::string& v) {
         q.dispositions.push_back(Vocabulary("https://ref.gs1.org/cbv/Disp-", v));
         return Status::Ok();
       }},
      {"EQ_readPoint",
       [](EventQuery& q, const std::string& v) {
         q.read_points.push_back(Identifier(v));
         return Status::Ok();
       }},
      {"WD_readPoint",
       [](EventQuery& q, const std::string& v) {
         q.wd_read_points.push_back(Identifier(v));
         return Status::Ok();
       }},
      {"EQ_bizLocation",
       [](EventQuery& q, const std::string& v) {
         q.biz_locations.push_back(Identifier(v));
         return Status::Ok();
       }},
      {"WD_bizLocation",
       [](EventQuery& q, const std::string& v) {
         q.wd_biz_locations.push_back(Identifier(v));
         return Status::Ok();
       }},
      {"EQ_eventID",
       [](EventQuery& q, const std::string& v) {
         q.event_ids.push_back(v);
         return Status::Ok();
       }},
  };
  return kLists;
}

// One parameter into `q`.
Status Read(EventQuery& q, const std::string& name, const std::string& value) {
  static const std::map<std::string, std::pair<std::string, bool>, std::less<>> kMatches = {
      {"MATCH_epc", {"epc", false}},
      {"MATCH_parentID", {"parent", false}},
      {"MATCH_inputEPC", {"input", false}},
      {"MATCH_outputEPC", {"output", false}},
      {"MATCH_anyEPC", {"any", false}},
      {"MATCH_epcClass", {"quantity", true}},
      {"MATCH_inputEPCClass", {"input", true}},
      {"MATCH_outputEPCClass", {"output", true}},
      {"MATCH_anyEPCClass", {"any", true}}};
  static const std::map<std::string, std::string, std::less<>> kQuantity = {{"EQ_quantity", "="},
                                                                            {"GT_quantity", ">"},
                                                                            {"GE_quantity", ">="},
                                                                            {"LT_quantity", "<"},
                                                                            {"LE_quantity", "<="}};
  if (kUnsupported.contains(name))
    return Bad(name, "not supported by this repository");
  if (name == "perPage") {
    ZQ_ASSIGN_OR_RETURN(const std::int64_t n, Count(name, value, kMaxPerPage));
    q.per_page = static_cast<int>(n);
    return Status::Ok();
  }
  if (name == "nextPageToken") {
    q.next_page_token = value;
    return Status::Ok();
  }
  q.fingerprint = Fnv1a(value, Fnv1a(name + "=", q.fingerprint));
  if (name == "GE_eventTime" || name == "LT_eventTime" || name == "GE_recordTime" ||
      name == "LT_recordTime") {
    ZQ_ASSIGN_OR_RETURN(std::string t, Time(name, value));
    (name == "GE_eventTime"    ? q.ge_event_time
     : name == "LT_eventTime"  ? q.lt_event_time
     : name == "GE_recordTime" ? q.ge_record_time
                               : q.lt_record_time) = std::move(t);
    return Status::Ok();
  }
  if (name == "EXISTS_errorDeclaration") {
    if (value != "" && value != "true" && value != "false")
      return Bad(name, "true or false");
    q.error_declared = value != "false";
    return Status::Ok();
  }
  if (name == "orderBy") {
    if (value != "eventTime" && value != "recordTime")
      return Bad(name, "eventTime or recordTime (extension fields are not supported)");
    q.order_by_record_time = value == "recordTime";
    return Status::Ok();
  }
  if (name == "orderDirection") {
    if (value != "ASC" && value != "DESC")
      return Bad(name, "ASC or DESC");
    q.ascending = value == "ASC";
    return Status::Ok();
  }
  if (name == "eventCountLimit" || name == "maxEventCount") {
    ZQ_ASSIGN_OR_RETURN(const std::int64_t n, Count(name, value, 1'000'000'000));
    (name == "eventCountLimit" ? q.event_count_limit : q.max_event_count) = n;
    return Status::Ok();
  }
  if (const auto it = kQuantity.find(name); it != kQuantity.end()) {
    ZQ_ASSIGN_OR_RETURN(q.quantity[it->second], Number(name, value));
    return Status::Ok();
  }
  ZQ_ASSIGN_OR_RETURN(const std::vector<std::string> values, List(name, value));
  if (const auto it = kMatches.find(name); it != kMatches.end()) {
    auto& into = it->second.second ? q.classes[it->second.first] : q.epcs[it->second.first];
    for (const std::string& v : values) {
      ZQ_ASSIGN_OR_RETURN(EventQuery::Match m, MatchOf(name, v));
      into.push_back(std::move(m));
    }
    return Status::Ok();
  }
  if (const auto it = ListParameters().find(name); it != ListParameters().end()) {
    for (const std::string& v : values) {
      if (name.ends_with("Point") || name.ends_with("Location")) {
        if (MalformedGs1Epc(v))
          return Bad(name, "not a well-formed EPC URI: " + v);
      }
      ZQ_RETURN_IF_ERROR(it->second(q, v));
    }
    return Status::Ok();
  }
  // The pattern names: EQ_bizTransaction_<type>, EQ_source_<type>, EQ_destination_<type>,
  // EQ_ILMD_<field>.
  for (const auto& [prefix, role, vocabulary] :
       {std::tuple{"EQ_bizTransaction_", "bizTransaction", "https://ref.gs1.org/cbv/BTT-"},
        std::tuple{"EQ_source_", "source", "https://ref.gs1.org/cbv/SDT-"},
        std::tuple{"EQ_destination_", "destination", "https://ref.gs1.org/cbv/SDT-"}}) {
    if (name.starts_with(prefix) && name.size() > std::string_view(prefix).size()) {
      EventQuery::Party p{
          .role = role,
          .type = Vocabulary(vocabulary, name.substr(std::string_view(prefix).size())),
          .ids = {}};
      for (const std::string& v : values) p.ids.push_back(Identifier(v));
      q.parties.push_back(std::move(p));
      return Status::Ok();
    }
  }
  if (name.starts_with("EQ_ILMD_")) {
    const std::string field = name.substr(8);
    if (field.empty() || field.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRST"
                                                 "UVWXYZ0123456789_:.-") != std::string::npos)
      return Bad(name, "an ILMD field is named prefix:name");
    q.ilmd.push_back({.field = field, .values = values});
    return Status::Ok();
  }
  return Bad(name, "not a query parameter of EPCIS 2.0");
}

}  // namespace

Result<EventQuery> ParseEventQuery(const std::multimap<std::string, std::string>& params) {
  EventQuery q;
  for (const auto& [name, value] : params) {
    if (params.count(name) > 1)
      return Bad(name, "given more than once (a list is pipe-delimited: a|b)");
    ZQ_RETURN_IF_ERROR(Read(q, name, value));
  }
  if (q.event_count_limit && q.max_event_count)
    return Bad("eventCountLimit", "eventCountLimit and maxEventCount exclude each other");
  if (q.event_count_limit && !params.contains("orderBy"))
    return Bad("eventCountLimit", "eventCountLimit needs orderBy");
  return q;
}

}  // namespace zq::trace
