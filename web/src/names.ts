// Names of regions and industries, and the product catalogue, fetched once and cached for the
// page's lifetime.
import { reactive } from 'vue';

import { api, query, type CatalogueEntry, type Entity, type Industry, type PageOf, type Region } from './api';

const regionNames = reactive<Record<string, string>>({});
const regions = new Map<string, Promise<Region>>();

// A region by its code, asked of the server once per page load (the layout's jurisdiction, the
// region picker and the pages share the answer).
export function region(code: string): Promise<Region> {
  let found = regions.get(code);
  if (!found) {
    found = api.get<Region>('/regions/' + code);
    regions.set(code, found);
    found.then(
      (r) => (regionNames[code] = r.name),
      () => {
        regionNames[code] = code;
        regions.delete(code); // asked again next time
      },
    );
  }
  return found;
}

export function regionName(code: string): string {
  if (!code) return '';
  if (!(code in regionNames)) void region(code).catch(() => undefined);
  return regionNames[code] ?? code;
}

export function rememberRegions(list: Region[]): void {
  for (const r of list) regionNames[r.code] = r.name;
}

let sections: Promise<Industry[]> | null = null;
export function industrySections(): Promise<Industry[]> {
  sections ??= api.items<Industry>('/industries');
  return sections;
}

// The key supervised product catalogue (重点监管产品目录).
let catalogue: Promise<CatalogueEntry[]> | null = null;
export function catalogueEntries(): Promise<CatalogueEntry[]> {
  catalogue ??= api.items<CatalogueEntry>('/catalogue');
  return catalogue;
}

// Names beside codes (issue 21, finding 9): "电线电缆（CP-01）", "张三（37010200016）"; the code
// alone until the names have come (each list is asked for once per page load).
function labelled(names: Record<string, string>, code: string): string {
  return names[code] ? `${names[code]}（${code}）` : code;
}

const categoryNames = reactive<Record<string, string>>({});
let categoriesAsked = false;
export function categoryLabel(code: string): string {
  if (!categoriesAsked) {
    categoriesAsked = true;
    catalogueEntries().then(
      (list) => list.forEach((c) => (categoryNames[c.code] = c.name)),
      () => undefined,
    );
  }
  return labelled(categoryNames, code);
}

// Inspectors by name, for officials (GET /inspectors: the pool of the caller's jurisdiction).
const inspectorNames = reactive<Record<string, string>>({});
let inspectorsAsked = false;
export function inspectorLabel(id: string): string {
  if (!inspectorsAsked) {
    inspectorsAsked = true;
    void (async () => {
      for (let page = 1; page <= 20; page++) {
        const r = await api.get<PageOf<{ inspector_id: string; name: string }>>('/inspectors' + query({ page, page_size: 500 }));
        r.items.forEach((i) => (inspectorNames[i.inspector_id] = i.name));
        if (page * r.page_size >= r.total) break;
      }
    })().catch(() => undefined);
  }
  return labelled(inspectorNames, id);
}

// Firms' names for records that hold only their USCCs (at most `limit`, each once, six requests
// at a time; '' while asked or when unknown), into `names`: through the entity list (masked, not
// a read of personal data) rather than the entity file, whose full legal representative each
// look-up would read and audit. Names are public, so they are asked as the public asks: a county
// regulator sees the names of a provincial draw's firms outside the county, as the portal does.
export async function lookUpFirmNames(names: Record<string, string>, usccs: string[], limit: number): Promise<void> {
  const queue = [...new Set(usccs)].filter((u) => !(u in names)).slice(0, limit);
  for (const u of queue) names[u] = '';
  const worker = async () => {
    for (let u = queue.shift(); u; u = queue.shift()) {
      names[u] = await api.publicItems<Entity>('/entities' + query({ uscc: u, page_size: 1 })).then(
        (found) => found[0]?.name ?? '',
        () => '',
      );
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
}

export function capitalWan(fen: number): string {
  return (fen / 1_000_000).toLocaleString(undefined, { maximumFractionDigits: 2 });
}
