// The masking suite for published narratives (narrative_scrubber.h): names, phones, ID numbers
// with right and wrong check characters, addresses, bank cards and e-mail addresses in running
// Chinese text, and what must stay (dates, amounts, times, service lines, model names).
#include "complaint/narrative_scrubber.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <unicode/unistr.h>

namespace zq::complaint {
namespace {

struct Case {
  std::string in;
  std::string out;
};

std::string Scrubbed(const std::string& text, const std::vector<std::string>& names = {}) {
  return ScrubNarrative(text, names).text;
}

void ExpectAll(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    EXPECT_EQ(Scrubbed(c.in), c.out) << c.in;
    // Scrubbing what was published changes nothing and finds nothing.
    const ScrubbedNarrative again = ScrubNarrative(c.out);
    EXPECT_EQ(again.text, c.out) << c.in;
    EXPECT_EQ(again.Removed(), 0) << c.in;
  }
}

TEST(NarrativeScrubberTest, PhoneNumbersAsPeopleWriteThem) {
  ExpectAll({
      {"我的手机号是13812345678，请尽快联系。", "我的手机号是[电话]，请尽快联系。"},
      {"电话：138 1234 5678", "电话：[电话]"},
      {"请打+86 139-8765-4321找我", "请打[电话]找我"},
      {"手机１３８１２３４５６７８（全角）", "手机[电话]（全角）"},
      {"座机0531-88886666或053188886666", "座机[电话]或[电话]"},
      {"家里电话88886666，晚上在家", "家里电话[电话]，晚上在家"},
      {"手机号：1234567（小灵通）", "手机号：[电话]（小灵通）"},
      // Only right after the word: the second number is not a phone.
      {"电话13812345678 1234567", "电话[电话] 1234567"},
      {"两个号码13812345678 13987654321都打不通", "两个号码[电话] [电话]都打不通"},
  });
  // A business's service line is not personal data.
  ExpectAll({{"客服热线400-123-4567一直占线", "客服热线400-123-4567一直占线"},
             {"拨打8008201234无人接听", "拨打8008201234无人接听"}});
}

TEST(NarrativeScrubberTest, IdNumbersByTheirGb11643CheckCharacter) {
  ExpectAll({
      // GB 11643-1999's worked examples (the research file's two) and one of our own.
      {"身份证号11010519491231002X已登记", "身份证号[身份证号]已登记"},
      {"证件440524188001010014", "证件[身份证号]"},
      {"本人身份证370102198503121233。", "本人身份证[身份证号]。"},
      {"小写的x也算11010519491231002x", "小写的x也算[身份证号]"},
      // The 15-digit form of before 1999.
      {"老身份证370102850312123", "老身份证[身份证号]"},
  });
  // A wrong check character: not called an ID number, but a long number all the same.
  ExpectAll({{"身份证110105199001011234（常见的占位号）", "身份证[号码]（常见的占位号）"},
             {"号码370102198503121236", "号码[号码]"},
             {"37010219850312123X不对", "[号码]不对"}});
  ScrubbedNarrative wrong = ScrubNarrative("身份证110105199001011234");
  EXPECT_EQ(wrong.id_numbers, 0);
  EXPECT_EQ(wrong.other_numbers, 1);
  ScrubbedNarrative right = ScrubNarrative("身份证11010519491231002X");
  EXPECT_EQ(right.id_numbers, 1);
}

TEST(NarrativeScrubberTest, BankCardsByTheirLuhnCheckAndOtherLongNumbers) {
  ExpectAll({
      {"退款请打到6228480012345678903。", "退款请打到[银行卡号]。"},
      {"卡号6222 0202 0011 2233 446", "卡号[银行卡号]"},
      {"信用卡4111111111111111被扣款", "信用卡[银行卡号]被扣款"},
      // Luhn fails: still an account-like number, and it goes.
      {"卡号6222020200112233", "卡号[号码]"},
      {"卡号6222 0202 0011 2234", "卡号[号码]"},
      {"订单号202405011234567，快递单号SF1234567890", "订单号[号码]，快递单号SF[号码]"},
  });
  ScrubbedNarrative card = ScrubNarrative("卡号6228480012345678903");
  EXPECT_EQ(card.bank_cards, 1);
}

TEST(NarrativeScrubberTest, DatesAmountsTimesAndModelsStay) {
  ExpectAll({
      {"2024年5月1日在门店购买，2024-05-01 13:45付款3999元",
       "2024年5月1日在门店购买，2024-05-01 13:45付款3999元"},
      {"发票日期20240501，型号iPhone15 Pro，编号A1234",
       "发票日期20240501，型号iPhone15 Pro，编号A1234"},
      {"用了3个月，1,299元买的", "用了3个月，1,299元买的"},
  });
}

TEST(NarrativeScrubberTest, EmailAddresses) {
  ExpectAll({{"邮箱zhang.san@example.com。", "邮箱[邮箱]。"},
             {"发到li_si+shop@mail.qq.com或@客服", "发到[邮箱]或@客服"}});
}

TEST(NarrativeScrubberTest, NamesKeepTheirSurname) {
  const std::vector<std::string> known = {"张三丰", "欧阳娜娜", "李"};
  EXPECT_EQ(Scrubbed("张三丰于5月投诉，欧阳娜娜是代理人，李先生陪同。", known),
            "张某于5月投诉，欧阳某是代理人，李先生陪同。");
  ExpectAll({
      {"我叫李小明，住在本市。", "我叫李某，住在本市。"},
      {"投诉人：王芳；举报人: 诸葛亮", "投诉人：王某；举报人: 诸葛某"},
      {"姓名：小明", "姓名：某某"},
      // Already no more than a surname.
      {"联系人：王女士", "联系人：王女士"},
      {"该店的王经理不理睬", "该店的王经理不理睬"},
      {"店里的刘德华经理说找厂家", "店里的刘某经理说找厂家"},
      {"找到张明经理后", "找到张某经理后"},
      {"司马光先生和欧阳娜娜女士", "司马某先生和欧阳某女士"},
  });
  ScrubbedNarrative n = ScrubNarrative("我叫李小明，找了刘德华经理", {});
  EXPECT_EQ(n.names, 2);
}

TEST(NarrativeScrubberTest, AddressesKeepTheDistrict) {
  ExpectAll({
      {"我住在济南市历下区泉城路188号3单元502室，离店不远。",
       "我住在济南市历下区[详细地址]，离店不远。"},
      {"货寄到阳光小区3号楼2单元，没收到", "货寄到[详细地址]，没收到"},
      {"门店位于济南市经十路17923号", "门店位于济南市[详细地址]"},
      {"山东省青岛市市南区香港中路10-1号阳光大厦12层", "山东省青岛市市南区[详细地址]"},
      {"泉城路188号阳光小区3号楼", "[详细地址]"},
      // No house number: a road or an estate alone is not an address to remove.
      {"在经十路上的店买的，售后服务很差", "在经十路上的店买的，售后服务很差"},
  });
}

TEST(NarrativeScrubberTest, ARunningNarrativeLosesEveryKindAtOnce) {
  const std::string text =
      "本人张三丰（身份证370102198503121233，电话13812345678），2024年3月8日在济南市历下区泉城路"
      "188号某电器店花2999元买了一台电热水壶，用了两周外壳漏电。店里的刘德华经理让我把照片发到"
      "shop@example.com，退款打到6228480012345678903。";
  const ScrubbedNarrative s = ScrubNarrative(text, std::vector<std::string>{"张三丰"});
  EXPECT_EQ(
      s.text,
      "本人张某（身份证[身份证号]，电话[电话]），2024年3月8日在济南市历下区[详细地址]某电器店花"
      "2999元买了一台电热水壶，用了两周外壳漏电。店里的刘某经理让我把照片发到"
      "[邮箱]，退款打到[银行卡号]。");
  EXPECT_EQ(s.names, 2);
  EXPECT_EQ(s.id_numbers, 1);
  EXPECT_EQ(s.phones, 1);
  EXPECT_EQ(s.addresses, 1);
  EXPECT_EQ(s.emails, 1);
  EXPECT_EQ(s.bank_cards, 1);
  EXPECT_EQ(s.Removed(), 7);
  EXPECT_EQ(ScrubNarrative(s.text).text, s.text);
}

TEST(NarrativeScrubberTest, InvalidBytesBecomeReplacementCharactersAndNothingElseBreaks) {
  const std::string text = std::string("\xff\xfe") + "电话13812345678" + "\xe4\xb8";
  const std::string out = Scrubbed(text);
  EXPECT_EQ(out, "\xef\xbf\xbd\xef\xbf\xbd电话[电话]\xef\xbf\xbd");
  std::string round;
  icu::UnicodeString::fromUTF8(out).toUTF8String(round);
  EXPECT_EQ(round, out);
  EXPECT_EQ(Scrubbed(""), "");
}

}  // namespace
}  // namespace zq::complaint
