import { fileURLToPath } from 'node:url';
import { constants } from 'node:zlib';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';
import { compression, defineAlgorithm } from 'vite-plugin-compression2';

const apiTarget = process.env.WANGGE_API ?? 'http://127.0.0.1:8787';

// The client lives in client/; `npm start` serves the build from dist/ on the API's port,
// `npm run dev` proxies /api and /tiles to the API server.
// The build writes a .br and a .gz copy beside each script and stylesheet, compressed once at the
// highest levels, which the server sends to browsers that accept them (server/src/http/static.ts).
export default defineConfig({
  root: fileURLToPath(new URL('./client', import.meta.url)),
  plugins: [
    vue(),
    compression({
      include: /\.(js|css|svg|json)$/,
      threshold: 1024,
      algorithms: [defineAlgorithm('gzip', { level: 9 }), defineAlgorithm('brotliCompress', { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } })],
      logLevel: 'silent',
    }),
  ],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    // MapLibre alone is about 1 MB before compression; the pages are split (client/src/App.vue)
    chunkSizeWarningLimit: 1100,
  },
  server: {
    port: 5173,
    proxy: { '/api': apiTarget, '/tiles': apiTarget },
  },
});
