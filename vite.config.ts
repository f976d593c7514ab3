import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

const apiTarget = process.env.WANGGE_API ?? 'http://127.0.0.1:8787';

// The client lives in client/; `npm start` serves the build from dist/ on the API's port,
// `npm run dev` proxies /api and /tiles to the API server.
export default defineConfig({
  root: fileURLToPath(new URL('./client', import.meta.url)),
  plugins: [vue()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    port: 5173,
    proxy: { '/api': apiTarget, '/tiles': apiTarget },
  },
});
