#include "core/ids/org_code.h"

#include <array>

#include <fmt/format.h>

namespace zq::ids {
namespace {

// GB 11714-1997 §5: weights of the eight body characters.
constexpr std::array<int, 8> kOrgCodeWeights = {3, 7, 9, 10, 5, 8, 4, 2};

// Body characters take 0-9 as themselves and A-Z as 10-35 (unlike the USCC alphabet).
int OrgCodeCharValue(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'A' && c <= 'Z')
    return c - 'A' + 10;
  return -1;
}

Status InvalidOrgCode(std::string message) {
  return Status::InvalidArgument(std::move(message), "org_code");
}

}  // namespace

Result<char> OrgCodeCheckCharacter(std::string_view body8) {
  if (body8.size() != 8)
    return InvalidOrgCode("an organisation code body has 8 characters");
  int sum = 0;
  for (std::size_t i = 0; i < 8; ++i) {
    const int v = OrgCodeCharValue(body8[i]);
    if (v < 0) {
      return InvalidOrgCode(fmt::format("character {} is not 0-9 or A-Z", i + 1));
    }
    sum += v * kOrgCodeWeights[i];
  }
  // C9 = 11 - (sum mod 11); 10 is written X and 11 is written 0.
  const int c9 = 11 - sum % 11;
  if (c9 == 10)
    return 'X';
  if (c9 == 11)
    return '0';
  return static_cast<char>('0' + c9);
}

Result<std::string> ParseOrgCode(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  std::string code;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '-' && i == 8)
      continue;  // the printed form XXXXXXXX-C
    if (c >= 'a' && c <= 'z')
      c = static_cast<char>(c - 'a' + 'A');
    code += c;
  }
  if (code.size() != 9) {
    return InvalidOrgCode(
        fmt::format("an organisation code has 9 characters, this has {}", code.size()));
  }
  ZQ_ASSIGN_OR_RETURN(char check, OrgCodeCheckCharacter(std::string_view(code).substr(0, 8)));
  if (code[8] != check) {
    return InvalidOrgCode(fmt::format("check character should be '{}', not '{}'", check,
                                      code[8] < 0x20 || code[8] > 0x7e ? '?' : code[8]));
  }
  return code;
}

}  // namespace zq::ids
