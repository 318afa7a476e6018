#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace zq::ids {

// 组织机构代码: organisation code, GB 11714. 8 body characters (0-9A-Z) and a check character
// (0-9 or X), printed as XXXXXXXX-C. Parse accepts 9 characters with or without the hyphen and
// returns the normalised 9-character form. Errors: kInvalidArgument, field "org_code".
Result<std::string> ParseOrgCode(std::string_view text);

// The GB 11714 check character for an 8-character body.
Result<char> OrgCodeCheckCharacter(std::string_view body8);

}  // namespace zq::ids
