// Spot checks (监督抽查, issue 5): the records of src/api/routes/inspection_routes.cc and the
// checks the console makes before sending a plan (mirroring SpotCheckService::CreatePlan).

export type QuotaJson = { rate_bp: number } | { fixed: number };
export type RiskClass = 'A' | 'B' | 'C' | 'D';
export const RISK_CLASSES: RiskClass[] = ['A', 'B', 'C', 'D'];

export interface DrawParameters {
  plan_id: string;
  authority: string;
  draw_date: string;
  product_categories: string[];
  quotas: Record<RiskClass, QuotaJson>;
  rounding: 'ceil' | 'half_up';
  inspectors_per_task: number;
  max_tasks_per_inspector: number;
  locality: 'any' | 'local' | 'cross_region';
  recheck_months: number;
}

export interface Plan {
  id: number;
  plan_code: string;
  name: string;
  authority: string;
  region_code: string;
  period_start: string;
  period_end: string;
  parameters: DrawParameters;
  created_by: string;
  created_at: string;
  min_commit_interval_minutes?: number; // how long a draw's commitment is public before it may run
  actions: string[]; // "draw": this caller may commit and run its draws
}

export interface DrawSummary {
  id: number;
  plan_id: number;
  status: string;
  commitment: string;
  frame_hash: string;
  pool_hash: string;
  parameters_hash: string;
  frame_size: number;
  excluded: number;
  pool_size: number;
  tasks: number;
  unstaffed: number;
  committed_at: string;
  run_not_before?: string;
  drawn_at: string;
  actions: string[]; // "run": this caller may run this committed draw
}

export interface DrawTask {
  number: number;
  uscc: string;
  risk_class: RiskClass;
  inspectors: string[];
  unstaffed: string | null;
}

export interface DrawInspector {
  id: string;
  unit: string;
  region_code: string;
  qualifications: string[];
  conflicts: string[];
}

// The published draw record (docs/random-draw.md §6): the summary before the plan's inspections
// end (no frame, exclusions, pool or tasks), the full record after it or for officials in scope.
export interface DrawRecord {
  algorithm: string;
  publication: 'summary' | 'full';
  full_record_from: string;
  parameters: DrawParameters;
  frame?: { uscc: string; region_code: string; risk_class: RiskClass; product_categories: string[] }[];
  excluded?: { uscc: string; reason: string; evidence: string }[];
  pool?: DrawInspector[];
  frame_hash: string;
  pool_hash: string;
  parameters_hash: string;
  scope_hash: string;
  exclusions_hash: string;
  commitment: string;
  contributions: { party: string; commitment: string; secret: string | null }[];
  beacon_source?: string;
  beacon: string;
  seed: string | null;
  ceremony: {
    min_interval_minutes: number;
    committed_at: string;
    commit_audit_seq: number;
    run_not_before: string;
    drawn_at: string;
    run_audit_seq: number;
  };
  counts: {
    scope: number;
    frame: number;
    excluded: Record<string, number>;
    pool: number;
    tasks: Record<string, number>;
    unstaffed: number;
  };
  tasks?: DrawTask[];
}

export interface DrawVerification {
  ok: boolean;
  mismatches: { kind: string; published: string; recomputed: string; task_number?: number }[];
}

export interface SamplingPlan {
  lot_size: number;
  severity: string;
  aql: number;
  code_letter: string;
  plan_letter: string;
  sample_size: number;
  acceptance: number;
  rejection: number;
  full_inspection: boolean;
}

// GB/T 2828.1 inspection levels and the AQL series of its master tables.
export const INSPECTION_LEVELS = ['S-1', 'S-2', 'S-3', 'S-4', 'I', 'II', 'III'];
export const AQL_SERIES = [
  '0.010', '0.015', '0.025', '0.040', '0.065', '0.10', '0.15', '0.25', '0.40', '0.65', '1.0', '1.5', '2.5', '4.0', '6.5',
  '10', '15', '25', '40', '65', '100', '150', '250', '400', '650', '1000',
];

// UTF-8 length, as the server counts a text's size.
export function byteLength(s: string): number {
  return new TextEncoder().encode(s).length;
}

// SpotCheckService::CreatePlan: 1–40 letters, digits, '-', '_' or '.'.
export function isPlanCode(s: string): boolean {
  return /^[0-9A-Za-z._-]{1,40}$/.test(s);
}

// The draw's parameters allow no comma or control character in a token (draw_canonical.cc).
export function isToken(s: string): boolean {
  return !/[,\u0000-\u001f\u007f]/.test(s);
}

export function quotaText(q: QuotaJson): string {
  return 'rate_bp' in q ? (q.rate_bp / 100).toFixed(2).replace(/\.?0+$/, '') + '%' : String(q.fixed);
}
