#pragma once

#include <nlohmann/json_fwd.hpp>

#include "events/dispatcher.h"

// The JSON of the event loop's reports, one shape for the admin API and `zq events … --json`.
namespace zq::events {

nlohmann::json ToJson(const ConsumerStats& stats);
nlohmann::json ToJson(const ConsumerState& state);
nlohmann::json ToJson(const DeadLetter& letter);  // no payload, no USCC

}  // namespace zq::events
