// Quality credit (质量信用, issue 6): the records of src/api/routes/credit_routes.cc and
// credit_distribution_routes.cc.
import { i18n } from './i18n';

export interface CreditEvent {
  id: number;
  source: string;
  source_id: string;
  event_type: string;
  uscc: string;
  region_code: string;
  occurred_on: string;
  display_until: string;
  severity: number;
  evidence_ref: string;
  summary: string;
  recorded_by: string;
  recorded_at: string;
}

// A firm's grade as of a day: its list status, the public grade, and (not public) the
// supervision risk class with the scores they came from under the rule version.
export interface PublicGrade {
  uscc: string;
  grade: string;
  abnormal_listed: boolean;
  serious_listed: boolean;
  as_of: string;
}
export interface Grading extends Omit<PublicGrade, 'uscc'> {
  risk_class: string;
  risk_score: number;
  grade_score: number;
  rule_version: string;
}

// One row of grade history: written whenever the class, the grade, a list status or the rule
// version changed.
export interface GradeRecord extends Grading {
  id: number;
  uscc: string;
  region_code: string;
  snapshot_hash: string;
  computed_at: string;
}

// What one event contributed to the current assessment (after decay and the dimension's weight).
export interface Contribution {
  event_id: number;
  event_type: string;
  occurred_on: string;
  dimension: string;
  points: number;
  age_years: number;
  decay: number;
  risk_points: number;
  grade_points: number;
  note: string;
}

export interface Assessment extends Grading {
  vetoes: string[];
  contributions: Contribution[];
}

export interface CreditFile {
  uscc: string;
  region_code: string;
  events: CreditEvent[];
  history: GradeRecord[]; // newest first
  current: Assessment;
}

export type ClassCounts = Record<'A' | 'B' | 'C' | 'D', number>;
export interface DistributionGroup {
  code: string;
  name: string;
  counts: ClassCounts;
  graded: number;
}
export interface ClassDistribution {
  region_code: string;
  rule_version: string;
  as_of: string;
  default_class: string;
  total: ClassCounts;
  graded: number;
  by_region: DistributionGroup[];
  by_industry: DistributionGroup[];
}

export const CLASSES = ['A', 'B', 'C', 'D'] as const;
export const GRADES = ['AAA', 'AA', 'A', 'B', 'C', 'D'];
// Colours from low to high risk (A green … D red), shared by every credit chart.
export const CLASS_COLOURS: Record<string, string> = { A: '#67c23a', B: '#409eff', C: '#e6a23c', D: '#f56c6c' };

export function classCount(c: ClassCounts): number {
  return c.A + c.B + c.C + c.D;
}

// The i18n key of an event type ("penalty.heavy" → "credit.type.penalty_heavy"): catalogue codes
// hold dots, which vue-i18n reads as nesting.
export function eventTypeKey(code: string): string {
  return 'credit.type.' + code.replace(/\./g, '_');
}

// The name of an event type in the current language, or its code when it has none.
export function typeName(code: string): string {
  const { t, te } = i18n.global;
  return te(eventTypeKey(code)) ? t(eventTypeKey(code)) : code;
}

// Element Plus tag types for a class or a grade.
export function classTag(c: string): 'success' | 'primary' | 'warning' | 'danger' | 'info' {
  return c === 'A' ? 'success' : c === 'B' ? 'primary' : c === 'C' ? 'warning' : c === 'D' ? 'danger' : 'info';
}
export function gradeTag(g: string): 'success' | 'primary' | 'warning' | 'danger' | 'info' {
  return g.startsWith('A') ? 'success' : g === 'B' ? 'primary' : g === 'C' ? 'warning' : g === 'D' ? 'danger' : 'info';
}
