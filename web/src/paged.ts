// A page of a list route (GET path?filters&page&page_size, answering a PageOf) and the totals a
// page shows beside it (the same route with other filters, e.g. the overdue ones), loaded
// together; the API's refusal lands in `error`. With `inUrl` the filters and the page live in the
// URL, so that a record opened and closed again comes back to the same list: they are read from
// it at the start and written to it on every load, leaving the URL's other keys as they are. A
// page with several lists (tabs) gives each a prefix (`inUrl: 'abnormal.'`) so their keys differ.
import { reactive, ref, type Ref } from 'vue';
import { useRoute, useRouter } from 'vue-router';

import { api, query, refusal, type PageOf } from './api';

export const PAGE_SIZE = 20;

type Params = Record<string, string | number | undefined>;

type Filter = Record<string, string | boolean>;

export interface PagedOptions {
  params?: () => Params; // filters the route takes otherwise than typed (e.g. a USCC normalised)
  totals?: Record<string, () => Params>;
  inUrl?: boolean | string; // true, or the prefix of this list's keys in the URL
  pageSize?: number; // PAGE_SIZE unless given
}

// The filters as the page edits them (reactive) as the route takes them: a box ticked as "true".
function asParams(filter: Filter): Params {
  return Object.fromEntries(Object.entries(filter).map(([k, v]) => [k, v === true ? 'true' : v === false ? '' : v]));
}

export function usePaged<T>(path: string, filter: Filter = {}, options: PagedOptions = {}) {
  const totalsOf = options.totals ?? {};
  const page = ref(1);
  const data = ref(null) as Ref<PageOf<T> | null>;
  const totals = reactive<Record<string, number>>({});
  const error = ref('');
  const router = options.inUrl ? useRouter() : null;
  const prefix = typeof options.inUrl === 'string' ? options.inUrl : '';
  if (options.inUrl) {
    const q = useRoute().query;
    for (const k of Object.keys(filter)) {
      const v = q[prefix + k];
      if (typeof v === 'string') filter[k] = typeof filter[k] === 'boolean' ? v === 'true' : v;
    }
    page.value = Math.max(1, Number(q[prefix + 'page']) || 1);
  }

  async function load(): Promise<void> {
    error.value = '';
    if (router) {
      const own = new Set([...Object.keys(filter), 'page'].map((k) => prefix + k));
      const others = Object.entries(router.currentRoute.value.query).filter(([k]) => !own.has(k));
      const shown = Object.entries({ ...asParams(filter), page: page.value > 1 ? String(page.value) : '' })
        .filter(([, v]) => v)
        .map(([k, v]) => [prefix + k, v]);
      void router.replace({ query: Object.fromEntries([...others, ...shown]) });
    }
    try {
      const names = Object.keys(totalsOf);
      const [rows, ...others] = await Promise.all([
        api.get<PageOf<T>>(path + query({ ...asParams(filter), ...options.params?.(), page: page.value, page_size: options.pageSize ?? PAGE_SIZE })),
        ...names.map((n) => api.get<PageOf<T>>(path + query({ ...totalsOf[n](), page_size: 1 }))),
      ]);
      data.value = rows;
      names.forEach((n, i) => (totals[n] = others[i].total));
    } catch (e) {
      error.value = refusal(e).message;
    }
  }

  function search(): void {
    page.value = 1;
    void load();
  }

  function goTo(p: number): void {
    page.value = p;
    void load();
  }

  return { page, data, totals, error, load, search, goTo };
}
