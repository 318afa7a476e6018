// Names of regions and industries, and the product catalogue, fetched once and cached for the
// page's lifetime.
import { reactive } from 'vue';

import { api, type CatalogueEntry, type Industry, type Items, type Region } from './api';

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
  sections ??= api.get<Items<Industry>>('/industries').then((r) => r.items);
  return sections;
}

// The key supervised product catalogue (重点监管产品目录).
let catalogue: Promise<CatalogueEntry[]> | null = null;
export function catalogueEntries(): Promise<CatalogueEntry[]> {
  catalogue ??= api.get<Items<CatalogueEntry>>('/catalogue').then((r) => r.items);
  return catalogue;
}

export function capitalWan(fen: number): string {
  return (fen / 1_000_000).toLocaleString(undefined, { maximumFractionDigits: 2 });
}
