import 'element-plus/theme-chalk/base.css';
import './style.css';

import { createApp } from 'vue';

import App from './App.vue';
import { i18n } from './i18n';
import { router } from './router';

// Mounted once the first page's code has come, so that the page's "加载中" stays painted until then
// (mounting at once would blank it while the route's chunks load).
const app = createApp(App).use(i18n).use(router);
void router
  .isReady()
  .catch(() => undefined) // a failed first navigation still shows the console (and its error)
  .then(() => app.mount('#app'));
