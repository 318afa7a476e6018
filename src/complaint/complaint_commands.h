#pragma once

#include <functional>
#include <string>

#include "core/status.h"

namespace CLI {
class App;
}  // namespace CLI

namespace zq::complaint {

// zq complaint classifier train | tokenize and zq complaint classify: the trainable classifier of
// complaint texts over CSV files, without a database (issue 19; operators script against these
// command forms). complaint_commands.cc. `fail` ends the running command with a status (the
// manifest passes cli::FailCommand: stderr, exit status 2 for kInvalidArgument); it does not
// return.
using FailFn = std::function<void(const Status& status)>;

// zq complaint classifier install MODEL | status | retire --db … [--key-file …] [--json]: the
// model intake uses, in a database. `with_service` opens the database `db` (key file `key_file`,
// "" for the default) and runs `work` on its ComplaintService: the manifest gives it, as it opens
// the workspace (cli/), which a module's own files may not include.
class ComplaintService;
using WithComplaintService =
    std::function<Status(const std::string& db, const std::string& key_file,
                         const std::function<Status(ComplaintService&)>& work)>;

void RegisterComplaintCommands(CLI::App& app, FailFn fail, WithComplaintService with_service);

}  // namespace zq::complaint
