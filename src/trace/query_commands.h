#pragma once
// `zq trace query` and `zq trace import-master-data`: the event queries and the master data from
// the command line. The manifest (module.cc) gives the services of a database: it opens the
// workspace (cli/), which a module's own files may not include.
#include <functional>
#include <string>

#include "core/result.h"
#include "trace/event_query.h"
#include "trace/master_data.h"

namespace CLI {
class App;
}  // namespace CLI

namespace zq::trace {

struct TraceServices {
  const EventQueryService& queries;
  MasterData& master_data;
};

// Runs `work` with the trace services of the database `db` (key file `key_file`, "" for the
// default).
using WithTraceServices = std::function<Status(const std::string& db, const std::string& key_file,
                                               const std::function<Status(TraceServices&)>& work)>;

// Adds to the `zq trace` group (`group`):
// zq trace query 'EQ_bizStep=shipping&GE_eventTime=…' --db …: the EPCISQueryDocument of every
//   matching event (one page with perPage or nextPageToken, the next token then on stderr);
//   exit status 1 with the exception (RFC 7807 JSON) on stdout for a bad parameter.
// zq trace import-master-data FILE.csv --db …: rows `kind,identifier,uscc,name` (kind location
//   or prefix; a header row first), each linked as the API links it; a row that is (or overlaps)
//   one registered already is left as it is, with a note on stderr; exit status 1 when a row was
//   refused (each on stderr with its line).
void RegisterTraceQueryCommands(CLI::App& group, WithTraceServices with_services);

}  // namespace zq::trace
