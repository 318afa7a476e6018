#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

// The credit event catalogue (信用事件目录): which kinds of credit event exist, who reports them,
// whether they count for or against a firm, how long they are shown, and their legal basis. Shipped
// as data/credit/event_types.json. Entries are dated: a change adds an entry with a later
// effective_from, so an event keeps the display period that applied when it occurred.
namespace zq::credit {

struct EventType {
  std::string code;               // "penalty.ordinary"
  std::string name_zh;            // 行政处罚（一般）
  std::string source_department;  // "market_regulation", "tax", "court", ...
  int sign = 0;                   // -1 negative, +1 positive, 0 a listing state
  int default_severity = 0;       // 0-5
  int display_months = 0;         // shown and counted this long; 0: until removed
  std::string dimension;          // "regulatory", "quality", "social", "compliance", ...
  std::string legal_basis;
  std::string effective_from;  // YYYY-MM-DD
};

// Ending event types (record.withdrawn, record.repaired): an event of such a type ends the effect
// of another event of the same entity (CreditEvent::ends_event_id); no other type may name one.
bool IsEndingType(std::string_view code);

// Immutable after construction: thread-safe.
class EventCatalogue {
 public:
  // Parses a catalogue document; kInvalidArgument with the field ("event_types[3].sign").
  static Result<EventCatalogue> Parse(std::string_view json_text);

  // The shipped catalogue (aborts if it is malformed: a build defect, caught by the tests).
  static const EventCatalogue& Builtin();

  // The entry for `code` in force on `date` (the latest effective_from <= date). kInvalidArgument
  // (field "event_type") for an unknown code or a date before its first entry.
  Result<EventType> Find(std::string_view code, std::string_view date) const;

  const std::vector<EventType>& entries() const { return entries_; }

 private:
  std::vector<EventType> entries_;  // by code, then effective_from
};

}  // namespace zq::credit
