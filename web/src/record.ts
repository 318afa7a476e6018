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
