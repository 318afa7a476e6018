#include "trace/query_commands.h"

#include <fstream>
#include <iostream>
#include <map>
#include <memory>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "auth/crypto.h"
#include "core/csv.h"

namespace zq::trace {
namespace {

// A URI query string's text: %XX decoded (a '+' stays a '+': times carry offsets).
std::string Decoded(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const Result<std::string> byte = text[i] == '%' && i + 2 < text.size()
                                         ? auth::FromHex(text.substr(i + 1, 2))
                                         : Result<std::string>(Status::InvalidArgument(""));
    if (byte.ok()) {
      out += *byte;
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::multimap<std::string, std::string> QueryParameters(std::string_view query) {
  std::multimap<std::string, std::string> out;
  if (query.starts_with('?'))
    query.remove_prefix(1);
  while (!query.empty()) {
    const std::string_view pair = query.substr(0, query.find('&'));
    const std::size_t eq = pair.find('=');
    if (!pair.empty()) {
      out.emplace(Decoded(pair.substr(0, eq)),
                  eq == std::string_view::npos ? "" : Decoded(pair.substr(eq + 1)));
    }
    query.remove_prefix(std::min(query.size(), pair.size() + 1));
  }
  return out;
}

// Every page of `q` (or the one page asked for), as one document.
Status PrintQuery(const EventQueryService& queries, EventQuery q, bool one_page) {
  const auth::Caller operator_caller = auth::Caller::System();
  EventPage all;
  if (!one_page)
    q.per_page = kMaxPerPage;
  while (true) {
    Result<EventPage> page = queries.Run(operator_caller, q);
    if (!page.ok()) {
      const std::optional<EpcisException> e = QueryException(page.status());
      if (!e)
        return page.status();
      std::cout << e->ToJson().dump() << "\n";
      throw CLI::RuntimeError(1);
    }
    all.bodies.insert(all.bodies.end(), page->bodies.begin(), page->bodies.end());
    if (one_page || page->next_page_token.empty()) {
      if (!page->next_page_token.empty())
        std::cerr << "nextPageToken=" << page->next_page_token << "\n";
      break;
    }
    q.next_page_token = page->next_page_token;
  }
  std::cout << queries.QueryDocument(all).dump(2) << "\n";
  return Status::Ok();
}

// One row of a master data file; kAlreadyExists when it is registered already.
Status ImportRow(MasterData& data, const std::vector<std::string>& f) {
  if (f.size() < 3)
    return Status::InvalidArgument("a row is kind,identifier,uscc[,name]", "kind");
  const auth::Caller operator_caller = auth::Caller::System();
  if (f[0] == "location")
    return data.AddLocation(operator_caller, f[1], f[2], f.size() > 3 ? f[3] : "").status();
  if (f[0] == "prefix")
    return data.AddCompanyPrefix(operator_caller, f[1], f[2]).status();
  return Status::InvalidArgument("kind is location or prefix", "kind");
}

Status Import(MasterData& data, const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in)
    return Status::InvalidArgument("cannot read " + file, "file");
  int added = 0, already = 0, refused = 0;
  ZQ_RETURN_IF_ERROR(ReadCsv(in, [&](CsvRecord& r) {
    if (r.line == 1)
      return true;  // the header
    Status s = r.error.ok() ? ImportRow(data, r.fields) : r.error;
    if (s.code() == StatusCode::kAlreadyExists) {
      ++already;
      std::cerr << file << ":" << r.line << ": left as it is: " << s.message() << "\n";
    } else if (!s.ok()) {
      ++refused;
      std::cerr << file << ":" << r.line << ": " << s.field() << ": " << s.message() << "\n";
    } else {
      ++added;
    }
    return true;
  }));
  std::cout << nlohmann::json{{"added", added}, {"already", already}, {"refused", refused}}.dump()
            << "\n";
  if (refused > 0)
    throw CLI::RuntimeError(1);
  return Status::Ok();
}

}  // namespace

void RegisterTraceQueryCommands(CLI::App& group, WithTraceServices with_services) {
  struct Options {
    std::string query;
    std::string file;
    std::string db;
    std::string key_file;
  };

  auto opts = std::make_shared<Options>();
  CLI::App* query = group.add_subcommand(
      "query",
      "Print the EPCISQueryDocument (JSON-LD) of the events matching EPCIS 2.0 query parameters, "
      "e.g. 'EQ_bizStep=shipping&GE_eventTime=2026-01-01T00:00:00Z'; exit status 1 with the "
      "QueryParameterException on stdout for a bad parameter");
  query->add_option("parameters", opts->query, "the URI query string (pipe-delimited lists)")
      ->required();
  CLI::App* import = group.add_subcommand(
      "import-master-data",
      "Link locations (GLN/SGLN) and company prefixes to registered market entities from a CSV "
      "file with the header kind,identifier,uscc,name (kind: location or prefix)");
  import->add_option("file", opts->file, "the CSV file")->required();
  for (CLI::App* cmd : {query, import}) {
    cmd->add_option("--db", opts->db, "SQLite file path or postgresql:// URI")->required();
    cmd->add_option("--key-file", opts->key_file, "file holding the master key");
  }
  auto run = [opts, with_services](const std::string& command,
                                   const std::function<Status(TraceServices&)>& work) {
    const Status s = with_services(opts->db, opts->key_file, work);
    if (!s.ok()) {
      std::cerr << "zq trace " << command << ": " << s.ToString() << "\n";
      throw CLI::RuntimeError(2);
    }
  };
  query->callback([opts, run] {
    const std::multimap<std::string, std::string> params = QueryParameters(opts->query);
    Result<EventQuery> q = ParseEventQuery(params);
    if (!q.ok()) {
      std::cout << QueryException(q.status())->ToJson().dump() << "\n";
      throw CLI::RuntimeError(1);
    }
    const bool one_page = params.contains("perPage") || params.contains("nextPageToken");
    run("query", [&](TraceServices& s) { return PrintQuery(s.queries, *q, one_page); });
  });
  import->callback([opts, run] {
    run("import-master-data", [&](TraceServices& s) { return Import(s.master_data, opts->file);
});
}  // namespace zq::trace
);
}

}  // namespace zq::trace
