#pragma once
// `zq trace forward|backward`: the trace graph's commands, added to the `zq trace` group
// (trace_commands.h) by the module's manifest.
#include <functional>
#include <map>
#include <string>

#include "core/result.h"
#include "trace/trace_service.h"

namespace CLI {
class App;
}  // namespace CLI

namespace zq::trace {

// A trace with, when asked, every region's name by GB/T 2260 code (for the zh and en files).
struct TraceWithNames {
  TraceAnswer answer;
  std::map<std::string, std::string, std::less<>> region_names;
};

// Traces `query` in the database `db` (key file `key_file`, "" for the default), with the
// regions' names when `region_names` is kYes. The manifest gives it: it opens the workspace
// (cli/), which a module's own files may not include.
enum class RegionNames { kNo, kYes };
using TraceIn = std::function<Result<TraceWithNames>(
    const std::string& db, const std::string& key_file, const TraceQuery& query, Direction d,
    RegionNames region_names)>;

// zq trace forward|backward ID --db … [--key-file …] [--from DATE] [--to DATE] [--json]
// [--xlsx FILE] [--csv FILE] [--headers codes|zh|en]: the trace of an item, a lot, a container or a
// GTIN's production window. Without --json a line per destination (forward) or input (backward) on
// stdout, and each cycle found on stderr. Exit status 1 when no captured event names the ID or the
// database fails, 2 for an ID or date that cannot be read. The files are in the machine layout by
// default
// (--headers codes: English headers, code values, UTC times); zh gives Chinese headers and labels
// with region names and Beijing times, en the same in English (trace_export.h).
void RegisterTraceGraphCommands(CLI::App& trace_group, TraceIn trace_in);

}  // namespace zq::trace
