#include "core/risk_class.h"

namespace zq {

char RiskClassLetter(RiskClass risk_class) {
  return static_cast<char>('A' + static_cast<int>(risk_class));
}

std::string_view RiskClassName(RiskClass risk_class) {
  static constexpr std::string_view kNames = "ABCD";
  return kNames.substr(static_cast<std::size_t>(risk_class), 1);
}

std::optional<RiskClass> ParseRiskClass(std::string_view letter) {
  if (letter.size() != 1)
    return std::nullopt;
  return RiskClassAt(letter[0] - 'A');
}

std::optional<RiskClass> RiskClassAt(int index) {
  if (index < 0 || index >= static_cast<int>(kRiskClasses.size()))
    return std::nullopt;
  return kRiskClasses[static_cast<std::size_t>(index)];
}

}  // namespace zq
