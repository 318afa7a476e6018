#include "registry/internal/entity_validation.h"

#include <fmt/format.h>

#include "core/calendar.h"
#include "core/csv.h"
#include "core/ids/region_code.h"
#include "core/ids/uscc.h"

namespace zq::registry::internal {
namespace {

std::size_t CharacterCount(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

enum class Presence { kOptional, kRequired };

Status CheckText(std::string_view value, std::string_view field, std::size_t max_chars,
                 Presence presence) {
  const std::string f(field);
  if (presence == Presence::kRequired && value.empty())
    return Status::InvalidArgument(f + " is required", f);
  if (!IsValidUtf8(value))
    return Status::InvalidArgument(f + " is not valid UTF-8", f);
  if (CharacterCount(value) > max_chars) {
    return Status::InvalidArgument(fmt::format("{} is longer than {} characters", f, max_chars), f);
  }
  for (char c : value) {
    if (static_cast<unsigned char>(c) < 0x20) {
      return Status::InvalidArgument(f + " holds a control character", f);
    }
  }
  return Status::Ok();
}

}  // namespace

Status ValidateEntityFields(const MarketEntity& e,
                            const std::function<int(std::string_view)>& region_level,
                            const std::function<bool(std::string_view)>& industry_exists) {
  ZQ_ASSIGN_OR_RETURN(ids::Uscc uscc, ids::ParseUscc(e.uscc));
  if (uscc.code != e.uscc)
    return Status::InvalidArgument("the USCC is not normalised", "uscc");
  ZQ_RETURN_IF_ERROR(CheckText(e.name, "name", 200, Presence::kRequired));
  ZQ_RETURN_IF_ERROR(
      CheckText(e.legal_representative, "legal_representative", 50, Presence::kOptional));
  ZQ_RETURN_IF_ERROR(CheckText(e.address, "address", 300, Presence::kOptional));
  if (e.region_code.empty())
    return Status::InvalidArgument("region_code is required", "region_code");
  ZQ_RETURN_IF_ERROR(ids::ParseRegionCode(e.region_code).status());
  const int level = region_level(e.region_code);
  if (level == 0) {
    return Status::InvalidArgument("no GB/T 2260 region has this code", "region_code");
  }
  if (level != 3) {
    return Status::InvalidArgument("an entity is registered in a county-level region",
                                   "region_code");
  }
  if (!e.industry_code.empty() && !industry_exists(e.industry_code)) {
    return Status::InvalidArgument("no GB/T 4754-2017 industry has this code", "industry_code");
  }
  if (!e.established_on.empty()) {
    ZQ_RETURN_IF_ERROR(ParseDate(e.established_on, "established_on").status());
  }
  if (e.deregistered_on && !e.deregistered_on->empty()) {
    ZQ_RETURN_IF_ERROR(ParseDate(*e.deregistered_on, "deregistered_on").status());
  }
  if (e.registered_capital_fen < 0) {
    return Status::InvalidArgument("registered capital cannot be negative", "registered_capital");
  }
  return Status::Ok();
}

}  // namespace zq::registry::internal
