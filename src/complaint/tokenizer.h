#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <unicode/uversion.h>

#include "core/result.h"

// `icu` is an alias of ICU's versioned namespace (icu_72), so the forward declarations go there.
U_NAMESPACE_BEGIN
class BreakIterator;
class Normalizer2;
U_NAMESPACE_END

// 分词: the words of a complaint's text for the trainable classifier (text_classifier.h).
namespace zq::complaint {

// Whether the tokens also hold each pair of adjacent words ("手机|坏了").
enum class WordBigrams { kNo, kYes };

// Splits UTF-8 text into words with ICU's word break iterator, whose dictionary segments Chinese
// (ICU's CJ dictionary, not jieba's): the text is NFKC-normalised first (full-width letters and
// digits become ASCII), spaces, punctuation and symbols are dropped, Latin words are lower-cased,
// and digits are collapsed: a number is "#", a digit run inside a word is "#" ("iphone15" →
// "iphone#"). No token holds white space or "|". Made by Create (an object is always usable);
// not thread-safe (it keeps one iterator): one per thread.
class Tokenizer {
 public:
  // kInternal when ICU cannot open its word break rules (a broken ICU data library).
  static Result<Tokenizer> Create(WordBigrams bigrams = WordBigrams::kNo);
  // The tokenizer a model names (Name()): kInvalidArgument (field "tokenizer") for another name.
  static Result<Tokenizer> Named(std::string_view name);

  Tokenizer(Tokenizer&&) noexcept;
  Tokenizer& operator=(Tokenizer&&) noexcept;
  ~Tokenizer();

  // "icu-word" or "icu-word+bigrams", as a model file records it.
  std::string Name() const;

  // The words of `text` in order (then the bigrams, with kYes). Invalid UTF-8 becomes U+FFFD,
  // which is dropped as a symbol; callers refuse such text before (core/csv.h IsValidUtf8).
  std::vector<std::string> Tokens(std::string_view text);

 private:
  Tokenizer(std::unique_ptr<icu::BreakIterator> words, const icu::Normalizer2& nfkc,
            WordBigrams bigrams);

  std::unique_ptr<icu::BreakIterator> words_;
  const icu::Normalizer2* nfkc_;  // ICU's singleton, never null
  WordBigrams bigrams_;
};

// `words` followed by each adjacent pair joined by "|" (what WordBigrams::kYes adds).
std::vector<std::string> WithBigrams(std::span<const std::string> words);

}  // namespace zq::complaint
