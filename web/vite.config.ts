import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

// `npm run dev` proxies the API to a running `zq serve` (ZQ_API, default http://127.0.0.1:8080).
export default defineConfig({
  plugins: [vue()],
  build: {
    target: 'es2020',
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      output: {
        manualChunks: {
          vue: ['vue', 'vue-router', 'vue-i18n'],
          'element-plus': ['element-plus'],
          echarts: ['echarts/core', 'echarts/charts', 'echarts/components', 'echarts/renderers'],
        },
      },
    },
  },
  server: {
    proxy: { '/api': (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env.ZQ_API ?? 'http://127.0.0.1:8080' },
  },
});
