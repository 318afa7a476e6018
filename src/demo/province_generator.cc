#include "demo/province_generator.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/ids/gtin.h"
#include "core/ids/org_code.h"
#include "core/ids/uscc.h"
#include "demo/authority_names.h"
#include "demo/catalogue_data.h"
#include "demo/name_tables.h"
#include "demo/random.h"

namespace zq::demo {
namespace {

using registry::EntitySize;
using registry::EntityStatus;
using registry::EntityType;
using registry::MarketEntity;

constexpr std::size_t kBatch = 10'000;
constexpr std::string_view kUsccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
constexpr std::uint64_t kOrgSpace = 887'503'681;  // 31^6 serial numbers after "MA"

// Approximate resident population of Shandong's 16 cities (2020 census, 万人), used as the
// weight of each city's share of market entities. Other provinces weigh cities by county count.
const std::map<std::string, double> kShandongCityWeights = {
    {"370100", 920}, {"370200", 1007}, {"370300", 470}, {"370400", 385},
    {"370500", 219}, {"370600", 710},  {"370700", 939}, {"370800", 836},
    {"370900", 547}, {"371000", 291},  {"371100", 297}, {"371300", 1102},
    {"371400", 561}, {"371500", 595},  {"371600", 393}, {"371700", 880}};

// Industry mix by GB/T 4754 section (门类), in percent. Enterprises lean to manufacturing,
// wholesale and retail and business services; individual businesses (个体工商户) to retail,
// catering and resident services; cooperatives are agricultural. Shaped after SAMR's published
// structure of market entities; illustrative, not official figures.
struct SectionWeight {
  char section;
  double enterprise;
  double individual;
};

constexpr std::array<SectionWeight, 14> kSections = {{
    {'A', 4, 3},
    {'C', 18, 3},
    {'E', 6, 2},
    {'F', 30, 55},
    {'G', 4, 6},
    {'H', 3, 15},
    {'I', 6, 1},
    {'K', 3, 0},
    {'L', 12, 2},
    {'M', 8, 1},
    {'N', 1, 1},
    {'O', 2, 9},
    {'P', 1, 1},
    {'R', 2, 1},
}};

std::string_view IndustryWord(char section, SplitMix64& rng) {
  static const std::map<char, std::vector<std::string_view>> words = {
      {'A', {"农业", "种植", "养殖", "果蔬"}},
      {'C', {"机械", "电缆", "食品", "化工", "纺织", "电子", "建材", "塑料"}},
      {'E', {"建设", "建筑工程", "安装工程"}},
      {'F', {"商贸", "贸易", "百货", "五金"}},
      {'G', {"物流", "运输"}},
      {'H', {"餐饮", "酒店"}},
      {'I', {"信息技术", "软件", "网络科技"}},
      {'K', {"置业", "房地产开发"}},
      {'L', {"企业管理", "商务咨询", "租赁"}},
      {'M', {"科技", "检测技术", "设计"}},
      {'N', {"环保", "水务"}},
      {'O', {"家政", "维修"}},
      {'P', {"培训"}},
      {'R', {"文化传媒", "体育"}}};
  const auto& list = words.at(section);
  return list[rng.Below(list.size())];
}

std::string_view ShopWord(char section) {
  switch (section) {
    case 'H':
      return "饭店";
    case 'O':
      return "维修部";
    case 'A':
      return "种植园";
    case 'C':
      return "加工坊";
    default:
      return "商店";
  }
}

std::string ShortName(std::string name) {
  for (std::string_view suffix : {"市", "区", "县"}) {
    if (name.size() > 6 && name.ends_with(suffix))
      return name.substr(0, name.size() - suffix.size());
  }
  return name;
}

std::string PersonName(SplitMix64& rng) {
  std::string n(names::kSurnames[rng.Below(names::kSurnames.size())]);
  n += names::kGivenNames[rng.Below(names::kGivenNames.size())];
  if (rng.Below(3) != 0)
    n += names::kGivenNames[rng.Below(names::kGivenNames.size())];
  return n;
}

// USCC from authority '9', the type, the county, and an organisation code "MA" + 6 characters
// that encode a serial number scrambled by a bijection on [0, 31^6), so codes are unique.
std::string MakeUscc(char type_digit, const std::string& county, std::uint64_t serial,
                     std::uint64_t seed) {
  const std::uint64_t a = 2 * (seed % 1'000'003) + 7'777'777;  // odd and not a multiple of 31
  std::uint64_t x = (a * (serial % kOrgSpace) + seed % kOrgSpace) % kOrgSpace;
  std::string body = "MA000000";
  for (int i = 7; i >= 2; --i) {
    body[static_cast<std::size_t>(i)] = kUsccAlphabet[x % 31];
    x /= 31;
  }
  std::string code = std::string("9") + type_digit + county + body;
  code += *ids::OrgCodeCheckCharacter(body);
  code += *ids::UsccCheckCharacter(code);
  return code;
}

struct County {
  std::string code;
  std::string name;
  std::string city_name;
  double weight;
};

struct Plan {
  std::vector<County> counties;
  std::vector<double> county_weights;
  std::map<char, std::vector<std::string>> classes;  // section → 4-digit classes
  std::string province_name;
};

Result<Plan> MakePlan(registry::Registry& reg, const DemoOptions& o, SplitMix64& rng) {
  Plan plan;
  ZQ_ASSIGN_OR_RETURN(registry::Region province, reg.GetRegion(o.province_code));
  if (province.level != 1) {
    return Status::InvalidArgument("--province takes a province code such as 370000", "province");
  }
  plan.province_name = province.name;
  ZQ_ASSIGN_OR_RETURN(std::vector<registry::Region> counties, reg.CountiesUnder(o.province_code));
  if (counties.empty())
    return Status::InvalidArgument("the province has no counties", "province");
  std::map<std::string, std::string> city_names;
  ZQ_ASSIGN_OR_RETURN(std::vector<registry::Region> cities, reg.RegionChildren(o.province_code));
  for (const auto& c : cities) city_names[c.code] = c.name;
  std::map<std::string, int> per_city;
  for (const auto& c : counties) ++per_city[c.parent_code];
  for (const auto& c : counties) {
    const bool shandong = o.province_code == "370000";
    const double city_weight = shandong && kShandongCityWeights.contains(c.parent_code)
                                   ? kShandongCityWeights.at(c.parent_code)
                                   : 100.0 * per_city[c.parent_code];
    // Urban districts (county code 01-20) are denser; each county varies ±40%.
    const int county_no = std::stoi(c.code.substr(4));
    const double urban = county_no <= 20 ? 1.5 : 1.0;
    const double w = city_weight / per_city[c.parent_code] * urban * (0.6 + 0.8 * rng.Unit());
    plan.counties.push_back(
        {c.code, c.name,
         city_names.contains(c.parent_code) ? city_names[c.parent_code] : province.name, w});
    plan.county_weights.push_back(w);
  }
  ZQ_ASSIGN_OR_RETURN(plan.classes, reg.IndustryClassesBySection());
  return plan;
}

MarketEntity MakeEntity(const Plan& plan, const DemoOptions& o, std::uint64_t serial,
                        SplitMix64& rng, char& section_out) {
  const County& county = plan.counties[rng.Weighted(plan.county_weights)];
  const std::uint64_t kind = rng.Below(100);
  EntityType type = kind < 25   ? EntityType::kEnterprise
                    : kind < 98 ? EntityType::kIndividualBusiness
                                : EntityType::kFarmerCooperative;
  char section = 'A';
  if (type != EntityType::kFarmerCooperative) {
    std::array<double, kSections.size()> w{};
    for (std::size_t i = 0; i < kSections.size(); ++i) {
      w[i] = type == EntityType::kEnterprise ? kSections[i].enterprise : kSections[i].individual;
    }
    section = kSections[rng.Weighted(w)].section;
  }
  section_out = section;
  const auto& classes = plan.classes.at(section);
  MarketEntity e;
  const char type_digit = type == EntityType::kEnterprise           ? '1'
                          : type == EntityType::kIndividualBusiness ? '2'
                                                                    : '3';
  e.uscc = MakeUscc(type_digit, county.code, serial, o.seed);
  e.type = type;
  e.region_code = county.code;
  e.industry_code = classes[rng.Below(classes.size())];
  e.legal_representative = PersonName(rng);
  std::string trade(names::kTradeSyllables[rng.Below(names::kTradeSyllables.size())]);
  trade += names::kTradeSyllables[rng.Below(names::kTradeSyllables.size())];
  if (type == EntityType::kEnterprise) {
    e.name = fmt::format("{}{}{}有限公司", ShortName(county.city_name), trade,
                         IndustryWord(section, rng));
    e.registered_capital_fen =
        static_cast<std::int64_t>(std::exp(std::log(1e5) + rng.Unit() * std::log(1e3))) * 100;
    const std::uint64_t s = rng.Below(100);
    e.size = s < 70   ? EntitySize::kMicro
             : s < 92 ? EntitySize::kSmall
             : s < 98 ? EntitySize::kMedium
                      : EntitySize::kLarge;
  } else if (type == EntityType::kIndividualBusiness) {
    e.name = fmt::format("{}{}记{}{}", ShortName(county.name), e.legal_representative.substr(0, 3),
                         trade, ShopWord(section));
    e.registered_capital_fen = static_cast<std::int64_t>(rng.Below(500'000)) * 100;
    e.size = EntitySize::kMicro;
  } else {
    e.name = fmt::format("{}{}{}专业合作社", ShortName(county.name), trade, IndustryWord('A', rng));
    e.registered_capital_fen = static_cast<std::int64_t>(rng.Below(2'000'000)) * 100;
    e.size = EntitySize::kSmall;
  }
  // More recent registrations are more common: year = 2025 - 35 * u^2.
  const double u = rng.Unit();
  const int year = 2025 - static_cast<int>(35 * u * u);
  e.established_on =
      fmt::format("{:04d}-{:02d}-{:02d}", year, 1 + rng.Below(12), 1 + rng.Below(28));
  const std::uint64_t st = rng.Below(100);
  e.status = st < 92   ? EntityStatus::kActive
             : st < 96 ? EntityStatus::kRevoked
                       : EntityStatus::kCancelled;
  if (e.status != EntityStatus::kActive)
    e.deregistered_on = fmt::format("{:04d}-06-30", std::max(year, 2024));
  e.address = fmt::format("{}{}{}{}路{}号", plan.province_name, county.city_name, county.name,
                          names::kStreets[rng.Below(names::kStreets.size())], 1 + rng.Below(999));
  return e;
}

}  // namespace

Result<DemoScale> ParseDemoScale(std::string_view text) {
  if (text == "small")
    return DemoScale::kSmall;
  if (text == "city")
    return DemoScale::kCity;
  if (text == "province")
    return DemoScale::kProvince;
  return Status::InvalidArgument("scale is small, city or province", "scale");
}

std::string_view DemoScaleName(DemoScale scale) {
  switch (scale) {
    case DemoScale::kSmall:
      return "small";
    case DemoScale::kCity:
      return "city";
    case DemoScale::kProvince:
      return "province";
  }
  return "small";
}

std::int64_t EntityCountFor(DemoScale scale) {
  switch (scale) {
    case DemoScale::kSmall:
      return 50'000;
    case DemoScale::kCity:
      return 1'000'000;
    case DemoScale::kProvince:
      return 14'000'000;
  }
  return 50'000;
}

Result<DemoSummary> GenerateProvince(store::Database& db, registry::Registry& reg,
                                     const DemoOptions& o) {
  const std::int64_t total = o.entity_count > 0 ? o.entity_count : EntityCountFor(o.scale);
  const nlohmann::json fingerprint = {
      {"province", o.province_code}, {"entities", total}, {"seed", o.seed}};
  {
    ZQ_ASSIGN_OR_RETURN(auto tx, db.Begin(store::TxMode::kReadOnly));
    ZQ_ASSIGN_OR_RETURN(store::ResultSet meta,
                        tx->Query("SELECT value FROM meta WHERE key = 'demo'"));
    if (!meta.rows.empty()) {
      if (meta.rows[0].GetText(0) != fingerprint.dump()) {
        return Status::FailedPrecondition(
            "this database holds another demo (" + meta.rows[0].GetText(0) + "): use another --db",
            "db");
      }
      DemoSummary reused;
      reused.reused = true;
      ZQ_ASSIGN_OR_RETURN(reused.entities, reg.CountEntities(auth::Caller::System(), {}));
      return reused;
    }
  }
  const auth::Caller system = auth::Caller::System();
  SplitMix64 rng(o.seed);
  ZQ_ASSIGN_OR_RETURN(Plan plan, MakePlan(reg, o, rng));
  DemoSummary summary;

  for (const registry::CatalogueEntry& c : IllustrativeCatalogue()) {
    ZQ_RETURN_IF_ERROR(reg.UpsertCatalogueEntry(system, c).status());
    ++summary.catalogue_entries;
  }

  // Millions of rows load many times faster with the secondary indexes built once at the end.
  ZQ_RETURN_IF_ERROR(reg.BeginBulkLoad(system));
  std::vector<MarketEntity> batch;
  std::vector<registry::Product> products;
  batch.reserve(kBatch);
  std::uint64_t gtin_serial = 0;
  for (std::int64_t i = 0; i < total; ++i) {
    char section = 'A';
    batch.push_back(MakeEntity(plan, o, static_cast<std::uint64_t>(i), rng, section));
    const MarketEntity& e = batch.back();
    switch (e.type) {
      case EntityType::kEnterprise:
        ++summary.enterprises;
        break;
      case EntityType::kIndividualBusiness:
        ++summary.individual_businesses;
        break;
      default:
        ++summary.cooperatives;
    }
    if (e.type == EntityType::kEnterprise && section == 'C') {
      for (int k = 0; k < 2; ++k) {
        // GTIN-13: 69X prefix, a 6-digit company/item number, and the GS1 check digit.
        const std::string body = fmt::format("69{}{:09d}", gtin_serial % 10, gtin_serial);
        ++gtin_serial;
        const std::string gtin13 = body.substr(0, 12) + *ids::Gs1CheckDigit(body.substr(0, 12));
        const auto& cat = CatalogueFor(e.industry_code, rng.Next());
        products.push_back(
            {"0" + gtin13,
             std::string(cat.second) + "（型号" + std::to_string(1 + rng.Below(90)) + "）",
             e.name.substr(0, e.name.find("有限")), std::string(cat.first), e.uscc});
      }
    }
    if (batch.size() == kBatch || i + 1 == total) {
      // In key order, each batch touches far fewer pages of the primary-key index.
      std::sort(batch.begin(), batch.end(),
                [](const MarketEntity& a, const MarketEntity& b) { return a.uscc < b.uscc; });
      ZQ_RETURN_IF_ERROR(reg.AppendEntities(system, batch));
      summary.entities += static_cast<std::int64_t>(batch.size());
      batch.clear();
      if (!products.empty()) {
        ZQ_RETURN_IF_ERROR(reg.AppendProducts(system, products));
        summary.products += static_cast<std::int64_t>(products.size());
        products.clear();
      }
      if (o.progress)
        o.progress(summary.entities, total);
    }
  }

  ZQ_RETURN_IF_ERROR(reg.EndBulkLoad(system));

  std::vector<registry::Inspector> inspectors;
  int serial = 0;
  for (const County& c : plan.counties) {
    for (int k = 0; k < 20; ++k) {
      registry::Inspector in;
      in.inspector_id = fmt::format("{}{:05d}", c.code, ++serial);
      in.name = PersonName(rng);
      in.unit = AuthorityName(reg, c.code);
      in.region_code = c.code;
      in.qualifications = {"product_quality"};
      if (rng.Below(4) == 0)
        in.qualifications.push_back("food_safety");
      if (rng.Below(6) == 0)
        in.qualifications.push_back("special_equipment");
      if (rng.Below(8) == 0)
        in.qualifications.push_back("measurement");
      inspectors.push_back(std::move(in));
    }
  }
  ZQ_RETURN_IF_ERROR(reg.AppendInspectors(system, inspectors));
  summary.inspectors = static_cast<std::int64_t>(inspectors.size());

  ZQ_RETURN_IF_ERROR(store::InTransaction(db, [&](store::Transaction& tx) {
    const std::vector<store::Value> p = {fingerprint.dump()};
    return tx.Execute("INSERT INTO meta (key, value) VALUES ('demo', ?)", p).status();
  }));
  return summary;
}

}  // namespace zq::demo
