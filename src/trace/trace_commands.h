#pragma once
// The `zq trace` command group the trace module's manifest (module.cc) names.
#include <functional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "trace/capture.h"

namespace CLI {
class App;
}  // namespace CLI

namespace zq::trace {

// Captures a document into the database `db` (key file `key_file`, "" for the default) and
// returns the finished job. The manifest gives it: it opens the workspace (cli/), which a module's
// own files may not include.
using CaptureInto =
    std::function<Result<CaptureJob>(const std::string& db, const std::string& key_file,
                                     std::string_view document, ErrorBehaviour behaviour)>;

// zq trace hash FILE [--prehash]: the CBV 2.0 event hash of every event of an EPCIS document.
// zq trace capture FILE --db … [--key-file …] [--error-behaviour rollback|proceed]: 0 and the
// capture job on stdout when stored, 1 and each exception on stdout when refused.
void RegisterTraceCommands(CLI::App& app, CaptureInto capture_into);

}  // namespace zq::trace
