import { useI18n } from 'vue-i18n';

// Where each kind of to-do on the 工作台 is done: the page that lists it (with its filter).
const links: Record<string, string> = {
  'credit.objections': '/credit/objections',
  'credit.repairs': '/credit/repairs',
  'credit.serious_approvals': '/credit/lists',
  'credit.publications': '/credit/publications',
  'inspection.tasks': '/inspection/tasks',
  'inspection.appeals': '/inspection/tasks',
  'inspection.publications': '/inspection/tasks',
  'inspection.follow_ups': '/inspection/follow-ups',
  'complaint.cases': '/complaints',
  'stats.complaint_signals': '/complaints',
  'stats.reports': '/stats/reports',
};

export function todoLink(key: string): string {
  return links[key] ?? '/';
}

// Office hours in Beijing: Monday to Friday, 08:30 to 17:30 (statutory holidays are not known here).
export function inOfficeHours(now: Date): boolean {
  const beijing = new Date(now.getTime() + 8 * 3_600_000);
  const day = beijing.getUTCDay();
  const minutes = beijing.getUTCHours() * 60 + beijing.getUTCMinutes();
  return day >= 1 && day <= 5 && minutes >= 8 * 60 + 30 && minutes < 17 * 60 + 30;
}

// The name of a kind of to-do ("todo") or of an indicator ("kpi") from its server key; the key itself
// for a kind the console has no name for yet. Message keys write the key's "." as "_" (vue-i18n
// reads dots as nesting).
export function useWorkbenchLabel(): (group: 'todo' | 'kpi', key: string) => string {
  const { t, te } = useI18n();
  return (group, key) => {
    const path = `workbench.${group}.${key.split('.').join('_')}`;
    return te(path) ? t(path) : key;
  };
}
