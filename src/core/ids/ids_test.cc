#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "core/ids/gtin.h"
#include "core/ids/org_code.h"
#include "core/ids/region_code.h"
#include "core/ids/uscc.h"

namespace zq::ids {
namespace {

struct RealUscc {
  std::string code;
  bool valid;
};

// The 24 rows of testdata/ofac-sdn-2023-01-uscc.csv (23 valid, 1 real near-miss).
std::vector<RealUscc> RealUsccs() {
  std::ifstream in("src/core/testdata/ofac-sdn-2023-01-uscc.csv");
  EXPECT_TRUE(in.good()) << "tests run from the source root";
  std::vector<RealUscc> out;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    // The code is the 4th column; names may hold quoted commas, so read from the right.
    std::vector<std::string> cols;
    std::size_t end = line.size();
    for (int k = 0; k < 3; ++k) {
      const std::size_t comma = line.rfind(',', end - 1);
      cols.insert(cols.begin(), line.substr(comma + 1, end - comma - 1));
      end = comma;
    }
    out.push_back({cols[0], cols[1] == "True" || cols[1] == "true" || cols[1] == "1"});
  }
  return out;
}

TEST(Uscc, AcceptsTheStandardsWorkedExample) {
  Result<Uscc> u = ParseUscc("91350100M000100Y43");
  ASSERT_TRUE(u.ok()) << u.status().ToString();
  EXPECT_EQ(u->registration_authority, '9');
  EXPECT_EQ(u->RegistrationAuthorityName(), "工商");
  EXPECT_EQ(u->EntityTypeName(), "企业");
  EXPECT_EQ(u->region_code, "350100");
  EXPECT_EQ(u->org_code, "M000100Y4");
}

TEST(Uscc, CheckCharacterOfTheWorkedExampleIsThree) {
  EXPECT_EQ(*UsccCheckCharacter("91350100M000100Y4"), '3');
}

TEST(Uscc, ComposedFromItsPartsIsTheWorkedExample) {
  EXPECT_EQ(*ComposeUscc("91350100", "M000100Y"), "91350100M000100Y43");
  EXPECT_EQ(ComposeUscc("9135010", "M000100Y").status().field(), "uscc");
  EXPECT_EQ(ComposeUscc("91350100", "M00010").status().code(), StatusCode::kInvalidArgument);
}

TEST(Uscc, AcceptsEveryRealCodeAndRejectsTheRealNearMiss) {
  const std::vector<RealUscc> codes = RealUsccs();
  ASSERT_EQ(codes.size(), 24u);
  int valid = 0;
  for (const RealUscc& c : codes) {
    Result<Uscc> u = ParseUscc(c.code);
    EXPECT_EQ(u.ok(), c.valid) << c.code << " " << u.status().ToString();
    valid += c.valid;
  }
  EXPECT_EQ(valid, 23);
  Result<Uscc> miss = ParseUscc("312106037714354404");
  ASSERT_FALSE(miss.ok());
  EXPECT_EQ(miss.status().field(), "uscc");
  EXPECT_NE(miss.status().message().find("check character"), std::string::npos);
}

// GB 32100's mod-31 check detects every single substitution: changing position i by a value
// delta (1..30) changes the sum by W_i * delta, and 31 is prime with every W_i < 31, so the sum
// mod 31 always moves. Characters outside the alphabet fail the character-set rule instead.
TEST(Uscc, RejectsEverySingleCharacterCorruptionOfEveryRealCode) {
  std::vector<std::string> codes = {"91350100M000100Y43", "91350200776049653A"};
  for (const RealUscc& c : RealUsccs()) {
    if (c.valid)
      codes.push_back(c.code);
  }
  int tried = 0;
  for (const std::string& code : codes) {
    for (std::size_t pos = 0; pos < code.size(); ++pos) {
      for (int b = 0x21; b < 0x7f; ++b) {
        const char ch = static_cast<char>(b);
        if (ch == code[pos] || (ch >= 'a' && ch <= 'z' && ch - 'a' + 'A' == code[pos]))
          continue;
        std::string bad = code;
        bad[pos] = ch;
        ++tried;
        Result<Uscc> u = ParseUscc(bad);
        ASSERT_FALSE(u.ok()) << bad;
        EXPECT_EQ(u.status().code(), StatusCode::kInvalidArgument);
        EXPECT_EQ(u.status().field(), "uscc");
      }
    }
  }
  EXPECT_GT(tried, 25 * 18 * 90);
}

TEST(Uscc, NamesTheRuleThatFailed) {
  auto message = [](std::string_view code) { return ParseUscc(code).status().message(); };
  EXPECT_NE(message("91350100M000100Y4").find("18 characters"), std::string::npos);
  EXPECT_NE(message("91350100M000100I43").find("character 16"), std::string::npos);
  EXPECT_NE(message("91350100M000100Y44").find("should be '3'"), std::string::npos);
  EXPECT_NE(message("").find("empty"), std::string::npos);
}

TEST(Uscc, RejectsUnknownAuthorityAndEntityTypeWithAValidCheck) {
  // Build codes whose check character is right, so only the table rule can reject them.
  for (std::string_view head : {"B1", "94", "Y2"}) {
    std::string body = std::string(head) + "350100M000100Y4";
    body += *UsccCheckCharacter(body);
    Result<Uscc> u = ParseUscc(body);
    ASSERT_FALSE(u.ok()) << body;
    EXPECT_NE(u.status().message().find("position"), std::string::npos) << body;
  }
}

TEST(Uscc, RejectsABadEmbeddedOrganisationCode) {
  // M000100Y-4 is valid; M000100Y-5 is not. Fix the USCC check so only GB 11714 can object.
  std::string body = "91350100M000100Y5";
  body += *UsccCheckCharacter(body);
  Result<Uscc> u = ParseUscc(body);
  ASSERT_FALSE(u.ok());
  EXPECT_NE(u.status().message().find("organisation code"), std::string::npos);
}

TEST(Uscc, AcceptsLowerCaseAndSurroundingSpaces) {
  Result<Uscc> u = ParseUscc("  91350200776049653a ");
  ASSERT_TRUE(u.ok()) << u.status().ToString();
  EXPECT_EQ(u->code, "91350200776049653A");
}

TEST(Uscc, AcceptsTheDocumentedLegacyPilotCodesOnly) {
  EXPECT_TRUE(ParseUscc("91350100M0001TGQXM").ok());
  EXPECT_TRUE(ParseUscc("91350203M0001QAY9B").ok());
  EXPECT_FALSE(ParseUscc("91350203M0001QAY9C").ok());
}

// GB 32100 weights 3^(i-1) mod 31 are pairwise distinct over positions 1-17 (3 is a primitive
// root mod 31, order 30 > 17), so swapping two different characters at positions i and j moves the
// sum by (a - b)(W_i - W_j), a product of two non-zero residues mod the prime 31: every
// transposition within 1-17 is detected. Swaps with the check character itself are not covered.
TEST(Uscc, RejectsEveryTranspositionWithinTheFirstSeventeenCharacters) {
  std::vector<std::string> codes = {"91350100M000100Y43", "91110000600037341L"};
  for (const RealUscc& c : RealUsccs()) {
    if (c.valid)
      codes.push_back(c.code);
  }
  for (const std::string& code : codes) {
    ASSERT_TRUE(ParseUscc(code).ok()) << code;
    for (std::size_t i = 0; i < 17; ++i) {
      for (std::size_t j = i + 1; j < 17; ++j) {
        if (code[i] == code[j])
          continue;
        std::string bad = code;
        std::swap(bad[i], bad[j]);
        Result<Uscc> u = ParseUscc(bad);
        ASSERT_FALSE(u.ok()) << bad;
        EXPECT_EQ(u.status().field(), "uscc");
      }
    }
  }
}

// Every row of testdata/code-examples.tsv (team's shared/data/code-examples) is valid.
TEST(CodeExamples, EveryListedCodeIsValid) {
  std::ifstream in("src/core/testdata/code-examples.tsv");
  ASSERT_TRUE(in.good()) << "tests run from the source root";
  std::string line;
  int rows = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#')
      continue;
    std::istringstream cols(line);
    std::string kind, code;
    std::getline(cols, kind, '\t');
    std::getline(cols, code, '\t');
    ++rows;
    if (kind == "uscc") {
      EXPECT_TRUE(ParseUscc(code).ok()) << code;
    } else if (kind == "org-code") {
      EXPECT_TRUE(ParseOrgCode(code).ok()) << code;
    } else if (kind == "gtin") {
      EXPECT_TRUE(ParseGtin(code).ok()) << code;
    } else {
      ADD_FAILURE() << "unknown kind " << kind;
    }
  }
  EXPECT_EQ(rows, 7);
}

TEST(OrgCode, AcceptsTheWorkedExamplesWithAndWithoutHyphen) {
  EXPECT_EQ(*ParseOrgCode("77604965-3"), "776049653");
  EXPECT_EQ(*ParseOrgCode("776049653"), "776049653");
  EXPECT_EQ(*ParseOrgCode("M000100Y-4"), "M000100Y4");
  EXPECT_EQ(*OrgCodeCheckCharacter("10000106"), 'X');  // CEIEC's, embedded in 9111000010000106X1
}

// GB 11714's mod-11 check cannot see a substitution whose value difference times the weight is
// a multiple of 11: with body values 0-35 that happens for differences of 11, 22 or 33 (e.g.
// '0' → 'B'). Every other single substitution, and every digit-for-digit one, is detected.
TEST(OrgCode, RejectsEveryDetectableSingleCharacterCorruption) {
  const std::string alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  auto value = [&](char c) { return static_cast<int>(alphabet.find(c)); };
  for (const std::string code : {"776049653", "M000100Y4", "10000106X"}) {
    for (std::size_t pos = 0; pos < 9; ++pos) {
      for (char ch : alphabet + "X") {
        if (ch == code[pos])
          continue;
        std::string bad = code;
        bad[pos] = ch;
        if (pos < 8 && (value(ch) - value(code[pos])) % 11 == 0)
          continue;  // undetectable
        Result<std::string> r = ParseOrgCode(bad);
        ASSERT_FALSE(r.ok()) << bad;
        EXPECT_EQ(r.status().field(), "org_code");
      }
    }
  }
}

// GB 11714 weights 3,7,9,10,5,8,4,2 are distinct mod 11, so swapping body characters a and b
// at positions i and j is missed exactly when a - b is a multiple of 11 (letters: '0' and 'B').
TEST(OrgCode, DetectsTranspositionsUnlessTheValuesDifferByAMultipleOfEleven) {
  const std::string alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  auto value = [&](char c) { return static_cast<int>(alphabet.find(c)); };
  int detected = 0;
  for (const std::string code : {"776049653", "M000100Y4", "10000106X", "0B0000000"}) {
    for (std::size_t i = 0; i < 8; ++i) {
      for (std::size_t j = i + 1; j < 8; ++j) {
        if (code[i] == code[j])
          continue;
        std::string swapped = code;
        std::swap(swapped[i], swapped[j]);
        const bool undetectable = (value(code[i]) - value(code[j])) % 11 == 0;
        Result<std::string> r = ParseOrgCode(swapped);
        EXPECT_EQ(r.ok(), undetectable) << swapped;
        if (!r.ok()) {
          EXPECT_EQ(r.status().field(), "org_code");
          ++detected;
        }
      }
    }
  }
  EXPECT_GT(detected, 40);
}

TEST(Gtin, AcceptsTheGs1AndChinaExamples) {
  for (std::string_view code : {"6291041500213", "6901234567892", "96385074"}) {
    Result<Gtin> g = ParseGtin(code);
    ASSERT_TRUE(g.ok()) << code << " " << g.status().ToString();
  }
  EXPECT_EQ(*Gs1CheckDigit("629104150021"), '3');
  EXPECT_EQ(*Gs1CheckDigit("690123456789"), '2');
  EXPECT_TRUE(ParseGtin("6901234567892")->IsChinesePrefix());
  EXPECT_FALSE(ParseGtin("6291041500213")->IsChinesePrefix());
  EXPECT_EQ(ParseGtin("6901234567892")->AsGtin14(), "06901234567892");
  EXPECT_EQ(ParseGtin("06901234567892")->AsGtin14(), "06901234567892");
}

// Weights 3 and 1 are both coprime to 10, so every single-digit substitution is detected.
TEST(Gtin, RejectsEverySingleCharacterCorruption) {
  for (const std::string code : {"6291041500213", "6901234567892", "96385074", "06901234567892"}) {
    for (std::size_t pos = 0; pos < code.size(); ++pos) {
      for (int b = 0x21; b < 0x7f; ++b) {
        if (static_cast<char>(b) == code[pos])
          continue;
        std::string bad = code;
        bad[pos] = static_cast<char>(b);
        Result<Gtin> g = ParseGtin(bad);
        ASSERT_FALSE(g.ok()) << bad;
        EXPECT_EQ(g.status().field(), "gtin");
      }
    }
  }
}

TEST(Gtin, DetectsAdjacentTranspositionsUnlessTheDigitsDifferByFive) {
  const std::string code = "6901234567892";
  for (std::size_t i = 0; i + 1 < code.size(); ++i) {
    if (code[i] == code[i + 1])
      continue;
    std::string swapped = code;
    std::swap(swapped[i], swapped[i + 1]);
    const bool differ_by_five = std::abs(code[i] - code[i + 1]) == 5;
    EXPECT_EQ(ParseGtin(swapped).ok(), differ_by_five) << swapped;
  }
}

TEST(RegionCode, KnowsItsLevelParentAndSubtree) {
  RegionCode shandong = *ParseRegionCode("370000");
  RegionCode jinan = *ParseRegionCode("370100");
  RegionCode lixia = *ParseRegionCode("370102");
  EXPECT_EQ(shandong.level(), RegionLevel::kProvince);
  EXPECT_EQ(jinan.level(), RegionLevel::kCity);
  EXPECT_EQ(lixia.level(), RegionLevel::kCounty);
  EXPECT_EQ(lixia.Parent()->code, "370100");
  EXPECT_EQ(jinan.Parent()->code, "370000");
  EXPECT_FALSE(shandong.Parent().has_value());
  EXPECT_TRUE(shandong.Contains(lixia));
  EXPECT_TRUE(jinan.Contains(lixia));
  EXPECT_FALSE(jinan.Contains(*ParseRegionCode("370202")));
  EXPECT_FALSE(lixia.Contains(jinan));
}

TEST(RegionCode, RejectsMalformedCodes) {
  for (std::string_view bad : {"", "37010", "3701020", "37010A", "000000", "990000", "100000"}) {
    Result<RegionCode> r = ParseRegionCode(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().field(), "region_code");
  }
}

TEST(RegionCode, AnOptionalRegionIsNoneWhenEmptyAndParsedOtherwise) {
  EXPECT_FALSE(ParseOptionalRegionCode("")->has_value());
  EXPECT_EQ(CodeOrEmpty(*ParseOptionalRegionCode("")), "");
  EXPECT_EQ(CodeOrEmpty(*ParseOptionalRegionCode("370100")), "370100");
  const Result<std::optional<RegionCode>> bad = ParseOptionalRegionCode("3701");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "a region code has six digits");
  EXPECT_EQ(bad.status().field(), "region_code");
}

}  // namespace
}  // namespace zq::ids
