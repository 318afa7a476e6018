#include "auth/masking.h"

#include <gtest/gtest.h>

namespace zq::auth {
namespace {

TEST(MaskPhone, MobileKeepsFirstThreeAndLastFour) {
  EXPECT_EQ(MaskPhone("13812341234"), "138****1234");
}

TEST(MaskPhone, OtherNumbersKeepOnlyTheLastFour) {
  EXPECT_EQ(MaskPhone("0531-88886666"), "*********6666");
  EXPECT_EQ(MaskPhone("12315"), "*2315");
  EXPECT_EQ(MaskPhone("110"), "***");
  EXPECT_EQ(MaskPhone(""), "");
}

TEST(MaskIdNumber, KeepsFirstSixAndLastFour) {
  EXPECT_EQ(MaskIdNumber("37010219900101123X"), "370102********123X");
  EXPECT_EQ(MaskIdNumber("370102900101123"), "370102*****1123");
  EXPECT_EQ(MaskIdNumber("AB123"), "A****");
}

TEST(MaskPersonName, KeepsTheSurnameCharacterOnly) {
  EXPECT_EQ(MaskPersonName("张三"), "张*");
  EXPECT_EQ(MaskPersonName("欧阳娜娜"), "欧***");
  EXPECT_EQ(MaskPersonName("李"), "*");
  EXPECT_EQ(MaskPersonName(""), "");
}

TEST(MaskAddress, KeepsTheFirstSixCharacters) {
  EXPECT_EQ(MaskAddress("山东省济南市历下区泉城路1号"), "山东省济南市****");
  EXPECT_EQ(MaskAddress("济南市"), "济南市");
}

TEST(Masking, InvalidUtf8NeverRevealsMoreThanTheRuleAllows) {
  const std::string broken = std::string("\xE5\xBC") + "secret";  // truncated 张
  std::string masked = MaskPersonName(broken);
  EXPECT_EQ(masked.find("secret"), std::string::npos);
}

}  // namespace
}  // namespace zq::auth
