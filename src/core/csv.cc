#include "core/csv.h"

#include <fmt/format.h>

namespace zq {

bool IsValidUtf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    std::uint32_t cp = 0;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;  // continuation byte first, overlong lead (C0, C1) or above F4
    }
    if (i + len > text.size())
      return false;
    for (std::size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(text[i + k]);
      if ((cc & 0xC0) != 0x80)
        return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;  // overlong, out of range, or a surrogate
    }
    i += len;
  }
  return true;
}

Status ReadCsv(std::istream& in, const std::function<bool(CsvRecord&)>& on_record) {
  std::size_t line = 1;
  bool first = true;
  std::string buf;
  char chunk[1 << 16];
  // States of the RFC 4180 reader.
  enum class State { kFieldStart, kUnquoted, kQuoted, kQuoteInQuoted };
  State state = State::kFieldStart;
  CsvRecord rec;
  std::string field;
  std::size_t record_bytes = 0;
  bool record_has_content = false;
  bool skipping = false;  // after an oversize record: drop bytes until the next line end

  auto finish_field = [&] {
    if (rec.error.ok() && !IsValidUtf8(field)) {
      rec.error = Status::InvalidArgument(
          fmt::format("field {} is not valid UTF-8", rec.fields.size() + 1), "encoding");
    }
    rec.fields.push_back(std::move(field));
    field.clear();
  };
  auto finish_record = [&]() -> bool {
    bool go_on = true;
    if (record_has_content || !rec.fields.empty())
      go_on = on_record(rec);
    rec = CsvRecord();
    record_bytes = 0;
    record_has_content = false;
    state = State::kFieldStart;
    return go_on;
  };

  rec.line = line;
  while (in) {
    in.read(chunk, sizeof chunk);
    std::string_view data(chunk, static_cast<std::size_t>(in.gcount()));
    if (first && data.substr(0, 3) == "\xEF\xBB\xBF")
      data.remove_prefix(3);
    first = false;
    for (std::size_t i = 0; i < data.size(); ++i) {
      const char c = data[i];
      if (skipping) {
        if (c == '\n') {
          ++line;
          skipping = false;
          rec.line = line;
        }
        continue;
      }
      if (++record_bytes > kMaxCsvRecordBytes) {
        rec.fields.clear();
        field.clear();
        rec.error = Status::InvalidArgument(
            fmt::format("the record is longer than {} bytes (an unterminated quote?)",
                        kMaxCsvRecordBytes),
            "csv");
        if (!on_record(rec))
          return Status::Ok();
        rec = CsvRecord();
        record_bytes = 0;
        record_has_content = false;
        state = State::kFieldStart;
        skipping = c != '\n';
        if (c == '\n')
          ++line;
        rec.line = line;
        continue;
      }
      switch (state) {
        case State::kFieldStart:
          if (c == '"') {
            state = State::kQuoted;
            record_has_content = true;
            break;
          }
          state = State::kUnquoted;
          [[fallthrough]];
        case State::kUnquoted:
          if (c == ',') {
            finish_field();
            record_has_content = true;
            state = State::kFieldStart;
          } else if (c == '\n') {
            if (!field.empty() && field.back() == '\r')
              field.pop_back();
            if (record_has_content || !field.empty())
              finish_field();
            if (!finish_record())
              return Status::Ok();
            ++line;
            rec.line = line;
          } else {
            if (c == '"' && rec.error.ok()) {
              rec.error = Status::InvalidArgument(
                  fmt::format("stray quote in field {}", rec.fields.size() + 1), "csv");
            }
            field += c;
            if (c != '\r')
              record_has_content = true;
          }
          break;
        case State::kQuoted:
          if (c == '"') {
            state = State::kQuoteInQuoted;
          } else {
            if (c == '\n')
              ++line;
            field += c;
          }
          break;
        case State::kQuoteInQuoted:
          if (c == '"') {
            field += '"';
            state = State::kQuoted;
          } else if (c == ',') {
            finish_field();
            state = State::kFieldStart;
          } else if (c == '\n') {
            finish_field();
            if (!finish_record())
              return Status::Ok();
            ++line;
            rec.line = line;
          } else if (c == '\r') {
            // CRLF after a closing quote: wait for the LF.
          } else {
            if (rec.error.ok()) {
              rec.error = Status::InvalidArgument(
                  fmt::format("text after the closing quote in field {}", rec.fields.size() + 1),
                  "csv");
            }
            field += c;
            state = State::kUnquoted;
          }
          break;
      }
    }
  }
  if (in.bad())
    return Status::Unavailable("reading the CSV failed");
  if (skipping)
    return Status::Ok();
  if (state == State::kQuoted) {
    rec.error =
        Status::InvalidArgument("unterminated quote: the file ends inside a quoted field", "csv");
    finish_field();
    on_record(rec);
    return Status::Ok();
  }
  if (state != State::kFieldStart || record_has_content || !field.empty()) {
    if (!field.empty() && field.back() == '\r')
      field.pop_back();
    finish_field();
    finish_record();
  }
  return Status::Ok();
}

std::string CsvLine(const std::vector<std::string>& fields, FormulaGuard guard) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i)
      out += ',';
    std::string f = fields[i];
    if (guard == FormulaGuard::kOn && !f.empty() &&
        (f[0] == '=' || f[0] == '+' || f[0] == '-' || f[0] == '@' || f[0] == '\t' ||
         f[0] == '\r')) {
      f.insert(f.begin(), '\'');
    }
    // A leading byte-order mark would be taken for the file's BOM at the start of a file.
    const bool quote = f.find_first_of(",\"\r\n") != std::string::npos ||
                       (!f.empty() && (f.front() == ' ' || f.back() == ' ')) ||
                       f.starts_with("\xEF\xBB\xBF");
    if (!quote) {
      out += f;
      continue;
    }
    out += '"';
    for (char c : f) {
      if (c == '"')
        out += '"';
      out += c;
    }
    out += '"';
  }
  out += "\r\n";
  return out;
}

}  // namespace zq
