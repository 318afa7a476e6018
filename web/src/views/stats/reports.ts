// 统计报表: the shapes of the report-form routes (docs/statistics.md).
export interface FormField {
  code: string;
  name_zh: string;
  name_en: string;
  group: 'output_value' | 'internal_failure' | 'external_failure';
  required: boolean;
}
export interface ReportForm {
  code: string;
  version: number;
  name_zh: string;
  name_en: string;
  unit: string;
  period: 'year' | 'quarter';
  due_months_after: number;
  fields: FormField[];
}
export interface Filing {
  form: string;
  period: string;
  uscc: string;
  region_code: string;
  revision: number;
  values: Record<string, number>;
  warnings: string[];
  reason: string;
  submitted_at: string;
  submitted_by: string;
  by_office: boolean;
  late: boolean;
}
export interface PanelMember {
  uscc: string;
  name: string;
  region_code: string;
  state: 'due' | 'overdue' | 'filed' | 'filed_late';
  revisions: number;
  filed_at: string;
}
export interface Panel {
  form: string;
  period: string;
  region: string;
  due_on: string;
  as_of: string;
  filed: number;
  filed_late: number;
  due: number;
  overdue: number;
  items: PanelMember[];
}
export interface LossRate {
  region_code: string;
  period: string;
  value: number;
  lower: number | null;
  upper: number | null;
  inputs: {
    firms_filed: number;
    firms_asked: number;
    output_value: number;
    unit: string;
    cv: number | null;
    internal: { rate: number };
    external: { rate: number };
  };
}

// Last year: the period a yearly form is being filed for in the first months of this one.
export function lastYear(now = new Date()): string {
  return String(now.getFullYear() - 1);
}

export const stateTag: Record<PanelMember['state'], 'success' | 'warning' | 'danger' | 'info'> = {
  filed: 'success',
  filed_late: 'warning',
  due: 'info',
  overdue: 'danger',
};
