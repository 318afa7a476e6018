#include "core/ids/gtin.h"

#include <fmt/format.h>

namespace zq::ids {
namespace {

Status InvalidGtin(std::string message) {
  return Status::InvalidArgument(std::move(message), "gtin");
}

}  // namespace

std::string Gtin::AsGtin14() const { return std::string(14 - code.size(), '0') + code; }

bool Gtin::IsChinesePrefix() const {
  // GS1 prefixes 690-699 belong to GS1 China (中国物品编码中心); the prefix starts the GTIN-13,
  // i.e. the second digit of a GTIN-14.
  const std::string g14 = AsGtin14();
  if (code.size() < 13)
    return false;
  return g14[1] == '6' && g14[2] == '9';
}

Result<char> Gs1CheckDigit(std::string_view digits) {
  if (digits.size() < 7 || digits.size() > 17) {
    return InvalidGtin("GS1 check digits are computed over 7 to 17 digits");
  }
  int sum = 0;
  // GS1 General Specifications §7.9.1: from the rightmost data digit, weights 3, 1, 3, 1, …
  for (std::size_t i = 0; i < digits.size(); ++i) {
    const char c = digits[digits.size() - 1 - i];
    if (c < '0' || c > '9')
      return InvalidGtin("a GTIN has digits only");
    sum += (c - '0') * (i % 2 == 0 ? 3 : 1);
  }
  return static_cast<char>('0' + (10 - sum % 10) % 10);
}

Result<Gtin> ParseGtin(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  if (text.size() != 8 && text.size() != 12 && text.size() != 13 && text.size() != 14) {
    return InvalidGtin(fmt::format("a GTIN has 8, 12, 13 or 14 digits, this has {}", text.size()));
  }
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9') {
      return InvalidGtin(fmt::format("character {} is not a digit", i + 1));
    }
  }
  ZQ_ASSIGN_OR_RETURN(char check, Gs1CheckDigit(text.substr(0, text.size() - 1)));
  if (check != text.back()) {
    return InvalidGtin(fmt::format("check digit should be {}, not {}", check, text.back()));
  }
  return Gtin{std::string(text)};
}

}  // namespace zq::ids
