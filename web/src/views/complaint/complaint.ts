// The complaint module's records as the console reads them (GET /api/v1/complaints…).
export interface Deadline {
  timer: string;
  started_on: string;
  due_on: string;
  met_on: string;
  overdue: boolean;
  days_left: number;
}

export interface HistoryEntry {
  at: string;
  actor: string;
  action: string;
  from_state: string;
  to_state: string;
  note: string;
}

export interface ComplaintCase {
  id: number;
  number: string;
  kind: 'complaint' | 'report';
  state: string;
  channel: string;
  respondent: { uscc: string; name: string; kind: string; domicile_region: string; business_region: string };
  handling_region: string;
  routing_article: string;
  competent: string;
  facts: string;
  request: string;
  object_class: string;
  problem: string;
  classified_by: string;
  received_on: string;
  ground: string;
  outcome: string;
  return_reason: string;
  next_due_on: string;
  overdue: boolean;
  deadlines: Deadline[];
  actions: string[];
  submitter?: { name: string; phone: string; id_number: string; address: string; real_name: boolean; visibility: string };
  history?: HistoryEntry[];
  paused_on?: string;
  upheld?: boolean;
  rating?: number;
  rating_comment?: string;
  duplicate_of?: string;
  duplicates?: CaseLink[];
  duplicate_candidates?: CaseLink[];
}

// Another case named in a case: a repeat merged into it, or an earlier one it may repeat.
export interface CaseLink {
  id: number;
  number: string;
  state: string;
  received_on: string;
}

export interface Ground {
  kind: 'inadmissible' | 'mediation_end' | 'pause_mediate' | 'pause_verify';
  code: string;
  article: string;
  text: string;
}

export interface TaxonomyEntry {
  axis: 'object' | 'problem';
  code: string;
  name: string;
}

export interface Rules {
  grounds: Ground[];
  taxonomy: TaxonomyEntry[];
}

// The classifier intake uses (GET /complaints/classifier): a model, or the keyword rules.
export interface ClassifierInUse {
  in_use: boolean;
  method: 'model' | 'rules';
  id?: number;
  digest?: string;
  labels?: string[];
  documents?: number;
  installed_by?: string;
  installed_at?: string;
}

// Who labelled a case: "rules", "model:<digest>" or an officer's account.
export function classifiedByText(by: string, t: (key: string, values?: Record<string, unknown>) => string): string {
  if (by === 'rules') return t('complaint.cb_rules');
  if (by.startsWith('model:')) return t('complaint.cb_model', { digest: by.slice(6) });
  return by;
}

export const CASE_STATES = ['received', 'returned', 'accepted', 'refused', 'mediating', 'agreed', 'terminated', 'verifying', 'opened', 'not_opened', 'closed'];
