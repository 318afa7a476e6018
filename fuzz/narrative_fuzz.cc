// libFuzzer target: the narrative scrubber (complaint/narrative_scrubber.h) on any bytes returns
// valid UTF-8 that scrubbing again leaves as it is, and leaves no run of nine or more digits but a
// 10-digit 400/800 service line.
#include <cstddef>
#include <cstdint>
#include <string>

#include <unicode/unistr.h>

#include "complaint/narrative_scrubber.h"
#include "core/result.h"

namespace {

int DigitOf(const icu::UnicodeString& s, std::int32_t i) {
  const UChar32 c = s.char32At(i);
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 0xFF10 && c <= 0xFF19)
    return c - 0xFF10;
  return -1;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const std::string names[] = {text.substr(0, 6)};
  const zq::complaint::ScrubbedNarrative once = zq::complaint::ScrubNarrative(text, names);
  const icu::UnicodeString decoded = icu::UnicodeString::fromUTF8(once.text);
  std::string round;
  decoded.toUTF8String(round);
  ZQ_CHECK(round == once.text);
  const zq::complaint::ScrubbedNarrative twice = zq::complaint::ScrubNarrative(once.text);
  ZQ_CHECK(twice.text == once.text);
  ZQ_CHECK(twice.Removed() == 0);
  std::string run;
  for (std::int32_t i = 0; i <= decoded.length(); i = decoded.moveIndex32(i, 1)) {
    const int d = i < decoded.length() ? DigitOf(decoded, i) : -1;
    if (d >= 0) {
      run += static_cast<char>('0' + d);
      continue;
    }
    ZQ_CHECK(run.size() < 9 ||
             (run.size() == 10 && (run.starts_with("400") || run.starts_with("800"))));
    run.clear();
    if (i == decoded.length())
      break;
  }
  return 0;
}
