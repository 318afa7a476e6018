// PublicTraceOf (public_trace.h): the lot's own making events, read from its forward trace.
#include "trace/public_trace.h"

#include <algorithm>
#include <cctype>
#include <regex>

#include "trace/digital_link.h"

namespace zq::trace {
namespace {

// The lot's canonical Digital Link, or "" when `id` names no lot.
std::string LotOf(std::string_view id) {
  std::string text(id);
  static const std::regex kGtinAndLot("^(\\d{8,14})\\+(.+)$");
  std::smatch m;
  if (std::regex_match(text, m, kGtinAndLot)) {
    std::string gtin = m[1].str();
    gtin.insert(0, 14 - gtin.size(), '0');
    text = "https://id.gs1.org/01/" + gtin + "/10/" + m[2].str();
  }
  const std::optional<std::string> canonical = CanonicalDigitalLink(text);
  static const std::regex kLot("^https://id\\.gs1\\.org/01/\\d{14}/10/[^/]+$");
  return canonical && std::regex_match(*canonical, kLot) ? *canonical : "";
}

// "%41" → "A": the lot as printed on the pack.
std::string PercentDecoded(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() &&
        std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

}  // namespace

Result<PublicTrace> PublicTraceOf(TraceService& trace, std::string_view id) {
  PublicTrace out;
  // A Digital Link of a lot is well under this (GTIN 14, lot at most 20 characters, percent-encoded
  // at worst 60); the bound also keeps std::regex, which recurses per character, on short input.
  if (id.size() > kMaxPublicTraceIdBytes)
    return Status::InvalidArgument("the identifier is too long for a lot", "id");
  out.id = LotOf(id);
  if (out.id.empty()) {
    return Status::InvalidArgument(
        "a lot: GTIN+LOT, a GS1 Digital Link with its lot (/01/…/10/…) or an LGTIN", "id");
  }
  const std::size_t gtin_at = std::string_view("https://id.gs1.org/01/").size();
  out.gtin = out.id.substr(gtin_at, 14);
  out.lot = PercentDecoded(std::string_view(out.id).substr(gtin_at + 14 + 4));
  ZQ_ASSIGN_OR_RETURN(const TraceAnswer a, trace.Trace({.id = out.id}, Direction::kForward));
  for (const TraceRow& r : a.rows) {
    // The lot's own making: commissioned, or produced by a transformation (a transformation row
    // of the lot itself is its use as an input).
    const bool making = r.cte == "commissioning" || r.cte == "production";
    if (!making || r.what != out.id || !r.firm)
      continue;
    auto it = std::find_if(out.makers.begin(), out.makers.end(),
                           [&](const PublicMaker& m) { return m.uscc == r.firm->uscc; });
    if (it == out.makers.end())
      out.makers.push_back(
          {.uscc = r.firm->uscc, .name = r.firm->name, .produced_at = r.event_time});
    else
      it->produced_at = std::min(it->produced_at, r.event_time);
  }
  std::sort(out.makers.begin(), out.makers.end(), [](const PublicMaker& x, const PublicMaker& y) {
    return x.produced_at < y.produced_at;
  });
  return out;
}

nlohmann::json PublicTraceJson(const PublicTrace& p) {
  nlohmann::json makers = nlohmann::json::array();
  for (const PublicMaker& m : p.makers)
    makers.push_back({{"uscc", m.uscc}, {"name", m.name}, {"produced_at", m.produced_at}});
  return {
      {"id", p.id}, {"gtin", p.gtin}, {"lot", p.lot}, {"makers", makers}, {"recalls", p.recalls}};
}

}  // namespace zq::trace
