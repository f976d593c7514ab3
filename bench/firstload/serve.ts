/**
 * Runs one checkout's server for the first-load bench: `tsx bench/firstload/serve.ts` with FIRSTLOAD_ROOT (the
 * checkout: this tree or an exported older revision) and FIRSTLOAD_DIST (its client, built privately, so a
 * concurrent `vite build` into dist/ cannot change what is measured). It boots the database as `npm start` does
 * (DATABASE_URL, migrations, the demo) and serves the API and the client with that checkout's own code.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { serve } from '@hono/node-server';
import { LISTENING } from './apps.ts';

const root = process.env.FIRSTLOAD_ROOT;
const dist = process.env.FIRSTLOAD_DIST;
if (!root || !dist) throw new Error('FIRSTLOAD_ROOT and FIRSTLOAD_DIST must be set');
const load = (path: string) => import(pathToFileURL(join(root, path)).href);

const { bootDatabase } = await load('server/src/db/boot.ts');
const { createApp } = await load('server/src/app.ts');
const { mountClient } = await load('server/src/http/static.ts');
const db = await bootDatabase();
const app = createApp({ sql: db.sql });
if (!mountClient(app, dist)) throw new Error(`no built client in ${dist}`);
// a port of the system's choosing, said on stdout for the bench (no race for a 'free' port)
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => console.log(`${LISTENING}${info.port}`));
// the bench holds our stdin: when it ends, however it ends, so does this server
const stop = () => {
  server.close();
  void db.close().finally(() => process.exit(0));
};
process.stdin.on('end', stop);
process.stdin.on('error', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
