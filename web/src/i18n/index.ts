// All text of the console and the portal goes through these messages. Simplified Chinese is the
// default; the choice is remembered in localStorage.
import { createI18n } from 'vue-i18n';

import en from './en';
import zhCN from './zh-CN';

export type Locale = 'zh-CN' | 'en';

const saved = typeof localStorage !== 'undefined' ? localStorage.getItem('zq.locale') : null;

export const i18n = createI18n({
  legacy: false,
  locale: saved === 'en' ? 'en' : 'zh-CN',
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
});

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  localStorage.setItem('zq.locale', locale);
  document.documentElement.lang = locale;
}
