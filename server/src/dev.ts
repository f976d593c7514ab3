import { spawn } from 'node:child_process';
import { createServer } from 'vite';

// Development: the API restarts on change (tsx watch) on an internal port, and Vite serves the
// client with hot module replacement, proxying /api and /tiles to it (see vite.config.ts).
const apiPort = process.env.WANGGE_API_PORT ?? '8787';
// its own process group, so one signal reaches tsx watch and the server it restarts
const api = spawn('npx', ['tsx', 'watch', '--clear-screen=false', 'server/src/index.ts'], {
  stdio: 'inherit',
  detached: true,
  env: { ...process.env, PORT: apiPort, HOST: '127.0.0.1' },
});
const apiExited = new Promise<void>((resolve) => api.once('exit', () => resolve()));

const vite = await createServer({ configFile: 'vite.config.ts', server: { port: Number(process.env.PORT ?? 5173) } });
await vite.listen();
vite.printUrls();

const stop = async () => {
  // the server stops its embedded cluster on SIGTERM; wait for it before exiting
  if (api.pid && api.exitCode === null) process.kill(-api.pid, 'SIGTERM');
  await Promise.all([vite.close(), Promise.race([apiExited, new Promise((r) => setTimeout(r, 15_000))])]);
};
process.on('SIGINT', () => void stop().then(() => process.exit(0)));
process.on('SIGTERM', () => void stop().then(() => process.exit(0)));
api.on('exit', (code) => {
  if (code) console.error(`[dev] API exited with ${code}`);
});
