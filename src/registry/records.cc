#include "registry/records.h"

#include <array>

namespace zq::registry {
namespace {

// An enum value with its English name (what is stored and sent) and its Chinese name (what a
// CSV file may carry instead).
template <typename E>
struct Named {
  E value;
  std::string_view name;
  std::string_view zh;
};

template <typename E, std::size_t N>
bool ParseWith(const std::array<Named<E>, N>& names, std::string_view text, E& out) {
  for (const Named<E>& n : names) {
    if (n.name == text || n.zh == text) {
      out = n.value;
      return true;
    }
  }
  return false;
}

// The English name of `e`, or its Chinese label when `zh`.
template <typename E, std::size_t N>
std::string_view NameOf(const std::array<Named<E>, N>& names, E e, bool zh = false) {
  for (const Named<E>& n : names) {
    if (n.value == e)
      return zh ? n.zh : n.name;
  }
  return zh ? "未知" : "unknown";
}

constexpr std::array<Named<EntityType>, 4> kTypes{{
    {EntityType::kEnterprise, "enterprise", "企业"},
    {EntityType::kIndividualBusiness, "individual", "个体工商户"},
    {EntityType::kFarmerCooperative, "cooperative", "农民专业合作社"},
    {EntityType::kOther, "other", "其他"},
}};
constexpr std::array<Named<EntityStatus>, 4> kStatuses{{
    {EntityStatus::kActive, "active", "存续"},
    {EntityStatus::kRevoked, "revoked", "吊销"},
    {EntityStatus::kCancelled, "cancelled", "注销"},
    {EntityStatus::kDormant, "dormant", "歇业"},
}};
constexpr std::array<Named<EntitySize>, 5> kSizes{{
    {EntitySize::kLarge, "large", "大型"},
    {EntitySize::kMedium, "medium", "中型"},
    {EntitySize::kSmall, "small", "小型"},
    {EntitySize::kMicro, "micro", "微型"},
    {EntitySize::kUnknown, "unknown", "未知"},
}};
constexpr std::array<Named<RiskGrade>, 3> kGrades{{
    {RiskGrade::kHigh, "high", "高"},
    {RiskGrade::kMedium, "medium", "中"},
    {RiskGrade::kLow, "low", "低"},
}};

}  // namespace

std::string_view EntityTypeLabel(EntityType t) { return NameOf(kTypes, t, true); }

std::string_view EntityStatusLabel(EntityStatus s) { return NameOf(kStatuses, s, true); }

std::string_view EntitySizeLabel(EntitySize s) { return NameOf(kSizes, s, true); }

std::string_view EntityTypeName(EntityType t) { return NameOf(kTypes, t); }

std::string_view EntityStatusName(EntityStatus s) { return NameOf(kStatuses, s); }

std::string_view EntitySizeName(EntitySize s) { return NameOf(kSizes, s); }

std::string_view RiskGradeName(RiskGrade g) { return NameOf(kGrades, g); }

bool ParseEntityType(std::string_view text, EntityType& out) {
  return ParseWith(kTypes, text, out);
}

bool ParseEntityStatus(std::string_view text, EntityStatus& out) {
  if (text == "在业" || text == "开业") {
    out = EntityStatus::kActive;
    return true;
  }
  return ParseWith(kStatuses, text, out);
}

bool ParseEntitySize(std::string_view text, EntitySize& out) {
  return ParseWith(kSizes, text, out);
}

bool ParseRiskGrade(std::string_view text, RiskGrade& out) { return ParseWith(kGrades, text, out); }

}  // namespace zq::registry
