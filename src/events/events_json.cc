#include "events/events_json.h"

#include <nlohmann/json.hpp>

namespace zq::events {

nlohmann::json ToJson(const ConsumerStats& s) {
  return {{"consumer", s.consumer}, {"delivered", s.delivered}, {"dead_lettered", s.dead_lettered},
          {"failures", s.failures}, {"cursor", s.cursor},       {"lag", s.lag},
          {"error", s.error}};
}

nlohmann::json ToJson(const ConsumerState& s) {
  return {
      {"consumer", s.consumer}, {"kind_prefixes", s.kind_prefixes}, {"cursor", s.cursor},
      {"lag", s.lag},           {"dead_letters", s.dead_letters},   {"last_error", s.last_error}};
}

nlohmann::json ToJson(const DeadLetter& d) {
  return {{"id", d.id},
          {"consumer", d.consumer},
          {"seq", d.seq},
          {"kind", d.kind},
          {"source", d.source},
          {"source_id", d.source_id},
          {"occurred_on", d.occurred_on},
          {"attempts", d.attempts},
          {"last_error", d.last_error},
          {"failed_at", d.failed_at},
          {"last_attempt_at", d.last_attempt_at}};
}

}  // namespace zq::events
