#pragma once

#include <string>
#include <string_view>

// Masking of personal data (个人信息) for callers who may not see it in full (PIPL; GB/T 35273).
// Each function works on UTF-8 code points, never splits a character, and never returns more of
// the value than its rule allows, whatever the input looks like.
namespace zq::auth {

// 手机号: keep the first 3 and last 4 digits of an 11-digit mobile number (138****1234). Other
// phone numbers keep only their last 4 characters.
std::string MaskPhone(std::string_view phone);

// 身份证号: keep the first 6 and the last 4 characters (370102********1234). Shorter values keep
// only their first character.
std::string MaskIdNumber(std::string_view id_number);

// 姓名: keep the first character, one '*' for each other (张三 → 张*, 欧阳娜娜 → 欧***).
std::string MaskPersonName(std::string_view name);

// 地址: keep the first 6 characters (province, city, usually the district), then "****".
std::string MaskAddress(std::string_view address);

}  // namespace zq::auth
