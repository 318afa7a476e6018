// zq trace …: traceability (追溯) from the command line. `capture` stores an EPCIS document's
// events (CaptureService); `hash` needs no database: it prints the CBV 2.0 event hash of each event
// of an EPCIS document, one line each, in document order, as the hash test vectors' .hashes files
// do.
#include "trace/trace_commands.h"

#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "core/file_text.h"
#include "trace/capture.h"
#include "trace/event_hash.h"

namespace zq::trace {

namespace {

// The document at `path`; exit status 1 with the reason on stderr when it cannot be read.
std::string ReadDocument(const std::string& command, const std::string& path) {
  Result<std::string> text = ReadFileText(path);
  if (!text.ok()) {
    std::cerr << "zq trace " << command << ": " << text.status().message() << "\n";
    throw CLI::RuntimeError(1);
  }
  return std::move(text).value();
}

}  // namespace

void RegisterTraceCommands(CLI::App& app, CaptureInto capture_into) {
  struct Options {
    std::string file;
    bool prehash = false;
    std::string db;
    std::string key_file;
    std::string error_behaviour = "rollback";
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
    const std::string text = ReadDocument("hash", opts->file);
    Result<std::vector<EpcisEvent>> events = ReadEpcisDocument(text);
    if (!events.ok()) {
      std::cerr << "zq trace hash: " << opts->file << ": " << events.status().message() << " ("
                << events.status().field() << ")\n";
      throw CLI::RuntimeError(1);
    }
    for (const EpcisEvent& event : *events)
      std::cout << (opts->prehash ? PreHashString(event) : EventHash(event)) << "\n";
  });

  CLI::App* capture = group->add_subcommand(
      "capture",
      "Capture an EPCIS document (JSON-LD or XML) into the repository: exit status 0 when it "
      "was stored, with its capture job as JSON on stdout; 1 when it was refused, with the "
      "exception (RFC 7807, one JSON object per line) on stdout");
  capture
      ->add_option("file", opts->file, "the EPCIS document (EPCISDocument or EPCISQueryDocument)")
      ->required();
  capture->add_option("--db", opts->db, "SQLite file path or postgresql:// URI")->required();
  capture->add_option("--key-file", opts->key_file, "file holding the master key");
  capture
      ->add_option("--error-behaviour", opts->error_behaviour,
                   "rollback: all events or none (default); proceed: every valid event")
      ->check(CLI::IsMember({"rollback", "proceed"}));
  capture->callback([opts, capture_into] {
    const std::string text = ReadDocument("capture", opts->file);
    const Result<ErrorBehaviour> behaviour = ParseErrorBehaviour(opts->error_behaviour);
    Result<CaptureJob> job =
        capture_into(opts->db, opts->key_file, text, behaviour.value_or(ErrorBehaviour::kRollback));
    if (!job.ok()) {  // the database, not the document: exit status 2
      std::cerr << "zq trace capture: " << job.status().ToString() << "\n";
      throw CLI::RuntimeError(2);
    }
    if (!job->success) {
      for (const nlohmann::json& e : nlohmann::json::parse(job->errors))
        std::cout << e.dump() << "\n";
      throw CLI::RuntimeError(1);
    }
    std::cout << CaptureJobJson(*job).dump() << "\n";
  });
}

}  // namespace zq::trace
