#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace zq::ids {

// 统一社会信用代码: unified social credit code, GB 32100-2015. 18 characters:
// [1] registration authority, [2] entity type, [3-8] GB/T 2260 region, [9-17] GB 11714
// organisation code (with its own check), [18] check character (mod 31).
struct Uscc {
  std::string code;             // normalised: upper case, no spaces
  char registration_authority;  // position 1, e.g. '9' 工商/市场监管
  char entity_type;             // position 2, e.g. '1' 企业 under '9'
  std::string region_code;      // positions 3-8
  std::string org_code;         // positions 9-17 (8 body characters + check)

  // Chinese names of positions 1 and 2 (e.g. "工商", "企业"); empty when not in the table.
  std::string_view RegistrationAuthorityName() const;
  std::string_view EntityTypeName() const;
};

// Parses and validates a USCC. Leading/trailing spaces are trimmed and lower case is accepted.
// Errors are kInvalidArgument with field "uscc" and a message naming the failed rule (length,
// character set at position N, unknown registration authority, entity type, region code not
// 6 digits, organisation-code check, check character expected X got Y). Positions 1-2 follow
// GB 32100-2015 Appendix A as tabulated in ntnyq/uscc-utils `src/constants.ts`. Two legacy pilot
// codes (early Fujian/Xiamen) are legal but fail the check and are accepted as they are:
// 91350100M0001TGQXM and 91350203M0001QAY9B (aarioai/id-rule); no others.
Result<Uscc> ParseUscc(std::string_view text);

// The GB 32100-2015 check character for the first 17 characters; kInvalidArgument when they
// contain a character outside 0-9A-HJ-NPQRTUWXY.
Result<char> UsccCheckCharacter(std::string_view first17);

// A USCC from its first eight characters (authority, entity type, region) and the eight body
// characters of its organisation code, with both check characters computed: for generated data
// (the demo, tests, benches). kInvalidArgument (field "uscc") when a part has the wrong length or
// characters.
Result<std::string> ComposeUscc(std::string_view head8, std::string_view org_body8);

}  // namespace zq::ids
