// Dates and times as the console shows them: Beijing time (Asia/Shanghai), whatever the browser's
// own zone. The API speaks UTC instants ("2026-12-06T02:00:00Z"); the console shows
// "2026-12-06 10:00:00" and sends what a user picks as Beijing time with its offset.
const BEIJING = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function parts(d: Date): Record<string, string> {
  return Object.fromEntries(BEIJING.formatToParts(d).map((p) => [p.type, p.value]));
}

// An API instant in Beijing time, "YYYY-MM-DD HH:mm:ss"; "" for ""; the text itself when it is
// not an instant.
export function beijingTime(instant: string | null | undefined): string {
  if (!instant) return '';
  const d = new Date(instant);
  if (Number.isNaN(d.getTime())) return instant;
  const p = parts(d);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

// Today in Beijing, "YYYY-MM-DD".
export function todayInBeijing(now: Date = new Date()): string {
  const p = parts(now);
  return `${p.year}-${p.month}-${p.day}`;
}

// Whole days from today in Beijing to `due`, "YYYY-MM-DD" (negative: past it).
export function daysLeft(due: string): number {
  return Math.round((Date.parse(due + 'T00:00:00Z') - Date.parse(todayInBeijing() + 'T00:00:00Z')) / 86_400_000);
}

// The class of a list's row whose deadline has passed (the server's `overdue` flag): shaded red.
export function overdueRow({ row }: { row: { overdue?: boolean } }): string {
  return row.overdue ? 'overdue' : '';
}

// "YYYY-MM-DD" plus `days` calendar days.
export function addDays(date: string, days: number): string {
  const d = new Date(date + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

// A time picked in the console ("YYYY-MM-DDTHH:mm:ss", Beijing) as the API takes it.
export function fromBeijing(local: string): string {
  return local ? local + '+08:00' : '';
}
