// 追溯 (issue 18): forward and backward trace (GET /api/v1/trace/forward|backward) and the EPCIS
// event query (GET /epcis/events, outside /api/v1, answered as an EPCISQueryDocument with the next
// page in a Link header). The pages' messages are merged into the i18n tables when this module
// loads, so they ship in the trace pages' own chunk.
import { api, ApiError } from '../../api';
import { i18n } from '../../i18n';
import { checkGtin, type Invalid } from '../../validation';

export interface Firm {
  uscc: string;
  name: string;
  regionCode: string;
}

export interface TraceRow {
  eventTime: string;
  cte: string;
  what: string;
  quantity: number | null;
  uom: string;
  location: string;
  firm: Firm | null;
  counterpart: string;
  counterpartFirm: Firm | null;
  via: string;
  hops: number;
  bizTransactions: string;
  eventID: string;
}

export interface Destination {
  location: string;
  firm: Firm | null;
  what: string;
  quantity: number | null;
  uom: string;
  firstTime: string;
  lastTime: string;
  hops: number;
}

export interface Holder {
  location: string;
  firm: Firm | null;
  what: string;
  quantity: number | null;
  uom: string;
  since: string;
  inTransit: boolean;
}

export interface InputLot {
  what: string;
  hops: number;
  quantity: number | null;
  uom: string;
  origin: string;
  originFirm: Firm | null;
  firstTime: string;
}

export interface TraceAnswer {
  direction: 'forward' | 'backward';
  roots: string[];
  rows: TraceRow[];
  destinations?: Destination[];
  holders?: Holder[];
  inputs?: InputLot[];
  cycles: string[][];
  truncated: boolean;
  withheld: boolean;
}

export interface TraceQuery {
  id: string;
  producedFrom?: string;
  producedTo?: string;
}

export function trace(direction: 'forward' | 'backward', q: TraceQuery): Promise<TraceAnswer> {
  const p = new URLSearchParams({ id: q.id.trim() });
  if (q.producedFrom) p.set('producedFrom', q.producedFrom);
  if (q.producedTo) p.set('producedTo', q.producedTo);
  return api.get<TraceAnswer>(`/trace/${direction}?${p.toString()}`);
}

// The download of a trace as the key data elements' spreadsheet, with Chinese headers and labels
// or English ones as the console's language (the server's `headers`).
export function traceFileUrl(direction: string, q: TraceQuery, format: 'csv' | 'xlsx', locale: string): string {
  const p = new URLSearchParams({ id: q.id.trim(), format, headers: locale === 'en' ? 'en' : 'zh' });
  if (q.producedFrom) p.set('producedFrom', q.producedFrom);
  if (q.producedTo) p.set('producedTo', q.producedTo);
  return `/api/v1/trace/${direction}?${p.toString()}`;
}

// A trace's refusal as the page says it: an identifier it cannot read (`field` id: said under
// the identifier's field too), a production window that is not dates, or nothing in view.
export function traceRefusal(e: unknown): { message: string; field: 'id' | 'window' | '' } {
  if (!(e instanceof ApiError)) throw e;
  const t = i18n.global.t;
  if (e.status === 404) return { message: t('trace.notFound'), field: '' };
  if (e.status === 400 && e.body.field === 'id') return { message: t('trace.badId'), field: 'id' };
  if (e.status === 400) return { message: t('trace.badWindow'), field: 'window' };
  return { message: e.body.message, field: '' };
}

// An EPCIS event as the query document gives it (the fields the list shows).
export interface EpcisEvent {
  type: string;
  eventID?: string;
  eventTime: string;
  action?: string;
  bizStep?: string;
  disposition?: string;
  bizLocation?: { id: string };
  readPoint?: { id: string };
  epcList?: string[];
  quantityList?: { epcClass: string; quantity?: number; uom?: string }[];
  inputQuantityList?: { epcClass: string; quantity?: number; uom?: string }[];
  outputQuantityList?: { epcClass: string; quantity?: number; uom?: string }[];
  childQuantityList?: { epcClass: string; quantity?: number; uom?: string }[];
  parentID?: string;
  errorDeclaration?: unknown;
}

export interface EventPage {
  events: EpcisEvent[];
  next: string; // the next page's URL, "" on the last
}

// The refusal of an event query (an EPCIS exception, RFC 7807): its type and, for a
// QueryParameterException, the parameter at fault (the server's "parameter" member).
export class EventQueryError extends Error {
  constructor(
    public status: number,
    public exception: string,
    public parameter = '',
  ) {
    super(exception);
  }
}

export async function queryEvents(url: string): Promise<EventPage> {
  const res = await fetch(url, { headers: { Accept: 'application/ld+json' }, credentials: 'same-origin' });
  const body = await res.json().catch(() => null);
  if (!res.ok) {
    const type = String(body?.type ?? '').replace('epcisException:', '');
    throw new EventQueryError(res.status, type || 'HTTP_' + res.status, String(body?.parameter ?? ''));
  }
  const link = res.headers.get('Link') ?? '';
  const next = /<([^>]+)>;\s*rel="next"/.exec(link)?.[1] ?? '';
  return { events: body?.epcisBody?.queryResults?.resultsBody?.eventList ?? [], next };
}

// The filter of the events page a query parameter comes from.
export type EventFilter = 'epc' | 'location' | 'time' | '';

export function filterOf(parameter: string): EventFilter {
  if (/^MATCH_/.test(parameter)) return 'epc';
  if (/^(EQ|WD)_(bizLocation|readPoint)$/.test(parameter)) return 'location';
  if (/_(event|record)Time$/.test(parameter)) return 'time';
  return '';
}

// A refusal of the events page: the server's exception, or an identifier refused before asking.
export type EventRefusal = { error: EventQueryError } | { invalid: Invalid };

// A refusal as the page says it (in the language chosen now): the message above the list and,
// when the server names the parameter at fault, the message under that filter's field.
export function eventQueryRefusal(r: EventRefusal): { message: string; filter: EventFilter; fieldMessage: string } {
  const t = i18n.global.t;
  if ('invalid' in r) {
    const fieldMessage = t(r.invalid.key, r.invalid.params ?? {});
    return { message: t('trace.badQueryShort') + t('trace.colon') + fieldMessage, filter: 'epc', fieldMessage };
  }
  const e = r.error;
  const none = { filter: '' as EventFilter, fieldMessage: '' };
  if (e.exception === 'QueryParameterException') {
    const filter = filterOf(e.parameter);
    if (!filter) return { message: t('trace.badQuery'), ...none };
    return { message: t('trace.badQueryShort') + t('trace.colon') + t('trace.bad_' + filter), filter, fieldMessage: t('trace.short_' + filter) };
  }
  if (e.exception === 'SecurityException' || e.status === 401 || e.status === 403) return { message: t('trace.noRight'), ...none };
  if (e.exception === 'QueryTooLargeException') return { message: t('trace.tooLarge'), ...none };
  return { message: t('trace.queryFailed'), ...none };
}

// The identifier filter as the query takes it: GTIN+lot (06900000010006+L2026-09-19001) becomes
// the lot's Digital Link, after the GTIN's own check (invalid: what is wrong with it).
export function eventIdentifier(text: string): { id: string; invalid: Invalid | null } {
  const id = text.trim();
  const m = /^(\d{8,14})\+(.+)$/.exec(id);
  if (!m) return { id, invalid: null };
  return { id: `https://id.gs1.org/01/${m[1].padStart(14, '0')}/10/${encodeURIComponent(m[2])}`, invalid: checkGtin(m[1]) };
}

// The identifiers an event names (EPCs, classes, parent), for the list.
export function namedIn(e: EpcisEvent): string[] {
  const classes = [...(e.quantityList ?? []), ...(e.inputQuantityList ?? []), ...(e.outputQuantityList ?? []), ...(e.childQuantityList ?? [])];
  return [...(e.parentID ? [e.parentID] : []), ...(e.epcList ?? []), ...classes.map((q) => `${q.epcClass}${q.quantity !== undefined ? ' × ' + q.quantity + (q.uom ? ' ' + q.uom : '') : ''}`)];
}

// The last word of a CBV value ("https://ref.gs1.org/cbv/BizStep-shipping" → "shipping").
export function cbvWord(v: string | undefined): string {
  if (!v) return '';
  return v.replace(/^.*[-:]/, '');
}

// A GS1 key's digits in a Digital Link (…/414/6980000000122 → 6980000000122).
export function shortId(uri: string): string {
  const m = /\/(01|414|00|8003|8004)\/([^/]+)(?:\/(?:10|21|254)\/(.+))?$/.exec(uri);
  if (!m) return uri;
  return m[3] ? `${m[2]} · ${decodeURIComponent(m[3])}` : m[2];
}

export const BIZ_STEPS = ['commissioning', 'shipping', 'receiving', 'packing', 'unpacking', 'inspecting', 'storing', 'retail_selling', 'decommissioning'];

const zh = {
  title: '产品追溯', eventsTitle: '追溯事件', idLabel: '追溯标识', idHint: 'EPC（urn:epc:…）、GS1 数字链接、商品条码+批号（如 06900000010006+L2026-09-19001）或商品条码',
  producedFrom: '生产日期自', producedTo: '生产日期至', forward: '正向追溯（去向）', backward: '反向追溯（来源）', search: '追溯',
  notFound: '您的管辖范围内没有记录该标识的追溯事件', badId: '无法识别该追溯标识，请输入 EPC、数字链接、商品条码+批号或商品条码', badWindow: '生产日期格式有误',
  withheld: '部分链条位于您的管辖范围之外，未予显示', truncated: '链条过长，只显示了一部分', cycles: '数据中存在循环，已截断',
  destinations: '去向', holders: '当前持有', inputs: '原料来源', steps: '追溯环节', graph: '追溯图', place: '地点', firm: '企业', region: '区划',
  what: '批次/单品', quantity: '数量', first: '首次到达', last: '最近到达', since: '持有起始', inTransit: '在途', hops: '环节数', origin: '来源地点',
  time: '时间', cte: '环节', counterpart: '对方', documents: '单据', downloadCsv: '导出 CSV', downloadXlsx: '导出 Excel', none: '无',
  bizStep: '业务步骤', from: '起始时间', to: '截止时间', epc: '标识（含其下批次、单品）', bizLocation: '业务地点（GLN）', errorsOnly: '只看错误声明',
  eventType: '事件类型', location: '地点', named: '涉及标识', nextPage: '下一页', firstPage: '第一页', badQuery: '查询条件有误，请检查标识与时间', badQueryShort: '查询条件有误',
  bad_epc: '无法识别该标识，请输入 EPC（如 urn:epc:id:sgtin:6900000.010006.1001）、GS1 数字链接或商品条码+批号',
  bad_location: '无法识别该业务地点，请输入 13 位 GLN、SGLN 或其数字链接', bad_time: '时间格式有误', colon: '：',
  short_epc: '无法识别该标识', short_location: '无法识别该业务地点', short_time: '时间格式有误',
  noRight: '您无权查看追溯事件', tooLarge: '符合条件的事件过多，请缩小查询范围', queryFailed: '查询未能完成，请稍后再试', errorDeclared: '已声明错误',
  cte_commissioning: '生产/赋码', cte_shipping: '发货', cte_receiving: '收货', cte_transformation: '加工转化', cte_packing: '装箱', cte_unpacking: '拆箱',
  step_commissioning: '生产赋码', step_shipping: '发货', step_receiving: '收货', step_packing: '装箱', step_unpacking: '拆箱', step_inspecting: '检查',
  step_storing: '储存', step_retail_selling: '零售', step_decommissioning: '注销',
};

const en = {
  title: 'Product trace', eventsTitle: 'Trace events', idLabel: 'Identifier', idHint: 'An EPC (urn:epc:…), a GS1 Digital Link, GTIN+lot (e.g. 06900000010006+L2026-09-19001) or a GTIN',
  producedFrom: 'Produced from', producedTo: 'Produced to', forward: 'Forward (where it went)', backward: 'Backward (where it came from)', search: 'Trace',
  notFound: 'No captured event in your jurisdiction names this identifier', badId: 'Not an identifier the trace reads: an EPC, a Digital Link, GTIN+lot or a GTIN', badWindow: 'The production dates are not dates',
  withheld: 'Part of the chain lies outside your jurisdiction and is not shown', truncated: 'The chain is long: only part of it is shown', cycles: 'The data has a cycle, cut',
  destinations: 'Destinations', holders: 'Holders now', inputs: 'Inputs', steps: 'Steps', graph: 'Trace graph', place: 'Place', firm: 'Firm', region: 'Region',
  what: 'Lot / item', quantity: 'Quantity', first: 'First arrival', last: 'Last arrival', since: 'Since', inTransit: 'In transit', hops: 'Hops', origin: 'Origin',
  time: 'Time', cte: 'Step', counterpart: 'Counterpart', documents: 'Documents', downloadCsv: 'CSV', downloadXlsx: 'Excel', none: 'None',
  bizStep: 'Business step', from: 'From', to: 'To', epc: 'Identifier (with its lots and items)', bizLocation: 'Business location (GLN)', errorsOnly: 'Error declarations only',
  eventType: 'Event type', location: 'Location', named: 'Identifiers', nextPage: 'Next page', firstPage: 'First page', badQuery: 'A query parameter is wrong: check the identifier and the times', badQueryShort: 'A query parameter is wrong',
  bad_epc: 'Not an identifier: enter an EPC (e.g. urn:epc:id:sgtin:6900000.010006.1001), a GS1 Digital Link or GTIN+lot',
  bad_location: 'Not a business location: enter a 13-digit GLN, an SGLN or its Digital Link', bad_time: 'The time is not a time', colon: ': ',
  short_epc: 'Not an identifier the query reads', short_location: 'Not a business location', short_time: 'Not a time',
  noRight: 'You may not read trace events', tooLarge: 'Too many events match: narrow the query', queryFailed: 'The query failed; try again later', errorDeclared: 'Error declared',
  cte_commissioning: 'Commissioning', cte_shipping: 'Shipping', cte_receiving: 'Receiving', cte_transformation: 'Transformation', cte_packing: 'Packing', cte_unpacking: 'Unpacking',
  step_commissioning: 'Commissioning', step_shipping: 'Shipping', step_receiving: 'Receiving', step_packing: 'Packing', step_unpacking: 'Unpacking', step_inspecting: 'Inspecting',
  step_storing: 'Storing', step_retail_selling: 'Retail selling', step_decommissioning: 'Decommissioning',
};

i18n.global.mergeLocaleMessage('zh-CN', { trace: zh });
i18n.global.mergeLocaleMessage('en', { trace: en });
