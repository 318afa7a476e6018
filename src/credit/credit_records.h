#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/risk_class.h"
#include "credit/scoring.h"

// The records of the credit module (tables: credit/migrations/0001_credit.sql).
namespace zq::credit {

using zq::RiskClass;  // 信用风险分类 (core/risk_class.h)
using zq::RiskClassName;

// 信用事件: one fact about a market entity, from a department, a module or an import.
struct CreditEvent {
  std::int64_t id = 0;
  std::string source;         // who reports it: "inspection", "tax-370000", "court-3701", ...
  std::string source_id;      // the reporter's own id; (source, source_id) is unique
  std::string event_type;     // a code of the event catalogue, e.g. "penalty.ordinary"
  std::string uscc;           // the market entity
  std::string region_code;    // its county (filled from the registry)
  std::string occurred_on;    // YYYY-MM-DD: decision date, verdict date, listing date
  std::string display_until;  // YYYY-MM-DD exclusive, "" until removed (filled from the catalogue)
  int severity = -1;          // 0-5; -1 on input: the catalogue's default
  std::string evidence_ref;   // decision number (决定书文号), report number, URL: required
  std::string summary;        // a line of text shown in the file
  // An ending event (record.withdrawn, record.repaired: CreditService::EndEvent) names the event
  // of the same entity whose effect it ends; 0 for every other event.
  std::int64_t ends_event_id = 0;
  bool disputed = false;  // views only: an objection (异议) against it is pending (not stored)
  std::string recorded_by;
  std::string recorded_at;
};

using StoredEvent = CreditEvent;

struct RecordOutcome {
  CreditEvent event;
  bool created = false;  // false: (source, source_id) was already stored; nothing changed
};

// One row of grade history (a change of class, grade, list status or rule version).
struct GradeRecord {
  std::int64_t id = 0;
  std::string uscc;
  std::string region_code;
  std::string risk_class;
  std::string grade;
  double risk_score = 0;
  double grade_score = 0;
  bool abnormal_listed = false;
  bool serious_listed = false;
  std::string rule_version;
  std::string as_of;
  std::vector<std::int64_t> event_ids;  // the snapshot, by id
  std::string snapshot_hash;
  std::string computed_at;
};

struct CreditFile {
  std::string uscc;
  std::string region_code;
  std::vector<CreditEvent> events;   // by occurrence
  std::vector<GradeRecord> history;  // newest first
  Assessment current;                // explained, as of today
};

// A reason a department may see: what happened when, under which rule, and its weight.
struct Reason {
  std::string event_type;
  std::string name_zh;
  std::string occurred_on;
  std::string legal_basis;
  double risk_points = 0;
  double grade_points = 0;
  bool disputed = false;  // 异议中: an objection against the event is pending
};

struct CreditStatus {
  std::string uscc;
  bool found = false;
  std::string risk_class;
  std::string grade;
  bool abnormal_listed = false;
  bool serious_listed = false;
  std::string rule_version;
  std::string as_of;
  std::vector<Reason> reasons;  // events that counted, largest effect first
  std::vector<std::string> vetoes;
};

struct PublicGrade {
  std::string uscc;
  std::string grade;
  bool abnormal_listed = false;
  bool serious_listed = false;
  std::string as_of;
};

struct ChangePage {
  std::vector<GradeRecord> changes;  // event_ids left empty
  std::int64_t next_cursor = 0;
};

struct RescoreStats {
  std::int64_t entities = 0;  // entities with events
  std::int64_t events = 0;
  std::int64_t changed = 0;  // grade rows written
  std::string rule_version;
  std::string as_of;
};

}  // namespace zq::credit
