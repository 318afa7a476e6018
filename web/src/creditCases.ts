// The credit lists, penalty publication, objections and repair (issue 6, point 6): the records of
// src/api/routes/credit_list_routes.cc and credit_repair_routes.cc, and the value sets the server
// checks (src/credit/credit_lists.h, penalty_publication.h, repair_rules.h).
import { i18n } from './i18n';

const { t } = i18n.global;

// 严重违法失信名单. status: proposed (awaiting the level above), listed, rejected, removed.
export interface SeriousListing {
  id: number;
  uscc: string;
  entity_name: string;
  legal_representative: string;
  region_code: string;
  status: string;
  origin: string;
  category: string;
  penalty_event_id: number;
  judgement: string;
  decision_no: string;
  authority_region: string;
  proposed_by: string;
  proposed_on: string;
  approver_region: string;
  decided_by: string;
  decided_on: string;
  decision_note: string;
  listed_on: string;
  term_ends_on: string;
  removed_on: string;
  removed_by: string;
  removal_reason: string;
  listing_event_id: number;
  removal_event_id: number;
  abnormal_listing_id: number;
  actions: string[]; // this caller may: "approve" and "reject" a proposal, "remove" a listing
}

// 经营异常名录. status: listed, removed, escalated (moved to the serious list after 3 years).
export interface AbnormalListing {
  id: number;
  uscc: string;
  entity_name: string;
  region_code: string;
  status: string;
  reason: string;
  decision_no: string;
  authority_region: string;
  listed_by: string;
  listed_on: string;
  escalation_on: string;
  escalation_due: boolean;
  removed_on: string;
  removed_by: string;
  removal_reason: string;
  listing_event_id: number;
  removal_event_id: number;
  serious_listing_id: number;
}

// 行政处罚信息公示. status: pending, published, revoked, retracted, withdrawn, stopped.
export interface PenaltyPublication {
  id: number;
  authority_province: string; // "" = this province; else the deciding authority's (跨省)
  received_on: string;
  received_late: boolean;
  uscc: string;
  region_code: string;
  penalty_event_id: number;
  decision_no: string;
  party: string;
  legal_representative: string;
  violation_type: string;
  penalty_kind: string;
  penalty_text: string;
  restriction_months: number;
  case_domain: string;
  authority: string;
  authority_region: string;
  decision_date: string;
  status: string;
  due_on: string;
  overdue: boolean;
  published_on: string;
  display_until: string;
  expired: boolean;
  revoked_on: string;
  revocation_ref: string;
  retraction_due_on: string;
  retraction_overdue: boolean;
  retracted_on: string;
  withdrawal_event_id: number;
  stopped_on: string;
}

// 异议. status: pending, upheld, rejected.
export interface Objection {
  id: number;
  uscc: string;
  region_code: string;
  event_id: number;
  event_type: string;
  grounds: string;
  evidence_ref: string;
  filed_by: string;
  filed_on: string;
  due_on: string;
  extended: boolean;
  extension_reason: string;
  status: string;
  decided_by: string;
  decided_on: string;
  decision_reason: string;
  ending_event_id: number;
  overdue: boolean;
}

// 信用修复申请. status: pending, approved, rejected.
export interface RepairApplication {
  id: number;
  uscc: string;
  region_code: string;
  kind: string;
  event_id: number;
  event_type: string;
  facts: { ground: string; domain: string; measures: string[]; penalty_fulfilled: boolean; harm_removed: boolean };
  evidence_ref: string;
  statement: string;
  filed_by: string;
  filed_on: string;
  due_on: string;
  status: string;
  decided_by: string;
  decided_on: string;
  decision_reason: string;
  fraudulent: boolean;
  barred_until: string;
  ending_event_id: number;
  overdue: boolean;
}

export interface Eligibility {
  eligible: boolean;
  earliest_on: string;
  failures: { condition: string; reason: string }[];
}

// 总局令第44号 Arts. 5-10.
export const SERIOUS_CATEGORIES = ['food', 'drug_device_cosmetic', 'quality_safety', 'consumer_harm', 'fair_competition', 'obstructing_inspection'];
export const SERIOUS_STATUSES = ['proposed', 'listed', 'rejected', 'removed'];
// The listing bureau's removals; "term_expired" is the daily sweep's.
export const SERIOUS_REMOVALS = ['decision_revoked', 'repaired', 'corrected'];
// 企业信息公示暂行条例第17条.
export const ABNORMAL_REASONS = ['annual_report_not_filed', 'instant_disclosure_overdue', 'false_information', 'unreachable_at_address'];
export const ABNORMAL_STATUSES = ['listed', 'removed', 'escalated'];
export const ABNORMAL_REMOVALS = ['annual_report_filed', 'disclosure_made', 'information_corrected', 'reachable_again', 'corrected'];
export const PUBLICATION_STATUSES = ['pending', 'published', 'revoked', 'retracted', 'withdrawn', 'stopped'];
// 总局令第45号 Art. 2, 13 ("warning" is not published).
export const PENALTY_KINDS = ['criticism', 'small_fine', 'fine', 'confiscation', 'suspension', 'licence_revoked', 'employment_ban', 'other'];
export const CASE_DOMAINS = ['food', 'drug', 'special_equipment', 'other'];
export const CASE_STATUSES = { objection: ['pending', 'upheld', 'rejected'], repair: ['pending', 'approved', 'rejected'] };
// 信用修复管理办法 Art. 2, and what each kind repairs (the event the application names).
export const REPAIR_KINDS = ['abnormal_list', 'serious_list', 'penalty_publication'];
export const REPAIR_TARGETS: Record<string, string[]> = {
  abnormal_list: ['list.abnormal.added'],
  serious_list: ['list.serious.added'],
  penalty_publication: ['penalty.minor', 'penalty.ordinary', 'penalty.heavy'],
};
export const ABNORMAL_GROUNDS = ['annual_report', 'disclosure', 'corrected', 'reachable'];
export const REPAIR_DOMAINS = ['general', 'food', 'drug', 'special_equipment'];
export const PENALTY_MEASURES = ['warning', 'criticism', 'small_fine', 'fine', 'confiscation', 'suspension', 'licence_revoked', 'employment_ban', 'other'];
// Events that end another and so cannot be contested.
export const ENDING_EVENTS = ['record.withdrawn', 'record.repaired'];

// Select options for server codes with their i18n labels (prefix + code).
export function codeOptions(codes: string[], prefix: string): { value: string; label: string }[] {
  return codes.map((v) => ({ value: v, label: t(prefix + v) }));
}

// Element Plus tag types by status.
export function statusTag(status: string): 'success' | 'primary' | 'warning' | 'danger' | 'info' {
  if (['listed', 'published', 'escalated'].includes(status)) return 'danger';
  if (['proposed', 'pending', 'revoked'].includes(status)) return 'warning';
  if (['upheld', 'approved'].includes(status)) return 'success';
  return 'info';
}

// A step of a workflow as ActionDialog shows it: the request's fields, named as the server names
// them so that its errors land by the right field.
export type Value = string | number | boolean | string[] | undefined | null;
export interface ActionField {
  name: string;
  label: string;
  kind: 'text' | 'textarea' | 'select' | 'multi' | 'radio' | 'date' | 'checkbox' | 'number' | 'static' | 'uscc' | 'event';
  options?: { value: string; label: string }[];
  value?: Value;
  required?: boolean;
  min?: number; // bytes (texts) or the least number
  max?: number; // bytes (texts) or the greatest number
  hint?: string;
  types?: string[]; // event: the event types offered, of the firm in the field "uscc"
  exclude?: string[]; // event: types not offered
  local?: boolean; // not sent (e.g. the USCC whose events are offered)
}
// The decision on an objection or a repair application: one of the outcomes after "pending", and
// the reason (required by the server for a rejection).
export function decisionFields(kind: keyof typeof CASE_STATUSES): ActionField[] {
  return [
    { name: 'decision', label: t('ccase.decision'), kind: 'radio', required: true, options: codeOptions(CASE_STATUSES[kind].slice(1), 'ccase.st_') },
    { name: 'reason', label: t('ccase.reason'), kind: 'textarea', max: 2000, hint: t('ccase.reasonHint') },
  ];
}

export interface ActionSpec {
  title: string;
  intro?: string;
  confirm: string;
  danger?: boolean;
  fields: ActionField[];
  submit: (values: Record<string, Value>) => Promise<unknown>;
}
