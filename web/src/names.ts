// Names of regions and industries, and the product catalogue, fetched once and cached for the
// page's lifetime.
import { reactive } from 'vue';

import { api, query, type CatalogueEntry, type Entity, type Industry, type Region } from './api';

const regionNames = reactive<Record<string, string>>({});
const pending = new Set<string>();

export function regionName(code: string): string {
  if (!code) return '';
  if (!(code in regionNames) && !pending.has(code)) {
    pending.add(code);
    api
      .get<Region>('/regions/' + code)
      .then((r) => (regionNames[code] = r.name))
      .catch(() => (regionNames[code] = code));
  }
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
