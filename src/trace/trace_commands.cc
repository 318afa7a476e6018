// zq trace …: traceability (追溯) from the command line. `hash` needs no database: it prints the
// CBV 2.0 event hash of each event of an EPCIS document, one line each, in document order, as the
// hash test vectors' .hashes files do.
#include "trace/trace_commands.h"

#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include <CLI/CLI.hpp>

#include "trace/event_hash.h"

namespace zq::trace {

void RegisterTraceCommands(CLI::App& app) {
  struct Options {
    std::string file;
    bool prehash = false;
  };

  auto opts = std::make_shared<Options>();
  CLI::App* group = app.add_subcommand("trace", "Traceability (追溯): GS1 EPCIS 2.0 events");
  group->require_subcommand(1);

  CLI::App* hash = group->add_subcommand(
      "hash",
      "Print the CBV 2.0 event hash (ni:///sha-256;…?ver=CBV2.0) of each event of an EPCIS "
      "document, JSON-LD or XML, one line per event in document order; exit status 1 for a "
      "document that cannot be read");
  hash->add_option("file", opts->file, "the EPCIS document (EPCISDocument or EPCISQueryDocument)")
      ->required();
  hash->add_flag("--prehash", opts->prehash,
                 "print each event's pre-hash string (the canonical form hashed) instead");
  hash->callback([opts] {
    std::ifstream in(opts->file, std::ios::binary);
    if (!in) {
      std::cerr << "zq trace hash: cannot read " << opts->file << "\n";
      throw CLI::RuntimeError(1);
    }
    std::stringstream text;
    text << in.rdbuf();
    Result<std::vector<EpcisEvent>> events = ReadEpcisDocument(text.str());
    if (!events.ok()) {
      std::cerr << "zq trace hash: " << opts->file << ": " << events.status().message() << " ("
                << events.status().field() << ")\n";
      throw CLI::RuntimeError(1);
    }
    for (const EpcisEvent& event : *events)
      std::cout << (opts->prehash ? PreHashString(event) : EventHash(event)) << "\n";
  });
}

}  // namespace zq::trace
