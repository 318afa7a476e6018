#include "registry/records.h"

#include <array>
#include <utility>

namespace zq::registry {
namespace {

template <typename E, std::size_t N>
bool ParseWith(const std::array<std::pair<E, std::string_view>, N>& names,
               const std::array<std::pair<E, std::string_view>, N>& chinese, std::string_view text,
               E& out) {
  for (const auto& [e, name] : names) {
    if (name == text) {
      out = e;
      return true;
    }
  }
  for (const auto& [e, name] : chinese) {
    if (name == text) {
      out = e;
      return true;
    }
  }
  return false;
}

template <typename E, std::size_t N>
std::string_view NameOf(const std::array<std::pair<E, std::string_view>, N>& names, E e) {
  for (const auto& [k, name] : names) {
    if (k == e)
      return name;
  }
  return "unknown";
}

constexpr std::array<std::pair<EntityType, std::string_view>, 4> kTypes{{
    {EntityType::kEnterprise, "enterprise"},
    {EntityType::kIndividualBusiness, "individual"},
    {EntityType::kFarmerCooperative, "cooperative"},
    {EntityType::kOther, "other"},
}};
constexpr std::array<std::pair<EntityType, std::string_view>, 4> kTypesZh{{
    {EntityType::kEnterprise, "企业"},
    {EntityType::kIndividualBusiness, "个体工商户"},
    {EntityType::kFarmerCooperative, "农民专业合作社"},
    {EntityType::kOther, "其他"},
}};
constexpr std::array<std::pair<EntityStatus, std::string_view>, 4> kStatuses{{
    {EntityStatus::kActive, "active"},
    {EntityStatus::kRevoked, "revoked"},
    {EntityStatus::kCancelled, "cancelled"},
    {EntityStatus::kDormant, "dormant"},
}};
constexpr std::array<std::pair<EntityStatus, std::string_view>, 4> kStatusesZh{{
    {EntityStatus::kActive, "存续"},
    {EntityStatus::kRevoked, "吊销"},
    {EntityStatus::kCancelled, "注销"},
    {EntityStatus::kDormant, "歇业"},
}};
constexpr std::array<std::pair<EntitySize, std::string_view>, 5> kSizes{{
    {EntitySize::kLarge, "large"},
    {EntitySize::kMedium, "medium"},
    {EntitySize::kSmall, "small"},
    {EntitySize::kMicro, "micro"},
    {EntitySize::kUnknown, "unknown"},
}};
constexpr std::array<std::pair<EntitySize, std::string_view>, 5> kSizesZh{{
    {EntitySize::kLarge, "大型"},
    {EntitySize::kMedium, "中型"},
    {EntitySize::kSmall, "小型"},
    {EntitySize::kMicro, "微型"},
    {EntitySize::kUnknown, "未知"},
}};
constexpr std::array<std::pair<RiskGrade, std::string_view>, 3> kGrades{{
    {RiskGrade::kHigh, "high"},
    {RiskGrade::kMedium, "medium"},
    {RiskGrade::kLow, "low"},
}};
constexpr std::array<std::pair<RiskGrade, std::string_view>, 3> kGradesZh{{
    {RiskGrade::kHigh, "高"},
    {RiskGrade::kMedium, "中"},
    {RiskGrade::kLow, "低"},
}};

}  // namespace

std::string_view EntityTypeName(EntityType t) { return NameOf(kTypes, t); }

std::string_view EntityStatusName(EntityStatus s) { return NameOf(kStatuses, s); }

std::string_view EntitySizeName(EntitySize s) { return NameOf(kSizes, s); }

std::string_view RiskGradeName(RiskGrade g) { return NameOf(kGrades, g); }

bool ParseEntityType(std::string_view text, EntityType& out) {
  return ParseWith(kTypes, kTypesZh, text, out);
}

bool ParseEntityStatus(std::string_view text, EntityStatus& out) {
  if (text == "在业" || text == "开业") {
    out = EntityStatus::kActive;
    return true;
  }
  return ParseWith(kStatuses, kStatusesZh, text, out);
}

bool ParseEntitySize(std::string_view text, EntitySize& out) {
  return ParseWith(kSizes, kSizesZh, text, out);
}

bool ParseRiskGrade(std::string_view text, RiskGrade& out) {
  return ParseWith(kGrades, kGradesZh, text, out);
}

}  // namespace zq::registry
