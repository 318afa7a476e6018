#include "auth/password_policy.h"

#include <algorithm>
#include <array>
#include <set>
#include <string>

#include <fmt/format.h>

#include "auth/crypto.h"

namespace zq::auth {
namespace {

// Words and passwords that head every leaked list (SecLists' 10k most common, the Chinese lists
// of the CSDN and 12306 leaks), lower-case and with the usual substitutions undone. A password
// whose letters-only core is one of these, whatever digits or symbols surround it, is refused.
constexpr std::array<std::string_view, 48> kCommonWords = {
    "password", "passwd",   "pass",      "admin",    "administrator", "root",    "user",
    "login",    "welcome",  "letmein",   "qwerty",   "qwertyuiop",    "asdf",    "asdfgh",
    "zxcvbnm",  "iloveyou", "love",      "monkey",   "dragon",        "master",  "sunshine",
    "princess", "football", "baseball",  "shadow",   "superman",      "trustno", "changeme",
    "secret",   "test",     "guest",     "default",  "abc",           "abcd",    "abcdef",
    "qazwsx",   "woaini",   "wangyiyun", "zhiqiang", "china",         "beijing", "shanghai",
    "hello",    "summer",   "winter",    "spring",   "autumn",        "company"};

// Runs that people type instead of choosing: digits, the alphabet, and keyboard rows/columns.
constexpr std::array<std::string_view, 8> kSequences = {
    "01234567890", "abcdefghijklmnopqrstuvwxyz", "qwertyuiop",   "asdfghjkl",
    "zxcvbnm",     "1qaz2wsx3edc4rfv5tgb",       "qazwsxedcrfv", "!@#$%^&*()"};

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string ToLower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), Lower);
  return out;
}

// Undoes the substitutions that fool nobody (p@ssw0rd → password).
char Unleet(char c) {
  switch (c) {
    case '@':
    case '4':
      return 'a';
    case '0':
      return 'o';
    case '1':
    case '!':
      return 'i';
    case '3':
      return 'e';
    case '5':
    case '$':
      return 's';
    case '7':
      return 't';
    default:
      return Lower(c);
  }
}

bool IsLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool IsCommonWord(std::string_view core) {
  return std::find(kCommonWords.begin(), kCommonWords.end(), core) != kCommonWords.end();
}

// The password without what surrounds its first and last letter, lower-cased, with and without
// the substitutions undone: "P@ssw0rd123!" → "p@ssw0rd" and "password".
bool CoreIsCommon(std::string_view password) {
  // Substitutions inside the word count as letters: trim only what is outside both readings.
  std::string unleeted;
  for (char c : password) unleeted += Unleet(c);
  auto trimmed = [](std::string_view s, auto is_inner) {
    std::size_t b = 0, e = s.size();
    while (b < e && !is_inner(s[b])) ++b;
    while (e > b && !is_inner(s[e - 1])) --e;
    return std::string(s.substr(b, e - b));
  };
  const std::string plain = trimmed(ToLower(password), IsLetter);
  if (IsCommonWord(plain))
    return true;
  // The leet reading: digits and symbols at the ends are padding, not letters ("Passw0rd2026").
  std::size_t b = 0, e = password.size();
  while (b < e && !IsLetter(password[b])) ++b;
  while (e > b && !IsLetter(password[e - 1])) --e;
  const std::string core = unleeted.substr(b, e - b);
  return IsCommonWord(core) || IsCommonWord(trimmed(unleeted, IsLetter));
}

// Password123, Welcome2024!: one capitalised word, then digits, then at most one symbol.
bool IsWordThenDigits(std::string_view p) {
  std::size_t i = 0;
  if (i >= p.size() || !(p[i] >= 'A' && p[i] <= 'Z'))
    return false;
  ++i;
  const std::size_t word_start = i;
  while (i < p.size() && p[i] >= 'a' && p[i] <= 'z') ++i;
  if (i == word_start)
    return false;
  const std::size_t digits_start = i;
  while (i < p.size() && IsDigit(p[i])) ++i;
  if (i == digits_start)
    return false;
  return p.size() - i <= 1 && (i == p.size() || (!IsLetter(p[i]) && !IsDigit(p[i])));
}

// True when the password, lower-cased, is made of runs of four or more characters taken in
// order (either way) from one of the sequences, e.g. "abcd1234" or "1qaz2wsx3edc".
bool IsSequence(std::string_view password) {
  const std::string p = ToLower(password);
  std::size_t i = 0;
  while (i < p.size()) {
    std::size_t best = 0;
    for (std::string_view seq : kSequences) {
      for (int direction : {1, -1}) {
        const std::string s =
            direction == 1 ? std::string(seq) : std::string(seq.rbegin(), seq.rend());
        const std::size_t at = s.find(p[i]);
        if (at == std::string::npos)
          continue;
        std::size_t n = 0;
        while (i + n < p.size() && at + n < s.size() && s[at + n] == p[i + n]) ++n;
        best = std::max(best, n);
      }
    }
    if (best < 4)
      return false;
    i += best;
  }
  return true;
}

}  // namespace

Status CheckPasswordStrength(std::string_view password, std::string_view username,
                             std::size_t min_length) {
  std::size_t characters = 0;
  bool upper = false, lower = false, digit = false, symbol = false;
  for (char ch : password) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c & 0xC0) != 0x80)
      ++characters;
    if (c >= 'A' && c <= 'Z') {
      upper = true;
    } else if (c >= 'a' && c <= 'z') {
      lower = true;
    } else if (c >= '0' && c <= '9') {
      digit = true;
    } else {
      symbol = true;
    }
  }
  if (characters < min_length) {
    return Status::InvalidArgument(
        fmt::format("the password must have at least {} characters", min_length), "password");
  }
  if (int(upper) + int(lower) + int(digit) + int(symbol) < 3) {
    return Status::InvalidArgument(
        "the password must mix three of: upper-case letters, lower-case letters, digits, symbols",
        "password");
  }
  if (!username.empty() && ToLower(password).find(ToLower(username)) != std::string::npos) {
    return Status::InvalidArgument("the password must not contain the user name", "password");
  }
  const std::set<char> distinct(password.begin(), password.end());
  if (distinct.size() <= 3 || CoreIsCommon(password) || IsWordThenDigits(password) ||
      IsSequence(password)) {
    return Status::InvalidArgument(
        "the password is too easy to guess: a common word or pattern with digits added",
        "password");
  }
  return Status::Ok();
}

std::string OneTimePassword() {
  static constexpr std::string_view kChars =
      "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  const std::string raw = RandomBytes(14);
  std::string out = "Zq-";
  for (unsigned char c : raw) out += kChars[c % kChars.size()];
  return out + "-9a";
}

}  // namespace zq::auth
