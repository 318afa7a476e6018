#pragma once

#include <span>
#include <string>
#include <string_view>

// 叙述脱敏: the scrubbing of a complaint's narrative before it is published in the public complaint
// database (research/complaints-and-platforms.md §5, §7). The rules follow the Supreme People's
// Court's rule for judgments on line (keep the surname, the given name becomes 某; delete the
// address, phone, ID and bank account numbers) and the public default (addresses kept to
// the district), with CFPB's scrub classes for what else a narrative carries (e-mail addresses,
// account and order numbers). A removed item leaves a bracketed word saying what it was, so a
// reader knows something was taken out: [电话], [身份证号], [银行卡号], [号码], [邮箱], [详细地址].
//
// What it finds, in running Chinese text (digits ASCII or full-width, grouped by spaces or
// hyphens the way people write them):
// - mobile numbers (11 digits, 1[3-9]…, with or without +86) and landlines with their area code
//   (0…, 10-12 digits); a 7- or 8-digit number right after 电话/手机/座机/联系/拨打/号码/微信/tel;
//   10-digit 400/800 numbers are businesses' service lines and stay;
// - 居民身份证号码: 18 characters whose GB 11643-1999 check character holds, and the 15-digit
//   form whose birth date is a real date. An 18-digit number whose check fails is not called an
//   ID number, and goes as a long number (below);
// - bank cards: 16-19 digits whose Luhn check holds;
// - any other number of 9 or more digits (accounts, orders, waybills) as [号码]; dates such as
//   2024-05-01 and amounts stay;
// - e-mail addresses;
// - names: each of `known_names` (the case's complainant, agent, reporter; letters only, two or
//   more) wherever it occurs;
//   a name after 我叫/名叫/姓名：/联系人：/投诉人：/举报人：/委托人：/代理人：; a common surname
//   with a one- or two-character given name before a title (先生, 女士, 经理, 师傅, ...). Each
//   becomes the surname and 某 (张三 → 张某, 欧阳娜娜 → 欧阳某). Names written any other way are
//   not found: the scrubber is a rule set, not a recogniser of names;
// - addresses: a road, street or lane with a house number (泉城路188号3单元502室), or an estate
//   with a building number (阳光小区3号楼), from the start of the place name after the district
//   (区, 县, 旗 or 市, which stay) or after the verb before it (住在, 位于, 寄到).
//
// The output is valid UTF-8 (invalid input bytes become U+FFFD), and scrubbing it again changes
// nothing.
namespace zq::complaint {

struct ScrubbedNarrative {
  std::string text;
  int names = 0;
  int phones = 0;
  int id_numbers = 0;
  int bank_cards = 0;
  int other_numbers = 0;
  int emails = 0;
  int addresses = 0;

  int Removed() const {
    return names + phones + id_numbers + bank_cards + other_numbers + emails + addresses;
  }
};

ScrubbedNarrative ScrubNarrative(std::string_view text,
                                 std::span<const std::string> known_names = {});

}  // namespace zq::complaint
