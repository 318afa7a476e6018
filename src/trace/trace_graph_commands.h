#pragma once
// `zq trace forward|backward`: the trace graph's commands, added to the `zq trace` group
// (trace_commands.h) by the module's manifest.
#include <functional>
#include <string>

#include "core/result.h"
#include "trace/trace_service.h"

namespace CLI {
class App;
}  // namespace CLI

namespace zq::trace {

// Traces `query` in the database `db` (key file `key_file`, "" for the default). The manifest
// gives it: it opens the workspace (cli/), which a module's own files may not include.
using TraceIn = std::function<Result<TraceAnswer>(
    const std::string& db, const std::string& key_file, const TraceQuery& query, Direction d)>;

// zq trace forward|backward ID --db … [--key-file …] [--from DATE] [--to DATE] [--json]
// [--xlsx FILE] [--csv FILE]: the trace of an item, a lot, a container or a GTIN's production
// window. Without --json a line per destination (forward) or input (backward) on stdout, and
// each cycle found on stderr. Exit status 1 when no captured event names the ID or the database
// fails, 2 for an ID or date that cannot be read.
void RegisterTraceGraphCommands(CLI::App& trace_group, TraceIn trace_in);

}  // namespace zq::trace
