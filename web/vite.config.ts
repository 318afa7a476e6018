import vue from '@vitejs/plugin-vue';
import Components from 'unplugin-vue-components/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';
import { defineConfig } from 'vite';

// Element Plus on demand (issue 21, finding 10): each page's chunk imports only the components
// (and their CSS) its templates use, so the portal and the sign-in page do not load the console's
// tables, forms and pickers. ElMessage, ElMessageBox and ElNotification, called from scripts, come
// from src/feedback.ts.
//
// Chunks: Vue with its router and i18n; ECharts (only the chart pages load it); the rest split by
// the pages using it, with chunks under 20 kB merged where that changes nothing that runs (Element
// Plus is not grouped by name: a module put in a named chunk is kept even when no page uses it).
function chunkOf(id: string): string | undefined {
  if (/node_modules\/(vue|@vue|vue-router|vue-i18n|@intlify)\//.test(id)) return 'vue';
  if (/node_modules\/(echarts|zrender)\//.test(id)) return 'echarts';
  return undefined;
}

// `npm run dev` proxies the API to a running `zq serve` (ZQ_API, default http://127.0.0.1:8080).
export default defineConfig({
  plugins: [vue(), Components({ resolvers: [ElementPlusResolver({ importStyle: 'css' })], dts: false })],
  build: {
    target: 'es2020',
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      output: {
        manualChunks: chunkOf,
        experimentalMinChunkSize: 20_000,
      },
    },
  },
  server: {
    proxy: { '/api': (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env.ZQ_API ?? 'http://127.0.0.1:8080' },
  },
});
