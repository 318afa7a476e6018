// A page of a credit list route (GET path?filter&page&page_size, answering { items, total }) and
// the totals a page shows beside it (the same route with other filters, e.g. the overdue ones),
// loaded together; the API's refusal lands in `error`.
import { reactive, ref, type Ref } from 'vue';

import { api, ApiError, query } from '../../api';
import type { Paged } from '../../creditCases';

export const PAGE_SIZE = 20;

type Params = Record<string, string | number | undefined>;

export function usePaged<T>(path: string, params: () => Params, totalsOf: Record<string, () => Params> = {}) {
  const page = ref(1);
  const data = ref(null) as Ref<Paged<T> | null>;
  const totals = reactive<Record<string, number>>({});
  const error = ref('');

  async function load(): Promise<void> {
    error.value = '';
    try {
      const names = Object.keys(totalsOf);
      const [rows, ...others] = await Promise.all([
        api.get<Paged<T>>(path + query({ ...params(), page: page.value, page_size: PAGE_SIZE })),
        ...names.map((n) => api.get<Paged<T>>(path + query({ ...totalsOf[n](), page_size: 1 }))),
      ]);
      data.value = rows;
      names.forEach((n, i) => (totals[n] = others[i].total));
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      error.value = e.body.message;
    }
  }

  function search(): void {
    page.value = 1;
    void load();
  }

  return { page, data, totals, error, load, search };
}
