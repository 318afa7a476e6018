// A form's checks and its sending: errors by field (named as the server names them, so that its
// refusal lands by the same field), the checks the server makes of a text (required, its size in
// bytes), and `send`, which marks the form busy and turns the API's refusal into an error.
import { reactive, ref } from 'vue';

import { i18n } from './i18n';
import { byteLength } from './inspection';
import { refusal, type ApiErrorBody } from './api';

// `fields`: the form's model; a refusal naming a field it does not have goes to the fallback.
export function useForm(fields?: object) {
  const errors = reactive<Record<string, string>>({});
  const busy = ref(false);
  const t = i18n.global.t;

  function clear(): void {
    for (const k of Object.keys(errors)) delete errors[k];
  }
  const ok = () => Object.keys(errors).length === 0;

  // A text of at most `max` bytes (UTF-8, as the server counts), and not blank when `required`.
  function text(field: string, value: string, max: number, required = true): void {
    if (required && !value.trim()) errors[field] = t('spot.requiredShort');
    else if (byteLength(value) > max) errors[field] = t('spot.tooLong', { n: max });
  }

  // Runs `request` while busy; the API's refusal appears by the field it names, else by the field
  // `fallback` (or goes to `fallback` when that is a function).
  async function send(request: () => Promise<void>, fallback: string | ((body: ApiErrorBody) => void)): Promise<void> {
    busy.value = true;
    try {
      await request();
    } catch (e) {
      const body = refusal(e);
      if (typeof fallback === 'function') fallback(body);
      else errors[body.field && (!fields || body.field in fields) ? body.field : fallback] = body.message;
    } finally {
      busy.value = false;
    }
  }

  return { errors, busy, clear, ok, text, send };
}
