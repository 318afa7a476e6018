#include "core/xlsx.h"

#include <charconv>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <zip.h>

#include "core/internal/xlsx_cells.h"
#include "core/internal/xlsx_sheet.h"
#include "core/result.h"
#include "core/xml_reader.h"

namespace zq {
namespace {

// Shared strings are held in memory while the sheet streams; more text than this is refused.
constexpr std::size_t kMaxSharedStringBytes = std::size_t{256} << 20;

Status NotAWorkbook(std::string_view why) {
  return Status::InvalidArgument(fmt::format("not a readable XLSX workbook: {}", why), "file");
}

// The ZIP package of a workbook, read from memory that outlives it. Owns the libzip archive.
class Package {
 public:
  static Result<std::unique_ptr<Package>> Open(std::string_view bytes) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    zip_t* archive = source == nullptr ? nullptr : zip_open_from_source(source, ZIP_RDONLY, &error);
    if (archive == nullptr) {
      const std::string why = zip_error_strerror(&error);
      zip_error_fini(&error);
      if (source != nullptr)
        zip_source_free(source);  // zip_open_from_source owns the source only when it succeeds
      return NotAWorkbook("the ZIP package: " + why);
    }
    zip_error_fini(&error);
    return std::make_unique<Package>(archive);
  }

  explicit Package(zip_t* archive) : archive_(archive) {}

  ~Package() { zip_discard(archive_); }

  Package(const Package&) = delete;
  Package& operator=(const Package&) = delete;

  // Part names are case-insensitive (ISO/IEC 29500-2 §6.2.2.3).
  bool Has(const std::string& part) const {
    return zip_name_locate(archive_, part.c_str(), ZIP_FL_NOCASE) >= 0;
  }

  // Streams the uncompressed part through `reader` until it ends or the reader stops.
  Status Parse(const std::string& part, XmlReader& reader) const {
    const zip_int64_t index = zip_name_locate(archive_, part.c_str(), ZIP_FL_NOCASE);
    if (index < 0)
      return NotAWorkbook(fmt::format("the package has no part {}", part));
    zip_file_t* file = zip_fopen_index(archive_, static_cast<zip_uint64_t>(index), 0);
    if (file == nullptr)
      return NotAWorkbook(fmt::format("cannot open {}: {}", part, zip_strerror(archive_)));
    const std::unique_ptr<zip_file_t, int (*)(zip_file_t*)> closer(file, &zip_fclose);
    std::vector<char> buffer(std::size_t{1} << 16);
    std::size_t total = 0;
    while (!reader.stopped()) {
      const zip_int64_t n = zip_fread(file, buffer.data(), buffer.size());
      if (n < 0)
        return NotAWorkbook(fmt::format("cannot decompress {}: {}", part, zip_file_strerror(file)));
      total += static_cast<std::size_t>(n);
      if (total > kMaxXlsxPartBytes) {
        return NotAWorkbook(
            fmt::format("{} is larger than {} MiB uncompressed", part, kMaxXlsxPartBytes >> 20));
      }
      ZQ_RETURN_IF_ERROR(
          reader.Feed(std::string_view(buffer.data(), static_cast<std::size_t>(n)), n == 0, part));
      if (n == 0)
        break;
    }
    return Status::Ok();
  }

 private:
  zip_t* archive_;
};

void Ignore(std::string_view) {}

struct Relationship {
  std::string type;
  std::string id;
  std::string target;
};

// The relationships of a part (ISO/IEC 29500-2 §9.3); none when the .rels part is absent.
Result<std::vector<Relationship>> ReadRelationships(const Package& package,
                                                    const std::string& rels_part) {
  std::vector<Relationship> out;
  if (!package.Has(rels_part))
    return out;
  XmlReader reader(
      [&](std::string_view name, const char** a) {
        if (name != "Relationship")
          return;
        const char* mode = XmlAttribute(a, "TargetMode");
        if (mode != nullptr && std::string_view(mode) == "External")
          return;
        const char* type = XmlAttribute(a, "Type");
        const char* id = XmlAttribute(a, "Id");
        const char* target = XmlAttribute(a, "Target");
        out.push_back({type ? type : "", id ? id : "", target ? target : ""});
      },
      Ignore, Ignore);
  ZQ_RETURN_IF_ERROR(package.Parse(rels_part, reader));
  return out;
}

// A relationship's target as a part name: relative to the folder of the source part, or from
// the package root when it starts with '/'.
std::string Resolve(std::string_view folder, std::string_view target) {
  if (!target.empty() && target.front() == '/')
    return std::string(target.substr(1));
  std::string base(folder);
  while (target.starts_with("../")) {
    target.remove_prefix(3);
    const std::size_t slash = base.empty() ? std::string::npos : base.rfind('/', base.size() - 2);
    base = slash == std::string::npos ? "" : base.substr(0, slash + 1);
  }
  return base + std::string(target);
}

bool TypeIs(const Relationship& r, std::string_view suffix) { return r.type.ends_with(suffix); }

struct Workbook {
  std::string sheet;           // the first worksheet's part
  std::string shared_strings;  // "" when the workbook has none
  std::string styles;          // "" when the workbook has none
  bool date1904 = false;
};

Result<Workbook> FindWorkbook(const Package& package) {
  std::string workbook_part = "xl/workbook.xml";
  ZQ_ASSIGN_OR_RETURN(const std::vector<Relationship> root,
                      ReadRelationships(package, "_rels/.rels"));
  for (const Relationship& r : root) {
    if (TypeIs(r, "/officeDocument"))
      workbook_part = Resolve("", r.target);
  }
  if (!package.Has(workbook_part))
    return NotAWorkbook("the package has no workbook (xl/workbook.xml)");
  const std::size_t slash = workbook_part.rfind('/');
  const std::string folder = slash == std::string::npos ? "" : workbook_part.substr(0, slash + 1);
  const std::string name = workbook_part.substr(folder.size());

  Workbook wb;
  std::string first_sheet_id;
  bool sheet_seen = false;
  XmlReader reader(
      [&](std::string_view element, const char** a) {
        if (element == "workbookPr") {
          const char* d = XmlAttribute(a, "date1904");
          wb.date1904 =
              d != nullptr && (std::string_view(d) == "1" || std::string_view(d) == "true");
        } else if (element == "sheet" && !sheet_seen) {
          sheet_seen = true;
          const char* id = XmlAttribute(a, "id");  // r:id
          first_sheet_id = id ? id : "";
        }
      },
      Ignore, Ignore);
  ZQ_RETURN_IF_ERROR(package.Parse(workbook_part, reader));
  if (!sheet_seen)
    return NotAWorkbook("the workbook has no worksheet");
  ZQ_ASSIGN_OR_RETURN(const std::vector<Relationship> rels,
                      ReadRelationships(package, folder + "_rels/" + name + ".rels"));
  for (const Relationship& r : rels) {
    if (r.id == first_sheet_id && !first_sheet_id.empty())
      wb.sheet = Resolve(folder, r.target);
    else if (TypeIs(r, "/sharedStrings"))
      wb.shared_strings = Resolve(folder, r.target);
    else if (TypeIs(r, "/styles"))
      wb.styles = Resolve(folder, r.target);
  }
  if (wb.sheet.empty())
    return NotAWorkbook("the workbook's first sheet has no part");
  return wb;
}

// For each cell format (cellXfs, in order) whether it shows a date.
Result<std::vector<bool>> ReadDateStyles(const Package& package, const std::string& part) {
  std::vector<bool> date_styles;
  if (part.empty() || !package.Has(part))
    return date_styles;
  std::vector<std::pair<int, std::string>> codes;
  std::vector<int> formats;
  bool in_cell_xfs = false;
  const auto number = [](const char* text) {
    int v = 0;
    if (text != nullptr)
      std::from_chars(text, text + std::char_traits<char>::length(text), v);
    return v;
  };
  XmlReader reader(
      [&](std::string_view name, const char** a) {
        if (name == "numFmt") {
          const char* code = XmlAttribute(a, "formatCode");
          codes.emplace_back(number(XmlAttribute(a, "numFmtId")), code ? code : "");
        } else if (name == "cellXfs") {
          in_cell_xfs = true;
        } else if (name == "xf" && in_cell_xfs) {
          formats.push_back(number(XmlAttribute(a, "numFmtId")));
        }
      },
      [&](std::string_view name) {
        if (name == "cellXfs")
          in_cell_xfs = false;
      },
      Ignore);
  ZQ_RETURN_IF_ERROR(package.Parse(part, reader));
  for (const int id : formats) {
    std::string_view code;
    for (const auto& [code_id, text] : codes) {
      if (code_id == id)
        code = text;
    }
    date_styles.push_back(internal::IsDateFormat(id, code));
  }
  return date_styles;
}

// The shared string table (sst): each si's text runs, phonetic runs (rPh) left out.
Result<std::vector<std::string>> ReadSharedStrings(const Package& package,
                                                   const std::string& part) {
  std::vector<std::string> strings;
  if (part.empty() || !package.Has(part))
    return strings;
  std::string current;
  std::size_t total = 0;
  int phonetic = 0;
  bool in_text = false;
  bool too_large = false;
  XmlReader reader(
      [&](std::string_view name, const char**) {
        if (name == "si")
          current.clear();
        else if (name == "rPh")
          ++phonetic;
        else if (name == "t")
          in_text = phonetic == 0;
      },
      [&](std::string_view name) {
        if (name == "t") {
          in_text = false;
        } else if (name == "rPh") {
          --phonetic;
        } else if (name == "si") {
          strings.push_back(internal::DecodeXstring(current));
          total += current.size();
        }
      },
      [&](std::string_view text) {
        if (!in_text)
          return;
        if (total + current.size() + text.size() > kMaxSharedStringBytes) {
          too_large = true;
          reader.Stop();
          return;
        }
        current.append(text);
      });
  ZQ_RETURN_IF_ERROR(package.Parse(part, reader));
  if (too_large)
    return NotAWorkbook(
        fmt::format("the shared strings exceed {} MiB", kMaxSharedStringBytes >> 20));
  return strings;
}

}  // namespace

bool LooksLikeZip(std::string_view bytes) {
  return bytes.starts_with(std::string_view("PK\3\4", 4));
}

Status ReadXlsx(std::string_view bytes, const std::function<bool(CsvRecord&)>& on_record) {
  if (!LooksLikeZip(bytes))
    return NotAWorkbook("the file is not a ZIP package");
  ZQ_ASSIGN_OR_RETURN(const std::unique_ptr<Package> package, Package::Open(bytes));
  ZQ_ASSIGN_OR_RETURN(const Workbook wb, FindWorkbook(*package));
  ZQ_ASSIGN_OR_RETURN(const std::vector<std::string> strings,
                      ReadSharedStrings(*package, wb.shared_strings));
  ZQ_ASSIGN_OR_RETURN(const std::vector<bool> date_styles, ReadDateStyles(*package, wb.styles));
  return internal::ReadXlsxSheet(
      [&](XmlReader& reader) { return package->Parse(wb.sheet, reader); }, strings, date_styles,
      wb.date1904, on_record);
}

}  // namespace zq
