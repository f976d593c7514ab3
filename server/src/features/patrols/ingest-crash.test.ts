import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { createUser } from '../../../test/factories.ts';

// Issue 12: a fix is stored before it is acknowledged. A real server process takes a sustained stream of
// Traccar Client fixes from several phones at once and is killed with SIGKILL in the middle of it; every
// fix it answered 200 to is in the database, and the restarted server goes on taking fixes.
const root = join(import.meta.dirname, '..', '..', '..', '..');
let db: TestDatabase;
let server: ChildProcess | undefined;
afterAll(async () => {
  server?.kill('SIGKILL');
  await db?.drop();
});

const freePort = () => new Promise<number>((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const { port } = s.address() as { port: number };
    s.close(() => resolve(port));
  });
});

/** Starts the server (node itself, tsx as its loader: SIGKILL must reach the process that serves) on the test database; resolves once it answers. */
async function start(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'server/src/index.ts')], {
    cwd: root, stdio: ['pipe', 'ignore', 'inherit'],
    env: { ...process.env, DATABASE_URL: db.url, PORT: String(port), HOST: '127.0.0.1', WANGGE_DEMO: 'off', WANGGE_EXIT_WITH_STDIN: '1', NODE_ENV: 'test' },
  });
  for (let i = 0; i < 300; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.ok, () => false);
    if (ok) return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the server did not start');
}

beforeAll(async () => {
  db = await createTestDatabase();
  for (let d = 0; d < 6; d++) {
    const u = await createUser(db.sql, { username: `crash.worker${d}` });
    await db.sql`insert into device (user_id, protocol, identifier) values (${u.id}, 'osmand', ${`crash-${d}`})`;
  }
}, 60_000);

describe('a server killed in the middle of a sustained ingest', () => {
  it('has stored every fix it acknowledged', async () => {
    const port = await freePort();
    server = await start(port);
    const acked: { device: string; ts: number }[] = [];
    let refused = 0;
    let killed = false;
    const base = Math.floor(Date.now() / 1000) - 3600;
    // six phones, each sending its next fix as soon as the last one was answered, until the connection drops
    const phone = async (d: number) => {
      for (let i = 0; !killed; i++) {
        const ts = base + i;
        const url = `http://127.0.0.1:${port}/gps/osmand?id=crash-${d}&timestamp=${ts}&lat=${(39.98 + i * 0.00005).toFixed(6)}&lon=${(116.35 + d * 0.001).toFixed(6)}&speed=2.0&accuracy=5`;
        const res = await fetch(url).catch(() => null);
        if (!res) return;
        if (res.status === 200) acked.push({ device: `crash-${d}`, ts });
        else refused++;
      }
    };
    const phones = [0, 1, 2, 3, 4, 5].map(phone);
    // wait until the stream is well under way, then pull the plug
    while (acked.length < 300) await new Promise((r) => setTimeout(r, 20));
    server.kill('SIGKILL');
    killed = true;
    await Promise.all(phones);
    expect(refused).toBe(0);
    expect(acked.length).toBeGreaterThanOrEqual(300);

    server = await start(port);
    const rows = await db.sql`select d.identifier, extract(epoch from f.fixed_at)::bigint as ts from gps_fix f join device d on d.id = f.device_id`;
    const stored = new Set(rows.map((r) => `${r.identifier}|${r.ts}`));
    const lost = acked.filter((a) => !stored.has(`${a.device}|${a.ts}`));
    expect(lost).toEqual([]);
    // the restarted server takes the phones' next fixes (and a resent one is stored once)
    const first = acked.find((a) => a.device === 'crash-0')!;
    const again = await fetch(`http://127.0.0.1:${port}/gps/osmand?id=crash-0&timestamp=${first.ts}&lat=39.98&lon=116.35`);
    expect(again.status).toBe(200);
    const n = await db.sql`select count(*)::int as n from gps_fix f join device d on d.id = f.device_id where d.identifier = 'crash-0' and f.fixed_at = to_timestamp(${first.ts})`;
    expect(n[0]!.n).toBe(1);
  }, 120_000);
});
