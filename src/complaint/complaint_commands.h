#pragma once

#include <functional>

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
void RegisterComplaintCommands(CLI::App& app, FailFn fail);

}  // namespace zq::complaint
