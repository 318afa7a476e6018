#include "api/routes/credit_list_json.h"

namespace zq::api {

using credit::AbnormalListing;
using credit::PenaltyPublication;
using credit::SeriousListing;

nlohmann::json SeriousJson(const SeriousListing& s) {
  return {{"id", s.id},
          {"uscc", s.uscc},
          {"entity_name", s.entity_name},
          {"legal_representative", s.legal_representative},
          {"region_code", s.region_code},
          {"status", s.status},
          {"origin", s.origin},
          {"category", s.category},
          {"penalty_event_id", s.penalty_event_id},
          {"judgement", s.judgement},
          {"decision_no", s.decision_no},
          {"authority_region", s.authority_region},
          {"proposed_by", s.proposed_by},
          {"proposed_on", s.proposed_on},
          {"approver_region", s.approver_region},
          {"decided_by", s.decided_by},
          {"decided_on", s.decided_on},
          {"decision_note", s.decision_note},
          {"listed_on", s.listed_on},
          {"term_ends_on", s.term_ends_on},
          {"removed_on", s.removed_on},
          {"removed_by", s.removed_by},
          {"removal_reason", s.removal_reason},
          {"listing_event_id", s.listing_event_id},
          {"removal_event_id", s.removal_event_id},
          {"abnormal_listing_id", s.abnormal_listing_id},
          {"actions", s.actions}};
}

nlohmann::json AbnormalJson(const AbnormalListing& a) {
  return {{"id", a.id},
          {"uscc", a.uscc},
          {"entity_name", a.entity_name},
          {"region_code", a.region_code},
          {"status", a.status},
          {"reason", a.reason},
          {"decision_no", a.decision_no},
          {"authority_region", a.authority_region},
          {"listed_by", a.listed_by},
          {"listed_on", a.listed_on},
          {"escalation_on", a.escalation_on},
          {"escalation_due", a.escalation_due},
          {"removed_on", a.removed_on},
          {"removed_by", a.removed_by},
          {"removal_reason", a.removal_reason},
          {"listing_event_id", a.listing_event_id},
          {"removal_event_id", a.removal_event_id},
          {"serious_listing_id", a.serious_listing_id}};
}

nlohmann::json PublicationJson(const PenaltyPublication& p) {
  return {{"id", p.id},
          {"uscc", p.uscc},
          {"region_code", p.region_code},
          {"penalty_event_id", p.penalty_event_id},
          {"decision_no", p.decision_no},
          {"party", p.party},
          {"legal_representative", p.legal_representative},
          {"violation_type", p.violation_type},
          {"penalty_kind", p.penalty_kind},
          {"penalty_text", p.penalty_text},
          {"restriction_months", p.restriction_months},
          {"case_domain", p.case_domain},
          {"authority", p.authority},
          {"authority_region", p.authority_region},
          {"authority_province", p.authority_province},
          {"received_on", p.received_on},
          {"received_late", p.received_late},
          {"decision_date", p.decision_date},
          {"status", p.status},
          {"due_on", p.due_on},
          {"overdue", p.overdue},
          {"published_on", p.published_on},
          {"display_until", p.display_until},
          {"expired", p.expired},
          {"revoked_on", p.revoked_on},
          {"revocation_ref", p.revocation_ref},
          {"retraction_due_on", p.retraction_due_on},
          {"retraction_overdue", p.retraction_overdue},
          {"retracted_on", p.retracted_on},
          {"withdrawal_event_id", p.withdrawal_event_id},
          {"stopped_on", p.stopped_on}};
}

nlohmann::json ObjectionJson(const credit::Objection& o) {
  return {{"id", o.id},
          {"uscc", o.uscc},
          {"region_code", o.region_code},
          {"event_id", o.event_id},
          {"event_type", o.event_type},
          {"grounds", o.grounds},
          {"evidence_ref", o.evidence_ref},
          {"filed_by", o.filed_by},
          {"filed_on", o.filed_on},
          {"due_on", o.due_on},
          {"extended", o.extended},
          {"extension_reason", o.extension_reason},
          {"status", o.status},
          {"decided_by", o.decided_by},
          {"decided_on", o.decided_on},
          {"decision_reason", o.decision_reason},
          {"ending_event_id", o.ending_event_id},
          {"overdue", o.overdue}};
}

nlohmann::json RepairJson(const credit::RepairApplication& a) {
  return {{"id", a.id},
          {"uscc", a.uscc},
          {"region_code", a.region_code},
          {"kind", credit::RepairKindName(a.kind)},
          {"event_id", a.event_id},
          {"event_type", a.event_type},
          {"facts",
           {{"ground", a.facts.ground},
            {"domain", a.facts.domain},
            {"measures", a.facts.measures},
            {"penalty_fulfilled", a.facts.penalty_fulfilled},
            {"harm_removed", a.facts.harm_removed}}},
          {"evidence_ref", a.evidence_ref},
          {"statement", a.statement},
          {"filed_by", a.filed_by},
          {"filed_on", a.filed_on},
          {"due_on", a.due_on},
          {"status", a.status},
          {"decided_by", a.decided_by},
          {"decided_on", a.decided_on},
          {"decision_reason", a.decision_reason},
          {"fraudulent", a.fraudulent},
          {"barred_until", a.barred_until},
          {"ending_event_id", a.ending_event_id},
          {"overdue", a.overdue}};
}

}  // namespace zq::api
