#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace zq::ids {

// 物品编码 / 商品条码: GS1 GTIN-8, -12, -13 or -14 with the GS1 mod-10 check digit.
struct Gtin {
  std::string code;  // the digits as given (8, 12, 13 or 14)
  // The GTIN-14 form (left-padded with zeros), the key used for storage and lookups.
  std::string AsGtin14() const;
  // True when the GS1 prefix is 690-699 (GS1 China / 中国物品编码中心). For GTIN-13 and GTIN-14
  // only.
  bool IsChinesePrefix() const;
};

// Errors: kInvalidArgument, field "gtin": wrong length, non-digit, check digit expected X got Y.
Result<Gtin> ParseGtin(std::string_view text);

// The GS1 mod-10 check digit of the digits before it (any length 7-17).
Result<char> Gs1CheckDigit(std::string_view digits_without_check);

}  // namespace zq::ids
