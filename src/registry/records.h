#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

// The registry's records: the identity layer every other module hangs off.
namespace zq::registry {

// 行政区划: a GB/T 2260 region (province, prefecture-level city or county-level unit).
struct Region {
  std::string code;         // six digits, e.g. "370102"
  std::string name;         // "历下区"
  int level = 0;            // 1 province, 2 city, 3 county (ids::RegionLevel)
  std::string parent_code;  // empty for a province
};

// 国民经济行业分类: a GB/T 4754-2017 industry at any of its four levels.
struct Industry {
  std::string code;  // "C", "13", "131", "1311"
  std::string name;
  int level = 0;            // 0 门类 section, 1 大类 division, 2 中类 group, 3 小类 class
  std::string parent_code;  // empty for a section
};

// 市场主体类型
enum class EntityType { kEnterprise, kIndividualBusiness, kFarmerCooperative, kOther };

// 登记状态
enum class EntityStatus { kActive, kRevoked, kCancelled, kDormant };

// 企业规模 (large/medium/small/micro, per the NBS size rules)
enum class EntitySize { kLarge, kMedium, kSmall, kMicro, kUnknown };

// 市场主体: a market entity, keyed by its 统一社会信用代码.
struct MarketEntity {
  std::string uscc;                  // natural key, validated by ids::ParseUscc
  std::string name;                  // registered Chinese name
  std::string legal_representative;  // 法定代表人 (personal data: masked by auth/ when shown)
  std::string region_code;           // county-level GB/T 2260 code of the registered address
  std::string industry_code;         // GB/T 4754-2017 code (usually a 4-digit class)
  EntityType type = EntityType::kEnterprise;
  std::int64_t registered_capital_fen = 0;     // 注册资本 in fen (0.01 yuan) to keep it exact
  std::string established_on;                  // 成立日期, YYYY-MM-DD
  std::optional<std::string> deregistered_on;  // 注销/吊销日期
  EntityStatus status = EntityStatus::kActive;
  EntitySize size = EntitySize::kUnknown;
  std::string address;  // 住所
};

// What another module's list (serious-dishonesty list, penalty publications) shows about a market
// entity: its name and region, and the legal representative already masked (张*), whoever asks.
struct ListedEntity {
  std::string name;
  std::string region_code;
  std::string legal_representative_masked;
};

// 产品: a product, keyed by its GTIN-14 or, without a barcode, an internal code.
struct Product {
  std::string product_code;  // GTIN-14 ("0" + GTIN-13) or "ZQ-" internal code
  std::string name;
  std::string brand;
  std::string category_code;  // key supervised product catalogue code, may be empty
  std::string manufacturer_uscc;
};

// 重点监管产品目录: one entry of the key supervised product catalogue.
enum class RiskGrade { kHigh, kMedium, kLow };  // 高 / 中 / 低

struct CatalogueEntry {
  std::string code;         // e.g. "CP-0101"
  std::string name;         // 电线电缆
  std::string parent_code;  // category group, may be empty
  RiskGrade risk_grade = RiskGrade::kMedium;
  std::string legal_basis;    // 产品质量法 / CCC / 生产许可证 ...
  std::string industry_code;  // the GB/T 4754 class its makers belong to, may be empty
};

// A market entity that makes products of the key supervised catalogue, with those categories.
struct Manufacturer {
  std::string uscc;
  std::string region_code;
  std::vector<std::string> category_codes;  // sorted, distinct
};

// 执法检查人员: an inspector or official in the pool the spot-check draws use.
struct Inspector {
  std::string inspector_id;  // the enforcement certificate number (执法证号), natural key
  std::string name;          // personal data
  std::string unit;          // the authority, e.g. "济南市市场监督管理局"
  std::string region_code;   // the unit's region
  std::vector<std::string> qualifications;  // e.g. {"product_quality", "special_equipment"}
  bool active = true;
  std::string username;  // the console account of this inspector (我的任务), "" for none
};

}  // namespace zq::registry

namespace zq::registry {

// Stable text forms used in the database, the API and CSV files.
std::string_view EntityTypeName(
    EntityType t);  // "enterprise", "individual", "cooperative", "other"
std::string_view EntityStatusName(EntityStatus s);  // "active", "revoked", "cancelled", "dormant"
std::string_view EntitySizeName(EntitySize s);  // "large", "medium", "small", "micro", "unknown"
std::string_view RiskGradeName(RiskGrade g);    // "high", "medium", "low"
// The Chinese labels of the same values, as exports and the console show them (企业, 存续, 小型).
std::string_view EntityTypeLabel(EntityType t);
std::string_view EntityStatusLabel(EntityStatus s);
std::string_view EntitySizeLabel(EntitySize s);
bool ParseEntityType(std::string_view text,
                     EntityType& out);  // also 企业, 个体工商户, 农民专业合作社
bool ParseEntityStatus(std::string_view text, EntityStatus& out);  // also 存续/在业, 吊销, 注销
bool ParseEntitySize(std::string_view text, EntitySize& out);  // also 大型, 中型, 小型, 微型
bool ParseRiskGrade(std::string_view text, RiskGrade& out);    // also 高, 中, 低

}  // namespace zq::registry
