// The trace module's manifest (追溯): GS1 EPCIS 2.0 events. So far event identity, the CBV 2.0
// event hash (event_hash.h), and its command, `zq trace hash`; no services, tables or routes yet.
#include "app/manifests.h"
#include "trace/trace_commands.h"

namespace zq::trace {

app::Module Manifest() {
  app::Module m;
  m.name = "trace";
  m.commands = {{"trace", RegisterTraceCommands}};
  return m;
}

}  // namespace zq::trace
