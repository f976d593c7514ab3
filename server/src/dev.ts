import { spawn } from 'node:child_process';
import { createServer } from 'vite';

// Development: the API restarts on change (tsx watch) on an internal port, and Vite serves the
// client with hot module replacement, proxying /api and /tiles to it (see vite.config.ts).
const apiPort = process.env.WANGGE_API_PORT ?? '8787';
const api = spawn('npx', ['tsx', 'watch', '--clear-screen=false', 'server/src/index.ts'], {
  stdio: 'inherit',
  env: { ...process.env, PORT: apiPort, HOST: '127.0.0.1' },
});

const vite = await createServer({ configFile: 'vite.config.ts', server: { port: Number(process.env.PORT ?? 5173) } });
await vite.listen();
vite.printUrls();

const stop = async () => {
  api.kill('SIGTERM');
  await vite.close();
};
process.on('SIGINT', () => void stop().then(() => process.exit(0)));
process.on('SIGTERM', () => void stop().then(() => process.exit(0)));
api.on('exit', (code) => {
  if (code) console.error(`[dev] API exited with ${code}`);
});
