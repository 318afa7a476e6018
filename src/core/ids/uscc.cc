#include "core/ids/uscc.h"

#include <array>

#include <fmt/format.h>

#include "core/ids/org_code.h"

namespace zq::ids {
namespace {

// GB 32100-2015 §4.2: the 31 code characters, in value order (no I, O, S, V, Z).
constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

// GB 32100-2015 §4.3: W_i = 3^(i-1) mod 31.
constexpr std::array<int, 17> kUsccWeights = {1,  3,  9,  27, 19, 26, 16, 17, 20,
                                              29, 25, 13, 8,  24, 10, 30, 28};

// Legal codes issued by early Fujian/Xiamen pilots before the check was enforced; they fail
// the check character yet identify real entities (research/credit-and-supervision.md §6.1,
// after aarioai/id-rule). Accepted as they are; no others.
constexpr std::array<std::string_view, 2> kLegacyPilotCodes = {"91350100M0001TGQXM",
                                                               "91350203M0001QAY9B"};

struct Kind {
  char code;
  std::string_view name;
};

struct Authority {
  char code;
  std::string_view name;
  std::array<Kind, 6> kinds;  // entity types under it; unused slots have code 0
};

// GB 32100-2015 Appendix A (登记管理部门代码 and 机构类别代码), as tabulated in
// ntnyq/uscc-utils `src/constants.ts` (research/credit-and-supervision.md §6.1).
constexpr std::array<Authority, 12> kAuthorities = {{
    {'1',
     "机构编制",
     {{{'1', "机关"},
       {'2', "事业单位"},
       {'3', "中央编办直接管理机构编制的群众团体"},
       {'9', "其他"}}}},
    {'2', "外交", {{{'1', "外国常驻新闻机构"}, {'9', "其他"}}}},
    {'3',
     "司法行政",
     {{{'1', "律师执业机构"},
       {'2', "公证处"},
       {'3', "基层法律服务所"},
       {'4', "司法鉴定机构"},
       {'5', "仲裁委员会"},
       {'9', "其他"}}}},
    {'4', "文化", {{{'1', "外国在华文化中心"}, {'9', "其他"}}}},
    {'5', "民政", {{{'1', "社会团体"}, {'2', "民办非企业单位"}, {'3', "基金会"}, {'9', "其他"}}}},
    {'6',
     "旅游",
     {{{'1', "外国旅游部门常驻代表机构"},
       {'2', "港澳台地区旅游部门常驻内地（大陆）代表机构"},
       {'9', "其他"}}}},
    {'7', "宗教", {{{'1', "宗教活动场所"}, {'2', "宗教院校"}, {'9', "其他"}}}},
    {'8', "工会", {{{'1', "基层工会"}, {'9', "其他"}}}},
    {'9', "工商", {{{'1', "企业"}, {'2', "个体工商户"}, {'3', "农民专业合作社"}}}},
    {'A', "中央军委改革和编制办公室", {{{'1', "军队事业单位"}, {'9', "其他"}}}},
    {'N',
     "农业",
     {{{'1', "组级集体经济组织"},
       {'2', "村级集体经济组织"},
       {'3', "乡镇级集体经济组织"},
       {'9', "其他"}}}},
    {'Y', "其他", {{{'1', "其他"}}}},
}};

const Authority* FindAuthority(char c) {
  for (const Authority& a : kAuthorities) {
    if (a.code == c)
      return &a;
  }
  return nullptr;
}

const Kind* FindKind(const Authority& a, char c) {
  for (const Kind& k : a.kinds) {
    if (k.code != 0 && k.code == c)
      return &k;
  }
  return nullptr;
}

int UsccCharValue(char c) {
  const std::size_t pos = kAlphabet.find(c);
  return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}

std::string Normalise(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z')
      c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

Status InvalidUscc(std::string message) {
  return Status::InvalidArgument(std::move(message), "uscc");
}

}  // namespace

std::string_view Uscc::RegistrationAuthorityName() const {
  const Authority* a = FindAuthority(registration_authority);
  return a ? a->name : std::string_view();
}

std::string_view Uscc::EntityTypeName() const {
  const Authority* a = FindAuthority(registration_authority);
  if (a == nullptr)
    return {};
  const Kind* k = FindKind(*a, entity_type);
  return k ? k->name : std::string_view();
}

Result<char> UsccCheckCharacter(std::string_view first17) {
  if (first17.size() != 17)
    return InvalidUscc("need the first 17 characters");
  int sum = 0;
  for (std::size_t i = 0; i < 17; ++i) {
    const int v = UsccCharValue(first17[i]);
    if (v < 0) {
      return InvalidUscc(
          fmt::format("character {} ('{}') is not a USCC character (0-9, A-Y without "
                      "I, O, S, V, Z)",
                      i + 1, first17[i]));
    }
    sum += v * kUsccWeights[i];
  }
  // GB 32100-2015 §4.3: C18 = 31 - (sum mod 31), with 31 written as 0.
  return kAlphabet[static_cast<std::size_t>((31 - sum % 31) % 31)];
}

Result<Uscc> ParseUscc(std::string_view text) {
  const std::string code = Normalise(text);
  if (code.empty())
    return InvalidUscc("the USCC is empty");
  if (code.size() != 18) {
    return InvalidUscc(fmt::format("a USCC has 18 characters, this has {}", code.size()));
  }
  for (std::size_t i = 0; i < code.size(); ++i) {
    if (UsccCharValue(code[i]) < 0) {
      return InvalidUscc(
          fmt::format("character {} ('{}') is not a USCC character (0-9, A-Y without "
                      "I, O, S, V, Z)",
                      i + 1, code[i] < 0x20 || code[i] > 0x7e ? '?' : code[i]));
    }
  }
  Uscc u;
  u.code = code;
  u.registration_authority = code[0];
  u.entity_type = code[1];
  u.region_code = code.substr(2, 6);
  u.org_code = code.substr(8, 9);
  for (std::string_view legacy : kLegacyPilotCodes) {
    if (code == legacy)
      return u;
  }
  const Authority* authority = FindAuthority(u.registration_authority);
  if (authority == nullptr) {
    return InvalidUscc(
        fmt::format("'{}' is not a registration authority code (position 1)", code[0]));
  }
  if (FindKind(*authority, u.entity_type) == nullptr) {
    return InvalidUscc(fmt::format("'{}' is not an entity type under authority {} {} (position 2)",
                                   code[1], code[0], authority->name));
  }
  for (char c : u.region_code) {
    if (c < '0' || c > '9')
      return InvalidUscc("positions 3-8 must be a six-digit region code");
  }
  if (u.region_code < "100000" || u.region_code > "829999") {
    return InvalidUscc("positions 3-8 are not a GB/T 2260 region code");
  }
  ZQ_ASSIGN_OR_RETURN(char check, UsccCheckCharacter(std::string_view(code).substr(0, 17)));
  if (check != code[17]) {
    return InvalidUscc(fmt::format("check character should be '{}', not '{}'", check, code[17]));
  }
  Result<std::string> org = ParseOrgCode(u.org_code);
  if (!org.ok()) {
    return InvalidUscc("positions 9-17 are not a valid organisation code: " +
                       org.status().message());
  }
  return u;
}

Result<std::string> ComposeUscc(std::string_view head8, std::string_view org_body8) {
  if (head8.size() != 8)
    return Status::InvalidArgument("a USCC's head is 8 characters", "uscc");
  ZQ_ASSIGN_OR_RETURN(const char org_check, OrgCodeCheckCharacter(org_body8));
  std::string code = fmt::format("{}{}{}", head8, org_body8, org_check);
  ZQ_ASSIGN_OR_RETURN(const char check, UsccCheckCharacter(code));
  return code + check;
}

}  // namespace zq::ids
