#include "store/row_mapping.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "store/testing/test_database.h"

namespace zq::store {
namespace {

enum class Colour { kRed, kGreen };

bool ParseColour(std::string_view text, Colour& out) {
  if (text == "red" || text == "green") {
    out = text == "red" ? Colour::kRed : Colour::kGreen;
    return true;
  }
  return false;
}

Result<std::vector<int>> ParseDigits(std::string text) {
  std::vector<int> out;
  for (const char c : text) {
    if (c < '0' || c > '9')
      return Status(StatusCode::kInternal, "not a digit", "digits");
    out.push_back(c - '0');
  }
  return out;
}

struct Where {
  std::string region;
  int level = 0;
};

struct Record {
  std::int64_t id = 0;
  std::string name;
  int count = 0;
  double score = 0;
  bool active = false;
  std::optional<std::int64_t> parent;
  std::optional<std::string> closed_on;
  Colour colour = Colour::kGreen;
  std::size_t name_length = 0;
  Where where;
};

const Columns<Record>& RecordColumns() {
  using R = Record;
  const auto length = [](const std::string& s) { return s.size(); };
  static const Columns<R> kColumns("id", &R::id, "name", &R::name, "count", &R::count, "score",
                                   &R::score, "active", &R::active, "parent", &R::parent,
                                   "closed_on", &R::closed_on, NonEmpty, "colour", &R::colour,
                                   ParseColour, "name", &R::name_length, length, "region",
                                   &R::where, &Where::region, "level", &R::where, &Where::level);
  return kColumns;
}

struct Digits {
  std::int64_t id = 0;
  std::vector<int> digits;
};

const Columns<Digits>& DigitColumns() {
  static const Columns<Digits> kColumns("d.id", &Digits::id, "d.digits", &Digits::digits,
                                        ParseDigits);
  return kColumns;
}

TEST(RowMappingTest, DeclaresTheSelectListOnce) {
  EXPECT_EQ(RecordColumns().size(), 11u);
  EXPECT_EQ(RecordColumns().List(),
            "id, name, count, score, active, parent, closed_on, colour, name, region, level");
  EXPECT_EQ(DigitColumns().List(), "d.id, d.digits");
  const Columns<Digits> mixed("id", &Digits::id, "COALESCE(x.d, '')", &Digits::digits, ParseDigits);
  EXPECT_EQ(mixed.List("t"), "t.id, COALESCE(x.d, '')");
  EXPECT_EQ(DigitColumns().SelectFrom("digits d WHERE d.id = ?"),
            "SELECT d.id, d.digits FROM digits d WHERE d.id = ?");
}

TEST(RowMappingTest, ReadsEachMemberWithItsConversion) {
  const Row row({std::int64_t{7}, std::string("济南"), std::string("12"), 2.5, std::int64_t{1},
                 Value{}, std::string(""), std::string("red"), std::string("济南"),
                 std::string("370102"), std::int64_t{3}});
  const Record r = RecordColumns().FromRow(row);
  EXPECT_EQ(r.id, 7);
  EXPECT_EQ(r.name, "济南");
  EXPECT_EQ(r.count, 12);  // text that is a number converts, as Row::GetInt does
  EXPECT_DOUBLE_EQ(r.score, 2.5);
  EXPECT_TRUE(r.active);
  EXPECT_EQ(r.parent, std::nullopt);
  EXPECT_EQ(r.closed_on, std::nullopt);
  EXPECT_EQ(r.colour, Colour::kRed);
  EXPECT_EQ(r.name_length, std::string("济南").size());
  EXPECT_EQ(r.where.region, "370102");
  EXPECT_EQ(r.where.level, 3);
}

TEST(RowMappingTest, ExtraColumnsAfterTheMappedOnesAreLeftToTheCaller) {
  const Row row({std::int64_t{1}, std::string("1234"), std::string("tail")});
  const Digits d = DigitColumns().Read(row).value();
  EXPECT_EQ(d.digits, (std::vector<int>{1, 2, 3, 4}));
  EXPECT_EQ(row.GetText(DigitColumns().size()), "tail");
}

TEST(RowMappingTest, AConverterErrorIsTheMappingsError) {
  const Row row({std::int64_t{1}, std::string("12x")});
  const Result<Digits> d = DigitColumns().Read(row);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.status().code(), StatusCode::kInternal);
  EXPECT_EQ(d.status().field(), "digits");
}

TEST(RowMappingDeathTest, FromRowRefusesAMappingThatMayFail) {
  const Row row({std::int64_t{1}, std::string("12")});
  EXPECT_DEATH((void)DigitColumns().FromRow(row), "fallible");
}

class RowMappingDbTest : public ::testing::TestWithParam<Backend> {};

TEST_P(RowMappingDbTest, MapsWhatEachBackendReturns) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  auto tx = std::move(t->db().Begin()).value();
  ASSERT_TRUE(tx->Execute("CREATE TABLE mapped (id BIGINT PRIMARY KEY, name TEXT, count INTEGER, "
                          "score DOUBLE PRECISION, active INTEGER, parent BIGINT, closed_on TEXT, "
                          "colour TEXT, region TEXT, level INTEGER)")
                  .ok());
  const std::vector<std::vector<Value>> rows = {
      {std::int64_t{1}, std::string("历下区"), std::int64_t{4}, 0.1, std::int64_t{1},
       std::int64_t{9'007'199'254'740'993}, std::string("2024-02-29"), std::string("red"),
       std::string("370102"), std::int64_t{3}},
      {std::int64_t{2}, std::string(""), std::int64_t{0}, 0.0, std::int64_t{0}, Value{},
       std::string(""), std::string("green"), std::string("37"), std::int64_t{1}}};
  for (const std::vector<Value>& row : rows) {
    ASSERT_TRUE(tx->Execute("INSERT INTO mapped VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", row).ok());
  }
  Result<ResultSet> rs =
      tx->Query(fmt::format("SELECT {} FROM mapped m ORDER BY m.id", RecordColumns().List("m")));
  ASSERT_TRUE(rs.ok()) << rs.status().ToString();
  const std::vector<Record> records = RecordColumns().FromRows(rs->rows);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].name, "历下区");
  EXPECT_EQ(records[0].count, 4);
  EXPECT_DOUBLE_EQ(records[0].score, 0.1);
  EXPECT_TRUE(records[0].active);
  EXPECT_EQ(records[0].parent, 9'007'199'254'740'993);
  EXPECT_EQ(records[0].closed_on, "2024-02-29");
  EXPECT_EQ(records[0].colour, Colour::kRed);
  EXPECT_EQ(records[0].where.level, 3);
  EXPECT_FALSE(records[1].active);
  EXPECT_EQ(records[1].parent, std::nullopt);
  EXPECT_EQ(records[1].closed_on, std::nullopt);
  EXPECT_EQ(records[1].colour, Colour::kGreen);
  EXPECT_EQ(records[1].where.region, "37");
}

TEST_P(RowMappingDbTest, QueriesMapRowsAndAUniqueViolationAnswersTheCallersStatus) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  auto tx = std::move(t->db().Begin()).value();
  ASSERT_TRUE(tx->Execute("CREATE TABLE digits (id BIGINT PRIMARY KEY, digits TEXT)").ok());
  const std::string insert = "INSERT INTO digits (id, digits) VALUES (?, ?)";
  const std::vector<Value> first = {std::int64_t{1}, std::string("12")};
  ASSERT_TRUE(ExecuteUnique(*tx, insert, first, Status::AlreadyExists("taken", "id")).ok());
  const std::vector<Value> bad = {std::int64_t{2}, std::string("x")};
  ASSERT_TRUE(tx->Execute(insert, bad).ok());
  ASSERT_TRUE(tx->Commit().ok());
  {
    auto again_tx = std::move(t->db().Begin()).value();
    const Status again =
        ExecuteUnique(*again_tx, insert, first, Status::AlreadyExists("taken", "id"));
    EXPECT_EQ(again.code(), StatusCode::kAlreadyExists);
    EXPECT_EQ(again.message(), "taken");
    EXPECT_EQ(again.field(), "id");
  }  // rolled back
  tx = std::move(t->db().Begin(TxMode::kReadOnly)).value();

  const std::vector<Value> one = {std::int64_t{1}};
  const Result<std::optional<Digits>> found =
      DigitColumns().QueryOne(*tx, "digits d WHERE d.id = ?", one);
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->digits, (std::vector<int>{1, 2}));
  const std::vector<Value> none = {std::int64_t{3}};
  EXPECT_EQ(DigitColumns().QueryOne(*tx, "digits d WHERE d.id = ?", none).value(), std::nullopt);
  EXPECT_EQ(DigitColumns()
                .QueryOneOr(*tx, "digits d WHERE d.id = ?", none, Status::NotFound("none", "id"))
                .status()
                .code(),
            StatusCode::kNotFound);
  // A converter's error is the query's.
  EXPECT_EQ(DigitColumns().QueryAll(*tx, "digits d ORDER BY d.id").status().field(), "digits");
  const std::vector<Value> just_one = {std::int64_t{1}};
  EXPECT_EQ(DigitColumns().QueryAll(*tx, "digits d WHERE d.id = ?", just_one).value().size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Backends, RowMappingDbTest, ::testing::ValuesIn(testing::AllBackends()),
                         testing::BackendParamName);

}  // namespace
}  // namespace zq::store
