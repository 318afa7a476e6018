// The API client: one origin with the server, the session in an HttpOnly cookie, and the CSRF
// token (returned by sign-in and by /auth/me) sent on every state-changing request.
import { refusalText } from './errors';

export interface ApiErrorBody {
  code: string;
  message: string; // as the console shows it: in Chinese from the code and field (errors.ts)
  field?: string;
  detail?: string; // the server's own (English) message
}

export class ApiError extends Error {
  constructor(
    public status: number,
    public body: ApiErrorBody,
  ) {
    super(body.message);
  }
}

// What the API refused, from a caught error; anything else (a bug, the network) is thrown on.
export function refusal(e: unknown): ApiErrorBody {
  if (!(e instanceof ApiError)) throw e;
  return e.body;
}

let csrfToken = '';

export function setCsrfToken(token: string): void {
  csrfToken = token;
}

// `file` sends a file as the body, as it is (an import); `body` otherwise goes as JSON.
// `credentials` 'omit' asks as the public, without the session.
async function request<T>(
  method: string,
  path: string,
  body?: unknown,
  file?: { data: Blob; type: string },
  credentials: RequestCredentials = 'same-origin',
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (file) headers['Content-Type'] = file.type;
  else if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  const res = await fetch('/api/v1' + path, {
    method,
    headers,
    credentials,
    body: file ? file.data : body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) {
    const err = (data as { error?: ApiErrorBody } | null)?.error ?? { code: 'HTTP_' + res.status, message: res.statusText || 'error' };
    throw new ApiError(res.status, { ...err, message: refusalText(err), detail: err.message });
  }
  return data as T;
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  // The records of a route answering { items }.
  items: async <T>(path: string) => (await request<Items<T>>('GET', path)).items,
  // The same as the public (the portal) sees it: what is public reads alike in every jurisdiction.
  publicItems: async <T>(path: string) => (await request<Items<T>>('GET', path, undefined, undefined, 'omit')).items,
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  upload: <T>(path: string, data: Blob, type: string) => request<T>('POST', path, undefined, { data, type }),
  // A file that replaces what `path` holds (PUT), and its removal (DELETE).
  put: <T>(path: string, data: Blob, type: string) => request<T>('PUT', path, undefined, { data, type }),
  remove: <T>(path: string) => request<T>('DELETE', path),
  // A JSON body that replaces or revises what `path` holds.
  putJson: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
};

export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return s ? '?' + s : '';
}

// Records.
export interface Caller {
  actor: string;
  role: string;
  region_code: string;
  uscc: string;
}
export interface Region {
  code: string;
  name: string;
  level: number;
  parent_code: string;
}
export interface Industry {
  code: string;
  name: string;
  level: number;
  parent_code: string;
}
export interface Entity {
  uscc: string;
  name: string;
  legal_representative: string;
  region_code: string;
  industry_code: string;
  type: string;
  registered_capital_fen: number;
  established_on: string;
  deregistered_on: string;
  status: string;
  size: string;
  address: string;
}
export interface Product {
  product_code: string;
  name: string;
  brand: string;
  category_code: string;
  manufacturer_uscc: string;
}
export interface CatalogueEntry {
  code: string;
  name: string;
  parent_code: string;
  risk_grade: string;
  legal_basis: string;
  industry_code: string;
}
// A page of a list route (GET path?page&page_size): `total_exact` where the server may count
// only up to a limit (the entity search).
export interface PageOf<T> {
  items: T[];
  page: number;
  page_size: number;
  total: number;
  total_exact?: boolean;
}
export interface Items<T> {
  items: T[];
}
export interface CountRow {
  code: string;
  name: string;
  count: number;
}
// 工作台 (GET /workbench).
export interface WorkbenchTodo {
  key: string;
  count: number;
  overdue: number;
  next_due: string;
}
export interface WorkbenchFigure {
  region_code: string;
  name: string | null;
  numerator: number;
  denominator: number;
  rate: number | null;
  interval: { low: number; high: number; confidence: number } | null;
}
export interface WorkbenchKpi {
  key: string;
  period: string;
  total: WorkbenchFigure;
  by_region: WorkbenchFigure[];
}
export interface Workbench {
  todos: WorkbenchTodo[];
  kpis: WorkbenchKpi[];
}
export interface DashboardSummary {
  region: Region | null;
  total: number;
  by_industry: CountRow[];
  by_region: CountRow[];
  by_status: CountRow[];
  latest: Entity[];
}
