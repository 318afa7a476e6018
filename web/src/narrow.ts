// Whether the window is phone-narrow (≤ 768 px wide), kept up to date as it changes: the portal
// shows cards instead of wide tables and folds its menu there.
import { onBeforeUnmount, ref, type Ref } from 'vue';

export const NARROW_QUERY = '(max-width: 768px)';

export function useNarrow(): Ref<boolean> {
  const media = window.matchMedia(NARROW_QUERY);
  const narrow = ref(media.matches);
  const update = (e: MediaQueryListEvent): void => {
    narrow.value = e.matches;
  };
  media.addEventListener('change', update);
  onBeforeUnmount(() => media.removeEventListener('change', update));
  return narrow;
}
