#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

// 信用风险分类: the supervision credit-risk class (国市监信发〔2022〕6号), one type for every
// module. The credit module assigns it; the spot-check module draws firms by it (双随机 quotas per
// class).
namespace zq {

enum class RiskClass : std::uint8_t { kA, kB, kC, kD };  // A lowest risk … D highest

inline constexpr std::array<RiskClass, 4> kRiskClasses = {RiskClass::kA, RiskClass::kB,
                                                          RiskClass::kC, RiskClass::kD};

char RiskClassLetter(RiskClass risk_class);            // 'A' … 'D'
std::string_view RiskClassName(RiskClass risk_class);  // "A" … "D"

// "A" … "D" (one upper-case letter); nullopt for anything else.
std::optional<RiskClass> ParseRiskClass(std::string_view letter);

// The class at a 0-based position (0 → A … 3 → D); nullopt out of range.
std::optional<RiskClass> RiskClassAt(int index);

}  // namespace zq
