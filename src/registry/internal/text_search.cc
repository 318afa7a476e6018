#include "registry/internal/text_search.h"

#include <fmt/format.h>

namespace zq::registry::internal {
namespace {

using store::Value;

bool Indexed(std::string_view word) { return CharCount(word) >= kIndexedWordChars; }

bool AnyIndexed(const std::vector<std::string>& words) {
  for (const std::string& w : words) {
    if (Indexed(w))
      return true;
  }
  return false;
}

// An FTS5 string: the word in double quotes, quotes inside doubled.
std::string FtsString(std::string_view word) {
  std::string out = "\"";
  for (char c : word) {
    out += c;
    if (c == '"')
      out += '"';
  }
  return out + "\"";
}

// A LIKE pattern matching `word` anywhere (PostgreSQL's default escape character, \).
std::string ContainsPattern(std::string_view word) {
  std::string out = "%";
  for (char c : word) {
    if (c == '%' || c == '_' || c == '\\')
      out += '\\';
    out += c;
  }
  return out + "%";
}

// The words of both fields, and whether the index answers them.
struct TextQuery {
  std::vector<std::string> name;
  std::vector<std::string> address;
  bool indexed = false;  // some word of either has three characters or more
};

TextQuery QueryOf(const EntityFilter& f) {
  TextQuery q{SplitWords(f.name_contains), SplitWords(f.address_contains), false};
  q.indexed = AnyIndexed(q.name) || AnyIndexed(q.address);
  return q;
}

}  // namespace

std::vector<std::string> SplitWords(std::string_view query) {
  constexpr std::string_view kIdeographicSpace = "\u3000";
  std::vector<std::string> out;
  std::string word;
  for (std::size_t i = 0; i < query.size();) {
    const char c = query[i];
    // ASCII controls (NUL included) separate words too: no name holds one, and an FTS5 string
    // ends at a NUL ("unterminated string"; found by fuzz/api_request_fuzz.cc).
    const bool ascii_space = c == ' ' || (static_cast<unsigned char>(c) < 0x20) || c == 0x7f;
    if (ascii_space || query.substr(i).starts_with(kIdeographicSpace)) {
      if (!word.empty())
        out.push_back(std::move(word));
      word.clear();
      i += ascii_space ? 1 : kIdeographicSpace.size();
      continue;
    }
    word += c;
    ++i;
  }
  if (!word.empty())
    out.push_back(std::move(word));
  return out;
}

std::size_t CharCount(std::string_view utf8) {
  std::size_t n = 0;
  for (char c : utf8) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80)
      ++n;
  }
  return n;
}

Status AddTextConditions(store::Transaction& tx, const EntityFilter& filter, Where& w) {
  const TextQuery q = QueryOf(filter);
  if (q.name.empty() && q.address.empty())
    return Status::Ok();
  const bool sqlite = tx.backend() == store::Backend::kSqlite;
  if (!q.indexed && q.name.empty()) {
    return Status::InvalidArgument(
        "an address search needs a word of three characters or more "
        "(地址检索至少需要一个三字以上的词)",
        "address");
  }
  if (q.indexed && sqlite) {
    // One MATCH of the FTS5 index for every long word of both fields.
    std::string match;
    auto add = [&match](std::string_view column, const std::vector<std::string>& words) {
      for (const std::string& word : words) {
        if (!Indexed(word))
          continue;
        match += fmt::format("{}{} : {}", match.empty() ? "" : " AND ", column, FtsString(word));
      }
    };
    add("name", q.name);
    add("address", q.address);
    w.sql +=
        " AND uscc IN (SELECT entity_search_keys.uscc FROM entity_search JOIN entity_search_keys "
        "ON entity_search_keys.id = entity_search.rowid WHERE entity_search MATCH ?)";
    w.params.emplace_back(match);
  }
  if (!q.indexed) {
    // Every word is shorter than a trigram: the first name word begins the name, read as a range
    // of the index on name (U+10FFFF sorts after any character a name holds).
    const std::string& first = q.name.front();
    w.sql += " AND name >= ? AND name < ?";
    w.params.emplace_back(first);
    w.params.emplace_back(first + "\U0010FFFF");
    if (!sqlite) {  // under a collation other than C the range alone is not the prefix
      w.sql += " AND starts_with(name, ?)";
      w.params.emplace_back(first);
    }
  }
  // Every word, exactly as the substring scan finds it: on SQLite this also checks what the index
  // found (a cheap test of its few rows); PostgreSQL's LIKE rechecks the GIN index itself.
  auto filter_words = [&](std::string_view column, const std::vector<std::string>& words) {
    for (const std::string& word : words) {
      if (!sqlite && Indexed(word)) {
        w.sql += fmt::format(" AND {} LIKE ?", column);
        w.params.emplace_back(ContainsPattern(word));
      } else {
        w.sql += fmt::format(" AND {}({}, ?) > 0", sqlite ? "instr" : "strpos", column);
        w.params.emplace_back(word);
      }
    }
  };
  filter_words("name", q.name);
  filter_words("address", q.address);
  return Status::Ok();
}

std::string ClosenessOrder(store::Backend backend, const EntityFilter& filter,
                           std::vector<Value>& params) {
  const std::vector<std::string> words = SplitWords(filter.name_contains);
  if (words.empty())
    return "region_code, uscc";
  if (!QueryOf(filter).indexed)  // a prefix: name order puts the exact name first, unsorted
    return "name, uscc";
  std::string joined;
  for (const std::string& word : words) joined += word;
  params.emplace_back(joined);
  params.emplace_back(static_cast<std::int64_t>(CharCount(joined)));
  params.emplace_back(joined);
  params.emplace_back(joined);
  return fmt::format(
      "CASE WHEN name = ? THEN 0 WHEN substr(name, 1, ?) = ? THEN 1 WHEN {}(name, ?) > 0 THEN 2 "
      "ELSE 3 END, length(name), region_code, uscc",
      backend == store::Backend::kSqlite ? "instr" : "strpos");
}

}  // namespace zq::registry::internal

namespace zq::registry {

NameMatch NameMatchOf(const EntityFilter& filter) {
  const std::vector<std::string> name = internal::SplitWords(filter.name_contains);
  const std::vector<std::string> address = internal::SplitWords(filter.address_contains);
  bool indexed = false;
  for (const auto* words : {&name, &address}) {
    for (const std::string& w : *words) {
      indexed = indexed || internal::CharCount(w) >= internal::kIndexedWordChars;
    }
  }
  if (name.empty() || indexed)
    return {"substring", ""};
  return {"prefix",
          "名称检索词不足三个字，按名称开头匹配；输入三个字以上可检索名称中任意位置 (words shorter "
          "than three characters match the beginning of the name only; three or more match "
          "anywhere in it)"};
}

}  // namespace zq::registry
