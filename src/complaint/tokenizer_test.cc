// Words of complaint texts from ICU's word break iterator (its dictionary cuts Chinese).
#include "complaint/tokenizer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/testing/status_is.h"

namespace zq::complaint {
namespace {

using status_matchers::StatusIs;
using ::testing::ElementsAre;

std::vector<std::string> Words(std::string_view text, WordBigrams bigrams = WordBigrams::kNo) {
  return Tokenizer::Create(bigrams).value().Tokens(text);
}

// ICU's dictionary (not jieba's) keeps 冰箱, 手机 and 平台 whole but cuts 坏了, 续费 and 电商 in
// characters.
TEST(Tokenizer, CutsChineseIntoDictionaryWords) {
  EXPECT_THAT(Words("我买的冰箱坏了"), ElementsAre("我", "买", "的", "冰箱", "坏", "了"));
  EXPECT_THAT(Words("投诉某电商平台虚假宣传"),
              ElementsAre("投诉", "某", "电", "商", "平台", "虚假", "宣传"));
}

TEST(Tokenizer, DropsPunctuationLowerCasesLatinAndCollapsesDigits) {
  EXPECT_THAT(Words("ＡＰＰ自动续费99元！iPhone15，"),
              ElementsAre("app", "自动", "续", "费", "#", "元", "iphone#"));
}

TEST(Tokenizer, BigramsFollowTheWords) {
  EXPECT_THAT(Words("手机坏了", WordBigrams::kYes),
              ElementsAre("手机", "坏", "了", "手机|坏", "坏|了"));
}

TEST(Tokenizer, AModelNamesItsTokenizer) {
  EXPECT_EQ(Tokenizer::Named("icu-word")->Name(), "icu-word");
  EXPECT_EQ(Tokenizer::Named("icu-word+bigrams")->Name(), "icu-word+bigrams");
  EXPECT_THAT(Tokenizer::Named("jieba").status(),
              StatusIs(StatusCode::kInvalidArgument, "tokenizer"));
}

}  // namespace
}  // namespace zq::complaint
