#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "auth/audit_log.h"
#include "auth/caller.h"
#include "auth/crypto.h"
#include "complaint/classification.h"
#include "complaint/deadlines.h"
#include "complaint/lifecycle.h"
#include "complaint/publication.h"
#include "complaint/routing.h"
#include "complaint/rules.h"
#include "complaint/text_classifier.h"
#include "core/calendar.h"
#include "core/clock.h"
#include "core/page.h"
#include "registry/registry.h"
#include "store/database.h"

// 投诉举报: intake of complaints and reports from the portal, the operator's phone and other
// systems; routing to the competent office; the handling steps with their statutory deadlines;
// classification; counts for the risk module. See src/complaint/README.md.
namespace zq::complaint {

// How a submission came in. Text forms: "portal", "phone", "api".
enum class Channel { kPortal, kPhone, kApi };
std::string_view ChannelName(Channel c);

// One submission as a form, the operator or another system gives it (all text, checked by Submit).
struct SubmissionInput {
  std::vector<std::string> kinds;  // "complaint", "report", or both (a mixed submission)
  std::string external_id;         // api: the other system's identifier (taken once)
  // The submitter. A complaint needs name, phone and address (Art. 9); a report may be anonymous.
  std::string name;
  std::string phone;
  std::string id_number;  // optional; checked against GB 11643 when given
  std::string address;
  bool real_name = true;  // report: the reporter gives their name (Art. 31's notice)
  // The respondent: a registered USCC (its name and domicile from the registry), or a name with
  // its domicile region.
  std::string respondent_uscc;
  std::string respondent_name;
  std::string respondent_kind = "ordinary";
  std::string domicile_region;
  std::string business_region;      // 实际经营地
  std::string platform_uscc;        // platform merchant: its platform
  std::string subject = "conduct";  // report: conduct or an advertisement (Art. 28)
  std::string act_region;
  std::string publisher_region;
  std::string advertiser_region;
  std::string agency_region;
  std::string facts;         // the dispute's facts / the lead
  std::string request;       // complaint: what the complainant asks for
  std::string object_class;  // optional: else classified by the rules
  std::string problem;
  // complaint: the complainant agrees that the facts, scrubbed of personal data, are published
  // with the closed case in the public complaint database (publication.h). Off by default.
  bool publish_consent = false;
};

// The submitter as the caller may see them: in full for the handling office's officials (each
// view audited), masked for other officials, withheld from everyone else (Art. 33).
struct Submitter {
  std::string name;
  std::string phone;
  std::string id_number;
  std::string address;
  bool real_name = true;
  std::string visibility;  // "full", "masked", "withheld"
};

struct HistoryEntry {
  std::string at;
  std::string actor;
  std::string action;
  std::string from_state;
  std::string to_state;
  std::string note;
};

// Another case named in a case: its id, number and state.
struct CaseLink {
  std::int64_t id = 0;
  std::string number;
  std::string state;
  std::string received_on;
};

struct CaseRecord {
  std::int64_t id = 0;
  std::string number;  // TS20261206-000001 (投诉), JB… (举报)
  std::int64_t submission_id = 0;
  Kind kind = Kind::kComplaint;
  State state = State::kReceived;
  std::string channel;
  std::string respondent_uscc;
  std::string respondent_name;
  std::string respondent_kind;
  std::string subject;
  std::string domicile_region;
  std::string business_region;
  std::string platform_uscc;
  std::string platform_domicile_region;
  std::string act_region;
  std::string publisher_region;
  std::string advertiser_region;
  std::string agency_region;
  std::string handling_region;
  std::string routing_article;
  std::string competent;  // "370202 (实际经营地); 370102 (住所地)"
  std::string facts;
  std::string request;
  std::string object_class;
  std::string problem;
  std::string classified_by;  // "rules" or the officer who labelled it
  CaseDates dates;
  std::string closed_on;
  std::string next_due_on;  // the earliest due day of a running timer, "" when none runs
  std::string ground;       // refusal (Art. 15) or end of mediation (Art. 21)
  std::string outcome;
  std::string return_reason;
  std::string pause_ground;       // why the clock is stopped (dates.paused_on), "" when running
  std::int64_t duplicate_of = 0;  // merged: the first case of the chain
  int reopened = 0;               // times reopened after closing
  bool upheld = false;            // closed as 查证属实: published to credit (complaint.upheld)
  int rating = 0;                 // the submitter's satisfaction, 1-5 (0: not rated)
  std::string rating_comment;
  std::string rated_at;
  std::string created_at;
  std::string updated_at;
  // Computed for the caller:
  std::vector<Deadline> deadlines;
  bool overdue = false;
  std::vector<std::string> actions;    // the steps the caller may take now
  std::optional<Submitter> submitter;  // single-case reads only
  std::vector<HistoryEntry> history;   // single-case reads only
  // Single-case reads: the repeats merged into this case, and earlier open cases of the same kind
  // from the same phone against the same respondent (candidates for the officer to merge into).
  std::vector<CaseLink> duplicates;
  std::vector<CaseLink> duplicate_candidates;
  std::string duplicate_of_number;
};

struct Submitted {
  std::int64_t submission_id = 0;
  std::vector<CaseRecord> cases;
};

// A handling step's details: the ground (refuse: Art. 15; terminate: Art. 21; pause: what stops
// the clock), the reason (return, extend, reopen), the outcome (agree), the office (dispatch), the
// first case (merge: its number), the finding (close: upheld), a note (any step).
struct StepInput {
  std::string ground;
  std::string reason;
  std::string outcome;
  std::string handling_region;
  std::string duplicate_of;
  bool upheld = false;
  std::string note;
};

struct CaseFilter {
  std::string kind;
  std::string state;
  std::optional<std::string> region;  // a subtree of the caller's jurisdiction
  bool overdue_only = false;
  Page page;
};

// Cases counted by office region × object class × problem (what the risk module clusters).
struct CaseCount {
  std::string region;
  std::string object_class;
  std::string problem;
  std::int64_t count = 0;
};

// The cases of a jurisdiction with a statutory timer running (the 工作台's to-do): how many, how
// many past their due day, and the earliest due day not yet past ("" when none).
struct DueCount {
  std::int64_t running = 0;
  std::int64_t overdue = 0;
  std::string next_due;
};

struct CountFilter {
  std::optional<std::string> region;
  std::string from;  // received_on ≥ from, "" for no bound
  std::string to;    // received_on ≤ to
  std::string kind;
};

// What the submitter sees of their case by its number and their phone (the portal's lookup): no
// officer, note or other party's data; their own phone masked.
struct PublicCase {
  std::string number;
  Kind kind = Kind::kComplaint;
  State state = State::kReceived;
  std::string respondent_name;
  std::string handling_region;
  std::string handling_office;  // the region's name
  std::string received_on;
  std::string closed_on;
  std::string outcome;       // once decided or closed
  std::string duplicate_of;  // merged: the case it was merged into
  std::string phone;         // masked
  std::vector<Deadline> deadlines;
  std::vector<HistoryEntry> steps;  // at, action, to_state only
  bool may_rate = false;            // closed and not yet rated
  int rating = 0;
  std::string rated_at;
};

struct IntakeLimits {
  int portal_per_hour = 5;            // submissions per client address through the portal
  int lookups_per_hour = 30;          // portal look-ups and ratings per client address
  int max_batch = 500;                // submissions per API call
  std::size_t max_text_bytes = 4000;  // facts and request
};

// A trainable classifier's model file as installed for intake (投诉分类模型).
struct ClassifierModelInfo {
  std::int64_t id = 0;
  std::string digest;  // SM3 of the model file, hex
  std::string tokenizer;
  std::vector<std::string> labels;  // object codes of the taxonomy
  std::int64_t vocabulary = 0;
  std::int64_t documents = 0;  // it was trained on
  std::string installed_by;
  std::string installed_at;  // UTC
  std::string retired_at;    // "" while in use
};

class ComplaintService {
 public:
  ComplaintService(store::Database& db, registry::Registry& registry, const auth::AuditLog& audit,
                   const auth::PersonalDataCipher& cipher, const Clock& clock,
                   IntakeLimits limits = {});

  // One submission. From the anonymous portal (channel portal, rate limited per `client`, no
  // audit entry: the case's history records it), an official's console (channel phone, received
  // by their office) or an API client with the "complaint.submit" permission (channel api). Every
  // error names its field; nothing is stored unless all of it is.
  Result<Submitted> Submit(const auth::Caller& caller, const SubmissionInput& input,
                           std::string_view client);
  // Several from another system in one transaction: all or none, errors naming items[i].field.
  Result<std::vector<Submitted>> SubmitBatch(const auth::Caller& caller,
                                             const std::vector<SubmissionInput>& inputs);

  Result<CaseRecord> Get(const auth::Caller& caller, std::int64_t id);
  Result<PageOf<CaseRecord>> List(const auth::Caller& caller, const CaseFilter& filter);
  Result<std::vector<CaseCount>> Counts(const auth::Caller& caller, const CountFilter& filter);
  // One indexed aggregate over the stored earliest due day (complaint_cases.next_due_on), the
  // same criterion as the list's overdue filter. Officials only.
  Result<DueCount> DueCounts(const auth::Caller& caller);

  // A handling step (lifecycle.h); kFailedPrecondition when not allowed in the case's state,
  // kNotFound outside the caller's jurisdiction. Accepting checks the office's competence.
  Result<CaseRecord> Step(const auth::Caller& caller, std::int64_t id, Action action,
                          const StepInput& input);
  // Records that the parties (termination) or the real-name reporter (decision) were told.
  Result<CaseRecord> Notify(const auth::Caller& caller, std::int64_t id, const StepInput& input);
  // An officer's label on the two axes; the correction is kept as the case's classifier label.
  Result<CaseRecord> Classify(const auth::Caller& caller, std::int64_t id, std::string object_class,
                              std::string problem);

  // 投诉分类模型 (classifier_service.cc). An administrator installs a model file that `zq
  // complaint classifier train` wrote; from then on intake labels a case's object axis by it (the
  // problem axis stays with the keyword rules; a label given at intake or by an officer still
  // wins), and the case's classified_by names it: "model:" and its digest's first 16 hex digits.
  // kInvalidArgument (field "model") unless the file parses, its tokenizer is this build's and
  // every label is an object code of the taxonomy. Audited (complaint.classifier.install); the
  // model in use before is retired. Intake in every server process picks it up at its next case.
  Result<ClassifierModelInfo> InstallClassifier(const auth::Caller& caller, std::string_view model);
  // The model in use; nullopt while intake uses the keyword rules. Officials only.
  Result<std::optional<ClassifierModelInfo>> ClassifierInUse(const auth::Caller& caller);
  // Intake returns to the keyword rules (audited, complaint.classifier.retire); kNotFound when
  // no model is in use.
  Result<ClassifierModelInfo> RetireClassifier(const auth::Caller& caller);

  // The portal (public_view.cc): the case numbered `number` when `phone` is the submitter's (digits
  // compared); kNotFound alike for an unknown number and a wrong phone, so numbers cannot be
  // probed; at most IntakeLimits::lookups_per_hour per client.
  Result<PublicCase> Lookup(std::string_view number, std::string_view phone,
                            std::string_view client);
  // The submitter's satisfaction (回访满意度) with a closed case: 1-5 and an optional comment,
  // once.
  Result<PublicCase> Rate(std::string_view number, std::string_view phone, int rating,
                          std::string_view comment, std::string_view client);

  // 消费投诉公示 (publication.h): a registered business's complaints over the five years to
  // today, as counts. Anonymous and not audited. kInvalidArgument (field "uscc") for a malformed
  // code, kNotFound (field "uscc") for one not registered.
  Result<BusinessComplaints> BusinessRecord(std::string_view uscc);
  // The quarter's statistics ("2026Q3"; "" for the last whole quarter), for every office or the
  // subtree of `region` (a GB/T 2260 code; "" for all). kInvalidArgument (field "quarter") for a
  // malformed quarter or one that has not begun; field "region" for a malformed region,
  // kNotFound for an unknown one.
  Result<QuarterlyComplaints> QuarterlyStatistics(std::string_view quarter,
                                                  std::string_view region);
  // The public complaint database: closed complaints (not merged) of the five years to today,
  // once the business's response window has passed, newest closed first, optionally of one
  // business (`uscc`) or object class; the narrative only with the complainant's consent, and
  // scrubbed. Anonymous and not audited. Errors name "uscc", "object_class", "page", "page_size".
  Result<PageOf<PublishedComplaint>> PublishedComplaints(const PublishedFilter& filter);

  // Re-seals every submitter's fields under `to` and recomputes the phone's blind index, inside
  // `tx` (`zq keys rotate`). An error when a stored value does not open under the current key.
  Status RekeyPersonalData(store::Transaction& tx, const auth::PersonalDataCipher& to) const;

  const RuleBook& rules() const { return rules_; }

  const Taxonomy& taxonomy() const { return taxonomy_; }

 private:
  Status TakePortalQuota(std::string_view client);
  Status TakeQuota(const std::string& key, int per_hour);
  Result<CaseRecord> FindOwn(store::Transaction& tx, std::string_view number,
                             std::string_view phone) const;
  Result<PublicCase> PublicOf(store::Transaction& tx, const CaseRecord& c,
                              std::string_view today) const;
  void NameOffice(PublicCase& c);
  Result<std::vector<CaseRecord>> Insert(store::Transaction& tx, const auth::Caller& caller,
                                         const SubmissionInput& input, Channel channel,
                                         std::string_view client, std::string_view field_prefix);
  // Saves a step's changes, with its history entry and audit entry (complaint.<action>).
  Status Record(store::Transaction& tx, const auth::Caller& caller, CaseRecord& c,
                std::string_view action, State from, const std::string& note) const;
  Status Finish(CaseRecord& c, const auth::Caller& caller, std::string_view today) const;
  // handling.cc: the pause in progress folded into the paused working days; a repeat linked to
  // the first case (answers the history note); the finding 查证属实 published to credit.
  Status EndPause(CaseRecord& c, std::string_view today) const;
  Result<std::string> Merge(store::Transaction& tx, const auth::Caller& caller, CaseRecord& c,
                            const std::string& first, std::string_view today) const;
  Status Uphold(store::Transaction& tx, CaseRecord& c, State from, bool upheld,
                std::string_view today, std::string& note) const;

  // classifier_service.cc: the model in use as `tx` sees it, parsed once per model (null with the
  // keyword rules), and the object class it gives `text` with the classified_by naming it.
  struct ModelInUse {
    std::int64_t id = 0;
    std::string digest;
    std::shared_ptr<const NaiveBayesModel> model;
  };

  Result<ModelInUse> LoadModelInUse(store::Transaction& tx);
  Result<std::optional<std::pair<std::string, std::string>>> ModelObjectClass(
      store::Transaction& tx, std::string_view text);

  store::Database& db_;
  registry::Registry& registry_;
  const auth::AuditLog& audit_;
  const auth::PersonalDataCipher& cipher_;
  const Clock& clock_;
  IntakeLimits limits_;
  const RuleBook& rules_ = RuleBook::Embedded();
  const Taxonomy& taxonomy_ = Taxonomy::Embedded();
  const WorkingDayCalendar& calendar_ = WorkingDayCalendar::China();
  std::mutex model_mu_;
  ModelInUse model_cache_;
  std::mutex quota_mu_;
  std::map<std::string, std::vector<std::chrono::system_clock::time_point>, std::less<>> quota_;
};

}  // namespace zq::complaint
