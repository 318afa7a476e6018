// 严重违法失信名单 (总局令第44号): proposal, approval by the level above, listing for a term,
// removal by the listing bureau (谁列入谁移出). Each listing and removal appends its list.* credit
// event and regrades the entity in the same transaction.
#include "credit/credit_lists.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/calendar.h"
#include "core/ids/region_code.h"
#include "credit/internal/list_rows.h"

namespace zq::credit {

using store::Value;

namespace {

// Who decides (approves or rejects) a proposal: a regulator of the approving bureau, the level
// above, other than the proposer.
Status CheckDecider(const auth::Caller& caller, const SeriousListing& s, std::string_view what) {
  if (!caller.ActsForAuthority(s.approver_region)) {
    return Status::PermissionDenied(
        fmt::format("{} is for the bureau of the level above ({})", what, s.approver_region),
        "approver");
  }
  if (caller.actor == s.proposed_by)
    return Status::PermissionDenied("the proposer does not decide their own", "approver");
  return Status::Ok();
}

// Who removes a listing: the listing bureau (谁列入谁移出), within whose jurisdiction the firm is.
Status CheckRemover(const auth::Caller& caller, const SeriousListing& s) {
  if (!caller.ActsForAuthority(s.authority_region)) {
    return Status::PermissionDenied(
        "the listing bureau removes (谁列入谁移出): " + s.authority_region, "authority_region");
  }
  return Status::Ok();
}

// SeriousListing::actions: what the checks of Approve/Reject/RemoveSerious let the caller do.
SeriousListing WithActions(const auth::Caller& caller, SeriousListing s) {
  s.actions.clear();
  if (s.status == "proposed" && CheckDecider(caller, s, "approval").ok()) {
    s.actions = {"approve", "reject"};
  } else if (s.status == "listed" && CheckRemover(caller, s).ok() &&
             caller.CanWriteIn(s.region_code)) {
    s.actions = {"remove"};
  }
  return s;
}

}  // namespace

Result<std::int64_t> CreditLists::CountListings(const auth::Caller& caller,
                                                const std::optional<ids::RegionCode>& region) {
  std::string where;
  std::vector<store::Value> params;
  ZQ_RETURN_IF_ERROR(internal::AppendScope(caller, ids::CodeOrEmpty(region), where, params));
  std::vector<store::Value> both = params;
  both.insert(both.end(), params.begin(), params.end());
  ZQ_ASSIGN_OR_RETURN(auto tx, db_.Begin(store::TxMode::kReadOnly));
  ZQ_ASSIGN_OR_RETURN(store::ResultSet rs,
                      tx->Query(fmt::format("SELECT (SELECT COUNT(*) FROM credit_serious_listings "
                                            "WHERE 1 = 1{0}) + (SELECT COUNT(*) FROM "
                                            "credit_abnormal_listings WHERE 1 = 1{0})",
                                            where),
                                both));
  return rs.rows.at(0).GetInt(0);
}

std::map<std::string, registry::ListedEntity, std::less<>> CreditLists::NamesOf(
    const std::vector<std::string>& usccs) {
  if (usccs.empty())
    return {};
  Result<std::unique_ptr<store::Transaction>> tx = db_.Begin(store::TxMode::kReadOnly);
  if (!tx.ok())
    return {};
  Result<std::map<std::string, registry::ListedEntity, std::less<>>> names =
      registry_.ListedEntitiesIn(**tx, usccs);
  return names.ok() ? std::move(*names)
                    : std::map<std::string, registry::ListedEntity, std::less<>>{};
}

Result<std::int64_t> CreditLists::AppendListEvent(store::Transaction& tx,
                                                  const auth::Caller& caller, std::string_view type,
                                                  std::string_view uscc, std::string source_id,
                                                  std::string on, std::string evidence_ref,
                                                  std::string summary) {
  CreditEvent e;
  e.source = "credit-lists";
  e.source_id = std::move(source_id);
  e.event_type = std::string(type);
  e.uscc = std::string(uscc);
  e.occurred_on = std::move(on);
  e.evidence_ref = std::move(evidence_ref);
  e.summary = std::move(summary);
  // Every path here is a bureau's or an administrator's decision whose scope was checked on the
  // listing; the event is recorded in the caller's name (PrepareEventInTx refuses a non-writer).
  ZQ_RETURN_IF_ERROR(credit_.PrepareEventInTx(tx, caller, e));
  ZQ_ASSIGN_OR_RETURN(std::vector<RecordOutcome> out,
                      credit_.StoreEvents(tx, caller, std::span(&e, 1)));
  return out.at(0).event.id;
}

Result<SeriousListing> CreditLists::LoadSerious(store::Transaction& tx, const auth::Caller& caller,
                                                std::int64_t id, Names names) const {
  const std::vector<Value> key = {id};
  ZQ_ASSIGN_OR_RETURN(store::ResultSet rs,
                      tx.Query(fmt::format("SELECT {} FROM credit_serious_listings WHERE id = ?",
                                           internal::SeriousColumns().List()),
                               key));
  if (rs.rows.empty())
    return Status::NotFound("no such serious listing", "listing_id");
  SeriousListing s = internal::SeriousFromRow(rs.rows[0]);
  if (!internal::MayRead(caller, s.region_code, s.uscc))
    return Status::NotFound("no such serious listing", "listing_id");
  if (names == Names::kWith) {
    ZQ_ASSIGN_OR_RETURN(const registry::ListedEntity facts, registry_.ListedEntityIn(tx, s.uscc));
    s.entity_name = facts.name;
    s.legal_representative = facts.legal_representative_masked;
  }
  return s;
}

Status CreditLists::ListSeriousInTx(store::Transaction& tx, const auth::Caller& caller,
                                    SeriousListing& s, const std::string& on) {
  s.status = "listed";
  s.listed_on = on;
  s.term_ends_on = internal::PlusMonths(on, rules_.serious_term_months);
  ZQ_ASSIGN_OR_RETURN(s.listing_event_id,
                      AppendListEvent(tx, caller, "list.serious.added", s.uscc,
                                      fmt::format("serious:{}:added", s.id), on, s.decision_no,
                                      fmt::format("{} ({})", s.decision_no, s.category)));
  const std::vector<Value> update = {s.status,
                                     s.listed_on,
                                     s.term_ends_on,
                                     s.listing_event_id,
                                     s.decided_by,
                                     s.decided_on,
                                     auth::FormatTimestamp(clock_.Now()),
                                     s.id};
  return tx
      .Execute(
          "UPDATE credit_serious_listings SET status = ?, listed_on = ?, term_ends_on = ?, "
          "listing_event_id = ?, decided_by = ?, decided_on = ?, updated_at = ? WHERE id = ?",
          update)
      .status();
}

Result<SeriousListing> CreditLists::ProposeSerious(const auth::Caller& caller, SeriousProposal p) {
  if (!caller.ActsForAuthority())
    return Status::PermissionDenied("a listing is decided by a regulator's bureau");
  const Result<ids::RegionCode> own = ids::ParseRegionCode(caller.region_code);
  if (!own.ok())
    return Status::PermissionDenied("this regulator has no jurisdiction", "region_code");
  if (!internal::OneOf(p.category, kSeriousCategories)) {
    return Status::InvalidArgument(
        "category is a violation type of 总局令第44号 Arts. 5-10 (food, drug_device_cosmetic, "
        "quality_safety, consumer_harm, fair_competition, obstructing_inspection)",
        "category");
  }
  if (p.judgement.size() < 12 || p.judgement.size() > 4000) {
    return Status::InvalidArgument(
        "the Art. 12 judgement (性质恶劣、情节严重、社会危害较大, and why) is required: 12-4000 "
        "bytes",
        "judgement");
  }
  if (p.decision_no.empty() || p.decision_no.size() > 200)
    return Status::InvalidArgument("decision_no is required (at most 200 bytes)", "decision_no");
  SeriousListing s;
  ZQ_RETURN_IF_ERROR(store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    Result<registry::ListedEntity> entity = registry_.ListedEntityIn(tx, p.uscc);
    if (!entity.ok() || !caller.CanWriteIn(entity->region_code))
      return Status::NotFound("no such market entity", "uscc");
    Result<CreditEvent> penalty = credit_.EventInScope(tx, caller, p.penalty_event_id);
    if (!penalty.ok() || penalty->uscc != p.uscc || penalty->event_type != "penalty.heavy") {
      return Status::InvalidArgument(
          "penalty_event_id must name a 较重行政处罚 (penalty.heavy) of this entity (Art. 2)",
          "penalty_event_id");
    }
    const std::vector<Value> ended_key = {p.penalty_event_id};
    ZQ_ASSIGN_OR_RETURN(
        store::ResultSet ended,
        tx.Query("SELECT id FROM credit_events WHERE ends_event_id = ?", ended_key));
    if (!ended.rows.empty())
      return Status::InvalidArgument("that penalty was withdrawn", "penalty_event_id");
    const std::vector<Value> key = {p.uscc};
    ZQ_ASSIGN_OR_RETURN(store::ResultSet open,
                        tx.Query("SELECT id FROM credit_serious_listings WHERE uscc = ? AND "
                                 "status IN ('proposed', 'listed')",
                                 key));
    if (!open.rows.empty()) {
      return Status::FailedPrecondition(
          fmt::format("already proposed or listed (listing {})", open.rows[0].GetInt(0)), "uscc");
    }
    const bool direct =
        !rules_.approval_by_level_above || own->level() == ids::RegionLevel::kProvince;
    s.uscc = p.uscc;
    s.region_code = entity->region_code;
    s.status = "proposed";
    s.origin = "decision";
    s.category = p.category;
    s.penalty_event_id = p.penalty_event_id;
    s.judgement = p.judgement;
    s.decision_no = p.decision_no;
    s.authority_region = caller.region_code;
    s.proposed_by = caller.actor;
    s.proposed_on = TodayText(clock_);
    s.approver_region = direct ? std::string() : own->Parent()->code;
    const std::vector<Value> row = {s.uscc,
                                    s.region_code,
                                    s.status,
                                    s.origin,
                                    s.category,
                                    s.penalty_event_id,
                                    s.judgement,
                                    s.decision_no,
                                    s.authority_region,
                                    s.proposed_by,
                                    s.proposed_on,
                                    s.approver_region,
                                    auth::FormatTimestamp(clock_.Now())};
    ZQ_RETURN_IF_ERROR(
        tx.Execute("INSERT INTO credit_serious_listings (uscc, region_code, status, origin, "
                   "category, penalty_event_id, judgement, decision_no, authority_region, "
                   "proposed_by, proposed_on, approver_region, updated_at) VALUES "
                   "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   row)
            .status());
    ZQ_ASSIGN_OR_RETURN(
        store::ResultSet id,
        tx.Query("SELECT MAX(id) FROM credit_serious_listings WHERE uscc = ?", key));
    s.id = id.rows.at(0).GetInt(0);
    const nlohmann::json detail = {{"uscc", s.uscc},
                                   {"category", s.category},
                                   {"decision_no", s.decision_no},
                                   {"approver_region", s.approver_region}};
    ZQ_RETURN_IF_ERROR(credit_.audit().Append(tx, caller, "credit.serious.propose",
                                              fmt::format("serious_listing:{}", s.id),
                                              detail.dump()));
    if (!direct)
      return Status::Ok();
    s.decided_by = caller.actor;
    s.decided_on = s.proposed_on;
    return ListSeriousInTx(tx, caller, s, s.proposed_on);
  }));
  return GetSerious(caller, s.id);
}

Result<SeriousListing> CreditLists::LoadProposal(store::Transaction& tx, const auth::Caller& caller,
                                                 std::int64_t listing_id,
                                                 const ProposalDecision& d) const {
  ZQ_ASSIGN_OR_RETURN(SeriousListing s, LoadSerious(tx, caller, listing_id, Names::kWithout));
  if (s.status != "proposed") {
    return Status::FailedPrecondition(
        fmt::format("only a proposal is {} (it is {})", d.done, s.status), "status");
  }
  ZQ_RETURN_IF_ERROR(CheckDecider(caller, s, d.noun));  // the rule WithActions offers by too
  return s;
}

Result<SeriousListing> CreditLists::ApproveSerious(const auth::Caller& caller,
                                                   std::int64_t listing_id) {
  ZQ_RETURN_IF_ERROR(store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    ZQ_ASSIGN_OR_RETURN(SeriousListing s,
                        LoadProposal(tx, caller, listing_id, {"approved", "approval"}));
    s.decided_by = caller.actor;
    s.decided_on = TodayText(clock_);
    ZQ_RETURN_IF_ERROR(credit_.audit().Append(tx, caller, "credit.serious.approve",
                                              fmt::format("serious_listing:{}", s.id)));
    return ListSeriousInTx(tx, caller, s, s.decided_on);
  }));
  return GetSerious(caller, listing_id);
}

Result<SeriousListing> CreditLists::RejectSerious(const auth::Caller& caller,
                                                  std::int64_t listing_id, std::string reason) {
  if (reason.empty() || reason.size() > 2000)
    return Status::InvalidArgument("a rejection gives its reason (at most 2000 bytes)", "reason");
  ZQ_RETURN_IF_ERROR(store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    ZQ_RETURN_IF_ERROR(LoadProposal(tx, caller, listing_id, {"rejected", "rejection"}).status());
    const std::vector<Value> update = {caller.actor, TodayText(clock_), reason,
                                       auth::FormatTimestamp(clock_.Now()), listing_id};
    ZQ_RETURN_IF_ERROR(tx.Execute("UPDATE credit_serious_listings SET status = 'rejected', "
                                  "decided_by = ?, decided_on = ?, decision_note = ?, "
                                  "updated_at = ? WHERE id = ?",
                                  update)
                           .status());
    return credit_.audit().Append(tx, caller, "credit.serious.reject",
                                  fmt::format("serious_listing:{}", listing_id),
                                  nlohmann::json{{"reason", reason}}.dump());
  }));
  return GetSerious(caller, listing_id);
}

Result<SeriousListing> CreditLists::RemoveSeriousInTx(store::Transaction& tx,
                                                      const auth::Caller& caller,
                                                      std::int64_t listing_id,
                                                      std::string_view reason, std::string on) {
  if (!internal::OneOf(reason, kSeriousRemovalReasons))
    return Status::InvalidArgument("unknown removal reason", "reason");
  ZQ_ASSIGN_OR_RETURN(SeriousListing s, LoadSerious(tx, caller, listing_id, Names::kWithout));
  ZQ_ASSIGN_OR_RETURN(s.removal_event_id, RemoveListingInTx(tx, caller,
                                                            {"serious", s.id, s.uscc, s.region_code,
                                                             s.status, s.listed_on, s.decision_no},
                                                            "removed", reason, on));
  s.status = "removed";
  s.removed_on = on;
  s.removed_by = caller.actor;
  s.removal_reason = std::string(reason);
  return s;
}

Result<std::int64_t> CreditLists::RemoveListingInTx(store::Transaction& tx,
                                                    const auth::Caller& caller,
                                                    const ListingRef& listing,
                                                    std::string_view new_status,
                                                    std::string_view reason, std::string& on) {
  if (!caller.CanWriteIn(listing.region_code))
    return Status::NotFound(fmt::format("no such {} listing", listing.list), "listing_id");
  if (listing.status != "listed") {
    return Status::FailedPrecondition(
        fmt::format("only a listed entity is removed (it is {})", listing.status), "status");
  }
  if (on.empty())
    on = TodayText(clock_);
  if (on < listing.listed_on || on > TodayText(clock_))
    return Status::InvalidArgument("a removal lies between the listing and today", "removed_on");
  ZQ_ASSIGN_OR_RETURN(
      const std::int64_t event_id,
      AppendListEvent(tx, caller, fmt::format("list.{}.removed", listing.list), listing.uscc,
                      fmt::format("{}:{}:removed", listing.list, listing.id), on,
                      std::string(listing.decision_no),
                      fmt::format("{} ({})", listing.decision_no, reason)));
  const std::vector<Value> update = {std::string(new_status),
                                     on,
                                     caller.actor,
                                     std::string(reason),
                                     event_id,
                                     auth::FormatTimestamp(clock_.Now()),
                                     listing.id};
  ZQ_RETURN_IF_ERROR(tx.Execute(fmt::format("UPDATE credit_{}_listings SET status = ?, "
                                            "removed_on = ?, removed_by = ?, removal_reason = ?, "
                                            "removal_event_id = ?, updated_at = ? WHERE id = ?",
                                            listing.list),
                                update)
                         .status());
  ZQ_RETURN_IF_ERROR(credit_.audit().Append(tx, caller,
                                            fmt::format("credit.{}.remove", listing.list),
                                            fmt::format("{}_listing:{}", listing.list, listing.id),
                                            nlohmann::json{{"reason", reason}}.dump()));
  return event_id;
}

Result<SeriousListing> CreditLists::RemoveSerious(const auth::Caller& caller,
                                                  std::int64_t listing_id,
                                                  std::string_view reason) {
  if (reason == "term_expired" || !internal::OneOf(reason, kSeriousRemovalReasons)) {
    return Status::InvalidArgument(
        "reason: decision_revoked, repaired or corrected (the term's end is the sweep's)",
        "reason");
  }
  ZQ_RETURN_IF_ERROR(store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    ZQ_ASSIGN_OR_RETURN(const SeriousListing s,
                        LoadSerious(tx, caller, listing_id, Names::kWithout));
    ZQ_RETURN_IF_ERROR(CheckRemover(caller, s));
    return RemoveSeriousInTx(tx, caller, listing_id, reason).status();
  }));
  return GetSerious(caller, listing_id);
}

Result<SeriousListing> CreditLists::GetSerious(const auth::Caller& caller,
                                               std::int64_t listing_id) {
  ZQ_ASSIGN_OR_RETURN(auto tx, db_.Begin(store::TxMode::kReadOnly));
  ZQ_ASSIGN_OR_RETURN(SeriousListing s, LoadSerious(*tx, caller, listing_id, Names::kWith));
  return WithActions(caller, std::move(s));
}

Result<ListPage<SeriousListing>> CreditLists::SeriousListings(const auth::Caller& caller,
                                                              const ListFilter& f) {
  ZQ_RETURN_IF_ERROR(internal::CheckPage(f.page, f.page_size));
  std::string where = "WHERE 1 = 1";
  std::vector<Value> params;
  ZQ_RETURN_IF_ERROR(internal::AppendScope(caller, f.region_code, where, params));
  ZQ_ASSIGN_OR_RETURN(ListPage<SeriousListing> page,
                      SeriousPage(f, std::move(where), std::move(params)));
  for (SeriousListing& s : page.items) s = WithActions(caller, std::move(s));
  return page;
}

Result<ListPage<SeriousListing>> CreditLists::SeriousPage(const ListFilter& f, std::string where,
                                                          std::vector<Value> params) {
  internal::AppendEquals("status", f.status, where, params);
  internal::AppendEquals("uscc", f.uscc, where, params);
  internal::AppendEquals("category", f.category, where, params);
  ListPage<SeriousListing> out;
  out.page = f.page;
  out.page_size = f.page_size;
  ZQ_ASSIGN_OR_RETURN(
      out.total, internal::QueryPage(db_, "credit_serious_listings",
                                     internal::SeriousColumns().List(), where, std::move(params),
                                     "id DESC", f.page, f.page_size, [&](const store::Row& row) {
                                       out.items.push_back(internal::SeriousFromRow(row));
                                     }));
  const auto names = NamesOf(out.items);
  for (SeriousListing& s : out.items) {
    if (const auto it = names.find(s.uscc); it != names.end()) {
      s.entity_name = it->second.name;
      // Masked in every list view, whoever asks: the entity page shows it in full (and audits it).
      s.legal_representative = it->second.legal_representative_masked;
    }
  }
  return out;
}

Result<ListPage<PublicSeriousEntry>> CreditLists::PublicSeriousList(const ListFilter& f) {
  ZQ_RETURN_IF_ERROR(internal::CheckPage(f.page, f.page_size));
  // Published records of every region: the scope is the filter's, not an identity's.
  std::string where = "WHERE 1 = 1";
  std::vector<Value> params;
  ZQ_RETURN_IF_ERROR(internal::AppendRegionFilter(f.region_code, where, params));
  ListFilter listed = f;
  listed.status = "listed";
  ZQ_ASSIGN_OR_RETURN(ListPage<SeriousListing> page,
                      SeriousPage(listed, std::move(where), std::move(params)));
  ListPage<PublicSeriousEntry> out;
  out.total = page.total;
  out.page = page.page;
  out.page_size = page.page_size;
  for (SeriousListing& s : page.items) {
    out.items.push_back({std::move(s.uscc), std::move(s.entity_name),
                         std::move(s.legal_representative), std::move(s.category),
                         std::move(s.decision_no), std::move(s.authority_region),
                         std::move(s.listed_on), std::move(s.term_ends_on)});
  }
  return out;
}

}  // namespace zq::credit
