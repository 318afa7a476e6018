#pragma once

// The `zq trace` command group the trace module's manifest (module.cc) names.
namespace CLI {
class App;
}  // namespace CLI

namespace zq::trace {

// zq trace hash FILE [--prehash]: the CBV 2.0 event hash of every event of an EPCIS document.
void RegisterTraceCommands(CLI::App& app);

}  // namespace zq::trace
