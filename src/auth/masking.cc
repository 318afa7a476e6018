#include "auth/masking.h"

#include <vector>

namespace zq::auth {
namespace {

// Splits UTF-8 text into code points; an invalid byte stands alone so that nothing is lost or
// read past the end.
std::vector<std::string_view> CodePoints(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t len = 1;
    if (lead >= 0xF0 && lead <= 0xF4) {
      len = 4;
    } else if (lead >= 0xE0) {
      len = 3;
    } else if (lead >= 0xC2 && lead <= 0xDF) {
      len = 2;
    }
    if (i + len > text.size())
      len = 1;
    out.push_back(text.substr(i, len));
    i += len;
  }
  return out;
}

std::string KeepEnds(std::string_view text, std::size_t head, std::size_t tail) {
  const std::vector<std::string_view> cps = CodePoints(text);
  std::string out;
  for (std::size_t i = 0; i < cps.size(); ++i) {
    if (i < head || i + tail >= cps.size()) {
      out += cps[i];
    } else {
      out += '*';
    }
  }
  return out;
}

bool IsMobileNumber(std::string_view phone) {
  if (phone.size() != 11 || phone[0] != '1')
    return false;
  for (char c : phone) {
    if (c < '0' || c > '9')
      return false;
  }
  return true;
}

}  // namespace

std::string MaskPhone(std::string_view phone) {
  if (IsMobileNumber(phone))
    return KeepEnds(phone, 3, 4);
  const std::size_t n = CodePoints(phone).size();
  return n <= 4 ? std::string(n, '*') : KeepEnds(phone, 0, 4);
}

std::string MaskIdNumber(std::string_view id_number) {
  const std::size_t n = CodePoints(id_number).size();
  if (n >= 15)
    return KeepEnds(id_number, 6, 4);
  return n <= 1 ? std::string(n, '*') : KeepEnds(id_number, 1, 0);
}

std::string MaskPersonName(std::string_view name) {
  const std::size_t n = CodePoints(name).size();
  if (n <= 1)
    return std::string(n, '*');
  return KeepEnds(name, 1, 0);
}

std::string MaskAddress(std::string_view address) {
  const std::vector<std::string_view> cps = CodePoints(address);
  std::string out;
  for (std::size_t i = 0; i < cps.size() && i < 6; ++i) out += cps[i];
  if (cps.size() > 6)
    out += "****";
  return out;
}

}  // namespace zq::auth
