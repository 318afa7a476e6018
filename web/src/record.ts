// A page of one record: `found(load)` runs its loading, and the API's 404 (no such record, or
// none in the caller's jurisdiction) sets `notFound` instead of failing; any other failure is
// thrown on.
import { ref } from 'vue';

import { ApiError } from './api';

export function useNotFound() {
  const notFound = ref(false);
  async function found(load: () => Promise<void>): Promise<void> {
    try {
      await load();
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) notFound.value = true;
      else throw e;
    }
  }
  return { notFound, found };
}

// What the server says the caller may do with a record (its `actions`, e.g. a plan's "draw"): the
// console offers an action only when it is listed.
export function may(record: { actions?: string[] } | null | undefined, action: string): boolean {
  return record?.actions?.includes(action) ?? false;
}
