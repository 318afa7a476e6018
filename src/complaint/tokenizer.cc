// Word segmentation with ICU (tokenizer.h).
#include "complaint/tokenizer.h"

#include <fmt/format.h>
#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "core/status.h"

namespace zq::complaint {
namespace {

constexpr std::string_view kName = "icu-word";
constexpr std::string_view kBigramsSuffix = "+bigrams";

// A digit run becomes "#": the number itself rarely tells the object, and collapsing keeps the
// vocabulary small ("3天", "15天" are one word to the model).
std::string CollapseDigits(const std::string& word) {
  std::string out;
  out.reserve(word.size());
  for (std::size_t i = 0; i < word.size(); ++i) {
    if (word[i] >= '0' && word[i] <= '9') {
      if (out.empty() || out.back() != '#')
        out.push_back('#');
      while (i + 1 < word.size() && word[i + 1] >= '0' && word[i + 1] <= '9') ++i;
      continue;
    }
    out.push_back(word[i]);
  }
  return out;
}

}  // namespace

Tokenizer::Tokenizer(std::unique_ptr<icu::BreakIterator> words, const icu::Normalizer2& nfkc,
                     WordBigrams bigrams)
    : words_(std::move(words)), nfkc_(&nfkc), bigrams_(bigrams) {}

Tokenizer::Tokenizer(Tokenizer&&) noexcept = default;
Tokenizer& Tokenizer::operator=(Tokenizer&&) noexcept = default;
Tokenizer::~Tokenizer() = default;

Result<Tokenizer> Tokenizer::Create(WordBigrams bigrams) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> words(
      icu::BreakIterator::createWordInstance(icu::Locale::getChinese(), status));
  if (U_FAILURE(status) || words == nullptr)
    return Status::Internal(fmt::format("ICU word break iterator: {}", u_errorName(status)));
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  if (U_FAILURE(status) || nfkc == nullptr)
    return Status::Internal(fmt::format("ICU NFKC normaliser: {}", u_errorName(status)));
  return Tokenizer(std::move(words), *nfkc, bigrams);
}

Result<Tokenizer> Tokenizer::Named(std::string_view name) {
  if (name == kName)
    return Create(WordBigrams::kNo);
  if (name.starts_with(kName) && name.substr(kName.size()) == kBigramsSuffix)
    return Create(WordBigrams::kYes);
  return Status::InvalidArgument(fmt::format("unknown tokenizer \"{}\" (this zq knows {} and {}{})",
                                             name, kName, kName, kBigramsSuffix),
                                 "tokenizer");
}

std::string Tokenizer::Name() const {
  return bigrams_ == WordBigrams::kYes ? fmt::format("{}{}", kName, kBigramsSuffix)
                                       : std::string(kName);
}

std::vector<std::string> Tokenizer::Tokens(std::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::UnicodeString raw = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  const icu::UnicodeString normal = nfkc_->normalize(raw, status);
  // Normalising valid UTF-16 fails only for want of memory.
  ZQ_CHECK(U_SUCCESS(status));
  words_->setText(normal);
  std::vector<std::string> out;
  int32_t start = words_->first();
  for (int32_t end = words_->next(); end != icu::BreakIterator::DONE;
       start = end, end = words_->next()) {
    const int32_t rule = words_->getRuleStatus();
    // UBRK_WORD_NONE (0–99): spaces, punctuation, symbols.
    if (rule < UBRK_WORD_NUMBER)
      continue;
    icu::UnicodeString word(normal, start, end - start);
    // ICU marks a word ending in digits ("iPhone15") a number too: a number is digits alone.
    bool letters = false;
    for (int32_t i = 0; i < word.length() && !letters; ++i) letters = u_isalpha(word.charAt(i));
    if (rule < UBRK_WORD_NUMBER_LIMIT && !letters) {
      out.emplace_back("#");
      continue;
    }
    if (rule < UBRK_WORD_LETTER_LIMIT)
      word.toLower(icu::Locale::getRoot());
    std::string utf8;
    word.toUTF8String(utf8);
    out.push_back(CollapseDigits(utf8));
  }
  return bigrams_ == WordBigrams::kYes ? WithBigrams(out) : out;
}

std::vector<std::string> WithBigrams(std::span<const std::string> words) {
  std::vector<std::string> out(words.begin(), words.end());
  for (std::size_t i = 0; i + 1 < words.size(); ++i) out.push_back(words[i] + "|" + words[i + 1]);
  return out;
}

}  // namespace zq::complaint
