// Full-text search of names and addresses and the maintained dashboard counts (issue 22), on both
// backends: the index answers exactly what the substring scan answers.
#include <algorithm>
#include <map>
#include <random>
#include <set>

#include <gtest/gtest.h>

#include "registry/internal/text_search.h"
#include "registry/registry.h"
#include "registry/registry_test_env.h"

namespace zq::registry {
namespace {

using testing::MakeEntity;
using testing::Regulator;

constexpr std::string_view kCities[] = {"济南", "青岛", "淄博", "烟台"};
constexpr std::string_view kCounties[] = {"370102", "370202", "370302", "370602"};
constexpr std::string_view kSyllables[] = {"达", "恒", "鑫", "泰", "华", "瑞", "丰", "源",
                                           "盛", "昌", "隆", "兴", "福", "宏", "金", "德"};
constexpr std::string_view kWords[] = {"食品", "电缆", "机械", "化工", "纺织", "建材"};
constexpr std::string_view kStreets[] = {"经十", "泉城", "解放", "和平", "文化", "山大"};

class EntitySearchTest : public ::testing::TestWithParam<store::Backend> {
 protected:
  // `n` generated entities, names and addresses of the demo's shapes (城市+字号+行业+有限公司,
  // 县区+姓+记+字号+店), appended through the bulk path.
  std::vector<MarketEntity> Generate(int n) {
    std::mt19937 rng(20261206);
    auto pick = [&rng](auto& list) { return std::string(list[rng() % std::size(list)]); };
    std::vector<MarketEntity> out;
    for (int i = 0; i < n; ++i) {
      const std::size_t city = rng() % std::size(kCities);
      const std::string trade = pick(kSyllables) + pick(kSyllables);
      std::string name = i % 3 == 0
                             ? std::string(kCities[city]) + "张记" + trade + "店"
                             : std::string(kCities[city]) + trade + pick(kWords) + "有限公司";
      MarketEntity e = MakeEntity(kCounties[city], i, std::move(name));
      e.address = "山东省" + std::string(kCities[city]) + "市" + pick(kStreets) + "路" +
                  std::to_string(1 + rng() % 99) + "号";
      e.industry_code = i % 2 == 0 ? "1391" : "3831";
      out.push_back(std::move(e));
    }
    return out;
  }

  // Every USCC the search answers, read page by page.
  std::set<std::string> Found(const EntityFilter& f) {
    std::set<std::string> out;
    for (int page = 1;; ++page) {
      Result<PageOf<MarketEntity>> p = env_.registry->SearchEntities(admin_, f, Page{page, 500});
      EXPECT_TRUE(p.ok()) << p.status().ToString();
      if (!p.ok() || p->items.empty())
        break;
      for (const MarketEntity& e : p->items) out.insert(e.uscc);
    }
    return out;
  }

  testing::RegistryEnv env_;
  const auth::Caller admin_ = auth::Caller::System();
};

// The substring scan: every word of the query occurs in the name.
std::set<std::string> Scan(const std::vector<MarketEntity>& all, std::string_view query) {
  const std::vector<std::string> words = internal::SplitWords(query);
  std::set<std::string> out;
  for (const MarketEntity& e : all) {
    bool all_words = true;
    for (const std::string& w : words) all_words = all_words && e.name.find(w) != std::string::npos;
    if (all_words)
      out.insert(e.uscc);
  }
  return out;
}

// A run of `chars` characters of `text` starting at character `from` (Chinese: 3 bytes each).
std::string Chars(const std::string& text, std::size_t from, std::size_t chars) {
  return text.substr(std::min(text.size(), from * 3), chars * 3);
}

TEST_P(EntitySearchTest, ResultsEqualTheSubstringScanOnTwoHundredQueries) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(env_.Start(t->db()).ok());
  std::vector<MarketEntity> all = Generate(1200);
  ASSERT_TRUE(env_.registry->AppendEntities(admin_, all).ok());
  // Writes through the upsert path too: renamed firms must be found by their new names only.
  for (int i = 0; i < 40; ++i) {
    MarketEntity& e = all[static_cast<std::size_t>(i) * 7];
    e.name = "济南" + std::string(kSyllables[i % 16]) + "恒新材料有限公司";
    ASSERT_TRUE(env_.registry->UpsertEntity(admin_, e).ok());
  }
  std::mt19937 rng(22);
  int compared = 0;
  for (int q = 0; q < 200; ++q) {
    const MarketEntity& e = all[rng() % all.size()];
    std::string query;
    switch (q % 4) {
      case 0:  // the trade name and the next character
        query = Chars(e.name, 2, 3);
        break;
      case 1:  // a longer fragment
        query = Chars(e.name, 1 + rng() % 3, 4 + rng() % 3);
        break;
      case 2:  // two words: "济南 达恒"
        query = Chars(e.name, 0, 2) + " " + Chars(e.name, 2, 3);
        break;
      default:  // a long word with a short one, in the other order, with an ideographic space
        query = Chars(e.name, 2, 3) + "\u3000" + Chars(e.name, 0, 1);
        break;
    }
    EntityFilter f;
    f.name_contains = query;
    const std::set<std::string> expected = Scan(all, query);
    ASSERT_FALSE(expected.empty()) << query;
    EXPECT_EQ(Found(f), expected) << query;
    EXPECT_EQ(NameMatchOf(f).mode, "substring");
    ++compared;
  }
  EXPECT_EQ(compared, 200);
  // Nothing matches a word that no name holds, nor a quote that FTS5 would parse.
  EntityFilter none;
  none.name_contains = "不存在的名";
  EXPECT_TRUE(Found(none).empty());
  none.name_contains = "\"达恒\" OR name";
  EXPECT_TRUE(Found(none).empty());
}

TEST_P(EntitySearchTest, ShortQueriesMatchTheStartOfTheNameAndSaySo) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(env_.Start(t->db()).ok());
  const std::vector<MarketEntity> all = Generate(300);
  ASSERT_TRUE(env_.registry->AppendEntities(admin_, all).ok());
  EntityFilter f;
  f.name_contains = "青岛";
  EXPECT_EQ(NameMatchOf(f).mode, "prefix");
  EXPECT_NE(NameMatchOf(f).reason.find("三个字"), std::string::npos);
  std::set<std::string> expected;
  for (const MarketEntity& e : all) {
    if (e.name.starts_with("青岛"))
      expected.insert(e.uscc);
  }
  ASSERT_FALSE(expected.empty());
  EXPECT_EQ(Found(f), expected);
  f.name_contains = "张记";  // in the middle of names only: a prefix finds none
  EXPECT_TRUE(Found(f).empty());
  f.name_contains = "青 张";  // the first word begins the name, the others anywhere
  std::set<std::string> both;
  for (const MarketEntity& e : all) {
    if (e.name.starts_with("青") && e.name.find("张") != std::string::npos)
      both.insert(e.uscc);
  }
  EXPECT_EQ(Found(f), both);
  // An address word of three characters is indexed: short name words then match anywhere.
  f.address_contains = "青岛市";
  EXPECT_EQ(NameMatchOf(f).mode, "substring");
  f.name_contains = "";
  f.address_contains = "青岛";
  EXPECT_EQ(env_.registry->SearchEntities(admin_, f, Page{}).status().field(), "address");
}

TEST_P(EntitySearchTest, AddressWordsAndNameWordsMustAllMatch) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(env_.Start(t->db()).ok());
  const std::vector<MarketEntity> all = Generate(300);
  ASSERT_TRUE(env_.registry->AppendEntities(admin_, all).ok());
  EntityFilter f;
  f.address_contains = "济南市 经十路";
  f.name_contains = "有限公司";
  std::set<std::string> expected;
  for (const MarketEntity& e : all) {
    if (e.address.find("济南市") != std::string::npos &&
        e.address.find("经十路") != std::string::npos &&
        e.name.find("有限公司") != std::string::npos)
      expected.insert(e.uscc);
  }
  ASSERT_FALSE(expected.empty());
  EXPECT_EQ(Found(f), expected);
}

TEST_P(EntitySearchTest, RankedByClosenessThenRegion) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(env_.Start(t->db()).ok());
  const std::vector<MarketEntity> batch = {
      MakeEntity("370102", 1, "济南达恒食品有限公司"),    // holds the query
      MakeEntity("370202", 2, "达恒食品有限公司"),        // begins with it, in Qingdao
      MakeEntity("370102", 3, "达恒食品有限公司分公司"),  // begins with it, longer
      MakeEntity("370102", 4, "达恒食品"),                // is the query
      MakeEntity("370102", 5, "济南达恒食品店"),          // holds it, shorter
  };
  ASSERT_TRUE(env_.registry->AppendEntities(admin_, batch).ok());
  EntityFilter f;
  f.name_contains = "达恒食品";
  PageOf<MarketEntity> p = *env_.registry->SearchEntities(admin_, f, Page{});
  std::vector<std::string> names;
  for (const MarketEntity& e : p.items) names.push_back(e.name);
  EXPECT_EQ(names,
            (std::vector<std::string>{"达恒食品", "达恒食品有限公司", "达恒食品有限公司分公司",
                                      "济南达恒食品店", "济南达恒食品有限公司"}));
  EXPECT_EQ(p.total, 5);
  EXPECT_TRUE(p.total_exact);
  // A regulator sees the matches in their jurisdiction only.
  EXPECT_EQ(env_.registry->SearchEntities(Regulator("370200"), f, Page{})->total, 1);
}

TEST_P(EntitySearchTest, AFailedWriteLeavesNeitherIndexNorCounts) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(env_.Start(t->db()).ok());
  const std::vector<MarketEntity> first = {MakeEntity("370102", 1, "济南甲电缆有限公司")};
  ASSERT_TRUE(env_.registry->AppendEntities(admin_, first).ok());
  // A duplicate USCC fails the whole batch: its new name must not be found afterwards.
  const std::vector<MarketEntity> batch = {MakeEntity("370102", 2, "济南乙电缆有限公司"),
                                           MakeEntity("370102", 1, "济南甲电缆有限公司")};
  EXPECT_FALSE(env_.registry->AppendEntities(admin_, batch).ok());
  EntityFilter f;
  f.name_contains = "乙电缆";
  EXPECT_TRUE(Found(f).empty());
  EXPECT_EQ(env_.registry->StatsFor(admin_, std::nullopt, 0)->total, 1);
}

TEST_P(EntitySearchTest, MaintainedCountsEqualTheGroupedScanThroughWritesAndBulkLoads) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(env_.Start(t->db()).ok());
  Registry& r = *env_.registry;
  std::vector<MarketEntity> all = Generate(200);
  ASSERT_TRUE(r.AppendEntities(admin_, all).ok());
  // Updates that move an entity between cells: status, industry division, county.
  for (int i = 0; i < 30; ++i) {
    MarketEntity& e = all[static_cast<std::size_t>(i) * 5];
    if (i % 3 == 0) {
      e.status = EntityStatus::kRevoked;
      e.deregistered_on = "2026-06-30";
    } else if (i % 3 == 1) {
      e.industry_code = "4411";
    } else {
      e.region_code = "370103";
    }
    ASSERT_TRUE(r.UpsertEntity(admin_, e).ok());
  }
  // A bulk load: the triggers stand aside and its end recounts and re-indexes.
  ASSERT_TRUE(r.BeginBulkLoad(admin_).ok());
  std::vector<MarketEntity> more;
  for (int i = 0; i < 50; ++i)
    more.push_back(MakeEntity("370602", 5000 + i, "烟台新泰达机械有限公司"));
  ASSERT_TRUE(r.AppendEntities(admin_, more).ok());
  ASSERT_TRUE(r.EndBulkLoad(admin_).ok());
  all.insert(all.end(), more.begin(), more.end());
  EntityFilter f;
  f.name_contains = "新泰达";
  EXPECT_EQ(Found(f).size(), 50u);

  std::map<std::string, std::int64_t> by_status;
  std::map<std::string, std::int64_t> by_city;
  for (const MarketEntity& e : all) {
    by_status[std::string(EntityStatusName(e.status))]++;
    by_city[e.region_code.substr(0, 4) + "00"]++;
  }
  EntityStats stats = *r.StatsFor(admin_, ids::ParseRegionCode("370000").value(), 5);
  EXPECT_EQ(stats.total, static_cast<std::int64_t>(all.size()));
  for (const EntityStats::Count& c : stats.by_status)
    EXPECT_EQ(c.count, by_status[c.code]) << c.code;
  for (const EntityStats::Count& c : stats.by_region) EXPECT_EQ(c.count, by_city[c.code]) << c.code;
  EXPECT_EQ(stats.latest.size(), 5u);
  // The same counts as the grouped scan the dashboard used to run.
  auto tx = std::move(t->db().Begin(store::TxMode::kReadOnly)).value();
  const store::ResultSet scan = *tx->Query(
      "SELECT region_code, substr(industry_code, 1, 2), status, COUNT(*) FROM entities "
      "GROUP BY 1, 2, 3 ORDER BY 1, 2, 3");
  const store::ResultSet kept = *tx->Query(
      "SELECT region_code, division, status, n FROM entity_counts WHERE n > 0 ORDER BY 1, 2, 3");
  ASSERT_EQ(kept.rows.size(), scan.rows.size());
  for (std::size_t i = 0; i < scan.rows.size(); ++i) {
    for (std::size_t c = 0; c < 3; ++c) EXPECT_EQ(kept.rows[i].GetText(c), scan.rows[i].GetText(c));
    EXPECT_EQ(kept.rows[i].GetInt(3), scan.rows[i].GetInt(3));
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, EntitySearchTest,
                         ::testing::ValuesIn(store::testing::AllBackends()),
                         store::testing::BackendParamName);

}  // namespace
}  // namespace zq::registry
