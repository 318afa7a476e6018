// Scrubbing a narrative for publication (narrative_scrubber.h). The text is scanned as code points
// (ICU decodes it, replacing invalid bytes); each pass copies it with its finds replaced.
#include "complaint/narrative_scrubber.h"

#include <algorithm>
#include <array>
#include <optional>
#include <vector>

#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "complaint/internal/case_rows.h"

namespace zq::complaint {
namespace {

using Text = std::u32string;
using TextView = std::u32string_view;

constexpr TextView kPhoneToken = U"[电话]";
constexpr TextView kIdNumberToken = U"[身份证号]";
constexpr TextView kBankCardToken = U"[银行卡号]";
constexpr TextView kNumberToken = U"[号码]";
constexpr TextView kEmailToken = U"[邮箱]";
constexpr TextView kAddressToken = U"[详细地址]";
constexpr char32_t kSome = U'某';

// Common single-character surnames (the most frequent hundred or so, without 于, 向 and 和, which
// are far more often words). Only the title and marker rules use them.
constexpr TextView kSurnames =
    U"王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡蒋余杜叶程"
    U"苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    U"龚邵万钱严覃武戴莫孔汤常葛康伍乔庞樊殷施牛洪";
constexpr std::array<TextView, 24> kCompoundSurnames = {
    U"欧阳", U"司马", U"诸葛", U"上官", U"东方", U"皇甫", U"令狐", U"慕容",
    U"尉迟", U"公孙", U"长孙", U"宇文", U"司徒", U"夏侯", U"轩辕", U"端木",
    U"澹台", U"申屠", U"独孤", U"南宫", U"西门", U"呼延", U"赫连", U"钟离"};
constexpr std::array<TextView, 18> kTitles = {U"先生", U"女士", U"小姐", U"经理", U"师傅", U"老师",
                                              U"医生", U"律师", U"主任", U"阿姨", U"老板", U"店长",
                                              U"总监", U"科长", U"处长", U"局长", U"所长", U"大夫"};
constexpr std::array<TextView, 16> kNameMarkers = {U"我叫",     U"名叫",    U"姓名：",   U"姓名:",
                                                   U"联系人：", U"联系人:", U"投诉人：", U"投诉人:",
                                                   U"举报人：", U"举报人:", U"委托人：", U"委托人:",
                                                   U"代理人：", U"代理人:", U"患者：",   U"患者:"};
constexpr std::array<TextView, 13> kPhoneWords = {U"电话", U"手机", U"手机号", U"电话号", U"座机",
                                                  U"联系", U"拨打", U"号码",   U"致电",   U"微信",
                                                  U"tel",  U"Tel",  U"TEL"};
// Roads and estates, the word a house number follows (泉城路188号, 阳光小区3号楼).
constexpr std::array<TextView, 16> kPlaceWords = {
    U"大街", U"大道", U"路",   U"街",   U"巷",   U"胡同", U"弄", U"小区",
    U"花园", U"公寓", U"家园", U"新村", U"大厦", U"苑",   U"村", U"社区"};
// Where a place name starts: after the district (kept), or after the verb before it.
constexpr TextView kDistrictEnds = U"区县旗市";
constexpr TextView kAddressVerbs = U"在住于到至址往寄是";
constexpr TextView kUnitWords = U"号栋幢座单元楼层室户期门院";

bool IsHan(char32_t c) { return u_hasBinaryProperty(static_cast<UChar32>(c), UCHAR_IDEOGRAPHIC); }

int DigitValue(char32_t c) {
  if (c >= U'0' && c <= U'9')
    return static_cast<int>(c - U'0');
  if (c >= U'０' && c <= U'９')
    return static_cast<int>(c - U'０');
  return -1;
}

bool IsDigit(char32_t c) { return DigitValue(c) >= 0; }

bool IsSeparator(char32_t c) { return c == U' ' || c == U'-' || c == U'－' || c == U'\u3000'; }

bool IsAsciiLetter(char32_t c) { return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z'); }

bool IsCheckX(char32_t c) { return c == U'X' || c == U'x' || c == U'Ｘ'; }

bool In(TextView set, char32_t c) { return set.find(c) != TextView::npos; }

bool At(TextView t, std::size_t i, TextView word) { return t.substr(i, word.size()) == word; }

Text Decode(std::string_view utf8) {
  const icu::UnicodeString s = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<std::int32_t>(utf8.size())));
  Text out;
  out.reserve(static_cast<std::size_t>(s.length()));
  for (std::int32_t i = 0; i < s.length(); i = s.moveIndex32(i, 1))
    out.push_back(static_cast<char32_t>(s.char32At(i)));
  return out;
}

std::string Encode(TextView t) {
  icu::UnicodeString s;
  for (const char32_t c : t) s.append(static_cast<UChar32>(c));
  std::string out;
  s.toUTF8String(out);
  return out;
}

// ---- numbers ----------------------------------------------------------------------------

enum class NumberKind { kPhone, kIdNumber, kBankCard, kOther, kKeep };

bool LuhnHolds(std::string_view d) {
  int sum = 0;
  bool twice = false;
  for (auto it = d.rbegin(); it != d.rend(); ++it) {
    int v = *it - '0';
    if (twice && (v *= 2) > 9)
      v -= 9;
    sum += v;
    twice = !twice;
  }
  return sum % 10 == 0;
}

// The 15-digit 居民身份证号码 of before 1999: region, YYMMDD, sequence.
bool OldIdNumberShaped(std::string_view d) {
  if (d.size() != 15 || d[0] < '1' || d[0] > '8')
    return false;
  const int month = (d[8] - '0') * 10 + (d[9] - '0');
  const int day = (d[10] - '0') * 10 + (d[11] - '0');
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

bool IsMobile(std::string_view d) {
  if (d.size() == 13 && d.starts_with("86"))
    d.remove_prefix(2);
  return d.size() == 11 && d[0] == '1' && d[1] >= '3';
}

struct DigitGroup {
  std::size_t begin = 0;
  std::size_t end = 0;  // one past the last digit
  std::string digits;   // ASCII
};

// What the digits of groups [first, last] are, written as those groups. A number written in one
// group may be anything below; one written in several (138 1234 5678, 6222-0212-...) only what
// people group that way, so that a date and a time next to each other stay.
std::optional<NumberKind> Classify(std::span<const DigitGroup> groups, bool check_x,
                                   TextView before) {
  std::string d;
  for (const DigitGroup& g : groups) d += g.digits;
  const bool one = groups.size() == 1;
  if (check_x)
    return d.size() == 17 && internal::ValidIdNumber(d + "X") ? NumberKind::kIdNumber
                                                              : NumberKind::kOther;
  if (d.size() == 18 && internal::ValidIdNumber(d))
    return NumberKind::kIdNumber;
  if (one && OldIdNumberShaped(d))
    return NumberKind::kIdNumber;
  if (IsMobile(d))
    return NumberKind::kPhone;
  const std::size_t area = groups.front().digits.size();
  if (d.size() >= 10 && d.size() <= 12 && d[0] == '0' && d[1] != '0' &&
      (one || area == 3 || area == 4))
    return NumberKind::kPhone;
  if (d.size() == 10 && (d.starts_with("400") || d.starts_with("800")))
    return NumberKind::kKeep;
  // Cards and accounts are written in fours (6222 0202 0011 2233 446).
  const bool fours =
      groups.size() >= 4 && std::all_of(groups.begin(), groups.end() - 1,
                                        [](const DigitGroup& g) { return g.digits.size() == 4; });
  if (d.size() >= 16 && d.size() <= 19 && LuhnHolds(d) && (one || fours))
    return NumberKind::kBankCard;
  if (!one)
    return fours && d.size() >= 16 ? std::optional(NumberKind::kOther) : std::nullopt;
  if (d.size() >= 9)
    return NumberKind::kOther;
  if (d.size() >= 7) {
    // Right after the word: 电话88886666, 手机号：1234567, 座机是 1234567.
    TextView near = before;
    for (int skip = 0; skip < 3 && !near.empty() && In(U" :：是为\u3000", near.back()); ++skip)
      near.remove_suffix(1);
    for (const TextView word : kPhoneWords) {
      if (near.ends_with(word))
        return NumberKind::kPhone;
    }
  }
  return std::nullopt;
}

// ---- the scrubber ---------------------------------------------------------------------------

class Scrubber {
 public:
  explicit Scrubber(std::string_view text) : text_(Decode(text)) {}

  ScrubbedNarrative Run(std::span<const std::string> known_names) {
    Emails();
    Numbers();
    KnownNames(known_names);
    MarkedNames();
    TitledNames();
    Addresses();
    out_.text = Encode(text_);
    return std::move(out_);
  }

 private:
  void Emails() {
    Text next;
    std::size_t copied = 0;
    const auto local = [](char32_t c) {
      return IsAsciiLetter(c) || (c >= U'0' && c <= U'9') || In(U"._%+-", c);
    };
    const auto domain = [](char32_t c) {
      return IsAsciiLetter(c) || (c >= U'0' && c <= U'9') || c == U'.' || c == U'-';
    };
    for (std::size_t at = 0; at < text_.size(); ++at) {
      if (text_[at] != U'@' || at < copied)
        continue;
      std::size_t begin = at;
      while (begin > copied && local(text_[begin - 1])) --begin;
      std::size_t end = at + 1;
      while (end < text_.size() && domain(text_[end])) ++end;
      while (end > at + 1 && text_[end - 1] == U'.')  // the sentence's full stop
        --end;
      const TextView host = TextView(text_).substr(at + 1, end - at - 1);
      const std::size_t dot = host.rfind(U'.');
      if (begin == at || dot == TextView::npos || dot == 0 || dot + 1 >= host.size())
        continue;
      next.append(text_, copied, begin - copied).append(kEmailToken);
      copied = end;
      ++out_.emails;
    }
    Replace(next, copied);
  }

  void Numbers() {
    Text next;
    std::size_t copied = 0;
    std::size_t i = 0;
    while (i < text_.size()) {
      if (!IsDigit(text_[i])) {
        ++i;
        continue;
      }
      std::vector<DigitGroup> groups;
      std::size_t end = i;
      while (true) {
        DigitGroup g{.begin = end};
        while (end < text_.size() && IsDigit(text_[end]))
          g.digits += static_cast<char>('0' + DigitValue(text_[end++]));
        g.end = end;
        groups.push_back(std::move(g));
        if (end + 1 < text_.size() && IsSeparator(text_[end]) && IsDigit(text_[end + 1]))
          ++end;
        else
          break;
      }
      std::size_t k = 0;
      while (k < groups.size()) {
        bool matched = false;
        for (std::size_t last = std::min(groups.size() - 1, k + 4) + 1; last-- > k;) {
          const std::size_t after = groups[last].end;
          const bool x = after < text_.size() && IsCheckX(text_[after]) &&
                         (after + 1 >= text_.size() || !IsAsciiLetter(text_[after + 1]));
          const std::span<const DigitGroup> span(groups.data() + k, last - k + 1);
          const TextView before = TextView(text_).substr(0, groups[k].begin);
          std::optional<NumberKind> kind = Classify(span, false, before);
          bool take_x = false;
          if (x && (!kind || *kind != NumberKind::kIdNumber)) {
            std::size_t digits = 0;
            for (const DigitGroup& g : span) digits += g.digits.size();
            if (digits == 17) {
              kind = Classify(span, true, before);
              take_x = true;
            }
          }
          if (!kind)
            continue;
          matched = true;
          if (*kind != NumberKind::kKeep) {
            std::size_t begin = groups[k].begin;
            if (begin > copied && text_[begin - 1] == U'+')  // +86
              --begin;
            next.append(text_, copied, begin - copied).append(Token(*kind));
            copied = after + (take_x ? 1 : 0);
          }
          k = last + 1;
          break;
        }
        if (!matched)
          ++k;
      }
      i = std::max(end, copied);
    }
    Replace(next, copied);
  }

  TextView Token(NumberKind kind) {
    switch (kind) {
      case NumberKind::kPhone:
        ++out_.phones;
        return kPhoneToken;
      case NumberKind::kIdNumber:
        ++out_.id_numbers;
        return kIdNumberToken;
      case NumberKind::kBankCard:
        ++out_.bank_cards;
        return kBankCardToken;
      case NumberKind::kOther:
      case NumberKind::kKeep:
        break;
    }
    ++out_.other_numbers;
    return kNumberToken;
  }

  // The length of the surname that `name` starts with (a compound one, or one character).
  static std::size_t SurnameLength(TextView name) {
    for (const TextView compound : kCompoundSurnames) {
      if (name.starts_with(compound))
        return compound.size();
    }
    return 1;
  }

  static bool IsSurname(char32_t c) { return In(kSurnames, c); }

  static bool StartsWithTitle(TextView t) {
    return std::any_of(kTitles.begin(), kTitles.end(),
                       [&](TextView title) { return t.starts_with(title); });
  }

  void KnownNames(std::span<const std::string> names) {
    std::vector<Text> sorted;
    for (const std::string& n : names) {
      Text name = Decode(n);
      std::erase_if(name, [](char32_t c) { return c == U' ' || c == U'\u3000' || c == U'·'; });
      const bool letters = std::all_of(name.begin(), name.end(), [](char32_t c) {
        return u_isalpha(static_cast<UChar32>(c)) != 0;
      });
      if (letters && name.size() >= 2 && name.size() <= 12)
        sorted.push_back(std::move(name));
    }
    std::sort(sorted.begin(), sorted.end(),
              [](const Text& a, const Text& b) { return a.size() > b.size(); });
    for (const Text& name : sorted) {
      Text masked = name.substr(0, std::min(SurnameLength(name), name.size() - 1));
      masked.push_back(kSome);
      if (masked == name)
        continue;
      Text next;
      std::size_t copied = 0;
      for (std::size_t at = text_.find(name); at != Text::npos; at = text_.find(name, copied)) {
        next.append(text_, copied, at - copied).append(masked);
        copied = at + name.size();
        ++out_.names;
      }
      Replace(next, copied);
    }
  }

  // A name after 我叫, 姓名：, 投诉人：, ...: the surname and 某, or 某某 when the name does not
  // start with a common surname.
  void MarkedNames() {
    Text next;
    std::size_t copied = 0;
    for (std::size_t i = 0; i < text_.size(); ++i) {
      const auto marker = std::find_if(kNameMarkers.begin(), kNameMarkers.end(),
                                       [&](TextView m) { return At(text_, i, m); });
      if (marker == kNameMarkers.end())
        continue;
      std::size_t begin = i + marker->size();
      while (begin < text_.size() && (text_[begin] == U' ' || text_[begin] == U'\u3000')) ++begin;
      const TextView rest = TextView(text_).substr(begin);
      if (rest.empty() || !IsHan(rest[0]) || rest[0] == kSome || StartsWithTitle(rest))
        continue;
      std::size_t surname = SurnameLength(rest);
      if (surname == 1 && !IsSurname(rest[0]))
        surname = 0;
      std::size_t end = begin + surname;
      const std::size_t given_max = surname == 0 ? 3 : 2;
      while (end < text_.size() && end - begin - surname < given_max && IsHan(text_[end]) &&
             !StartsWithTitle(TextView(text_).substr(end)))
        ++end;
      if (end == begin + surname || text_[begin + surname] == kSome)
        continue;
      next.append(text_, copied, begin - copied).append(text_, begin, surname);
      next.append(surname == 0 ? Text(2, kSome) : Text(1, kSome));
      copied = end;
      i = end - 1;
      ++out_.names;
    }
    Replace(next, copied);
  }

  // A surname with a one- or two-character given name before a title: 王小明先生 → 王某先生.
  void TitledNames() {
    Text next;
    std::size_t copied = 0;
    for (std::size_t p = 0; p < text_.size(); ++p) {
      if (!StartsWithTitle(TextView(text_).substr(p)))
        continue;
      const auto name_at = [&](std::size_t length, std::size_t surname) {
        if (p < length || p - length < copied)
          return false;
        const TextView name = TextView(text_).substr(p - length, length);
        if (!std::all_of(name.begin(), name.end(), IsHan) ||
            name.substr(surname).find(kSome) != TextView::npos)
          return false;
        return surname == 2 ? SurnameLength(name) == 2 : IsSurname(name[0]);
      };
      std::size_t length = 0;
      std::size_t surname = 1;
      // (name length, surname length), longest first: 欧阳娜娜, 欧阳娜, 王小明, 王明.
      static constexpr std::array<std::pair<std::size_t, std::size_t>, 4> kShapes = {
          {{4, 2}, {3, 2}, {3, 1}, {2, 1}}};
      for (const auto& [l, s] : kShapes) {
        if (name_at(l, s)) {
          length = l;
          surname = s;
          break;
        }
      }
      if (length == 0)
        continue;
      const std::size_t begin = p - length;
      next.append(text_, copied, begin + surname - copied).push_back(kSome);
      copied = p;
      ++out_.names;
    }
    Replace(next, copied);
  }

  // The end of a house number after a road or an estate at `i` (digits, then 号/栋/单元/室...),
  // or nullopt when none follows.
  std::optional<std::size_t> HouseNumberEnd(std::size_t i) const {
    while (i < text_.size() && text_[i] == U' ') ++i;
    const std::size_t digits = i;
    while (i < text_.size() && (IsDigit(text_[i]) || text_[i] == U'-' || text_[i] == U'－')) ++i;
    if (i == digits || i >= text_.size() || !In(kUnitWords, text_[i]))
      return std::nullopt;
    while (i < text_.size() && (IsDigit(text_[i]) || In(kUnitWords, text_[i]) || text_[i] == U'-' ||
                                text_[i] == U'－' || IsAsciiLetter(text_[i])))
      ++i;
    return i;
  }

  void Addresses() {
    Text next;
    std::size_t copied = 0;
    std::size_t last_end = Text::npos;
    for (std::size_t i = 0; i < text_.size(); ++i) {
      const auto place = std::find_if(kPlaceWords.begin(), kPlaceWords.end(),
                                      [&](TextView w) { return At(text_, i, w); });
      const std::size_t word = place == kPlaceWords.end() ? 0 : place->size();
      if (word == 0 || i == 0 || !IsHan(text_[i - 1]))
        continue;
      const std::optional<std::size_t> end = HouseNumberEnd(i + word);
      if (!end)
        continue;
      // The place name's start: back over Chinese characters (at most 12), then forward past
      // the last district word or verb among them.
      std::size_t begin = i;
      while (begin > copied && i - begin < 12 && IsHan(text_[begin - 1])) --begin;
      for (const TextView stops : {kDistrictEnds, kAddressVerbs}) {
        const std::size_t at = TextView(text_).substr(begin, i - begin).find_last_of(stops);
        if (at != TextView::npos) {
          begin += at + 1;
          break;
        }
      }
      if (begin == last_end) {  // runs on from the last one: 泉城路188号阳光小区3号楼
        copied = *end;
      } else {
        next.append(text_, copied, begin - copied).append(kAddressToken);
        copied = *end;
        ++out_.addresses;
      }
      last_end = *end;
      i = *end - 1;
    }
    Replace(next, copied);
  }

  void Replace(Text& next, std::size_t copied) {
    if (copied == 0 && next.empty())
      return;
    next.append(text_, copied);
    text_ = std::move(next);
  }

  Text text_;
  ScrubbedNarrative out_;
};

}  // namespace

ScrubbedNarrative ScrubNarrative(std::string_view text, std::span<const std::string> known_names) {
  return Scrubber(text).Run(known_names);
}

}  // namespace zq::complaint
