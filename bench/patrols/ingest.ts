/**
 * `patrols-ingest`, two measurements:
 * (a) sustained uploads of the web app's batches through POST /api/patrols/:id/fixes (several clients in a worker
 *     thread, each request the next `batch` fixes of one of the patrols), fixes/s; against a raw COPY of the very
 *     same rows into gps_fix, in the same run;
 * (b) the latency of one fix through GET /gps/osmand with 1,000 Traccar Client phones (each bound by POST
 *     /api/devices first) reporting every 10 s, requests spread evenly (100/s, open loop); against a single-row
 *     INSERT into gps_fix at the same pace.
 */
import type { Sql } from 'postgres';
import { createRandom } from '../../data/seed/random.ts';
import { createDevicesRepo } from '../../server/src/features/patrols/devices.repo.ts';
import { loadInWorker } from '../http-load.ts';
import type { Stats } from '../measure.ts';
import { copyFixes, ensurePartitions, fixLine } from './fix-copy.ts';
import type { FixesLoadRequest, FixesLoadResult, UploadPatrol } from './fixes-worker.ts';
import type { OsmandLoadRequest } from './osmand-worker.ts';
import { runPaced, type PacedStats } from './paced.ts';
import type { Worker } from './people.ts';
import { workerKeys } from './people.ts';
import { walk } from './walk.ts';

export interface IngestContext {
  sql: Sql;
  port: number;
  workers: readonly Worker[];
  adminKey: string;
  seconds: number;
  concurrency: number;
  batch: number;
  osmandSeconds: number;
  log: (m: string) => void;
}

/** (a): the uploads through the server and the COPY of the same rows. */
export interface BatchResult {
  patrols: number;
  batch: number;
  concurrency: number;
  server: Stats;
  answered: FixesLoadResult['answered'];
  copy: { rows: number; streams: number; seconds: number; perSecond: number };
}

/** (b): one fix's latency through /gps/osmand and a single-row INSERT's, at the same pace. */
export interface OsmandResult {
  devices: number;
  perSecond: number;
  server: PacedStats;
  raw: PacedStats;
}

/** Web app: 5 s between fixes (its sampling), at an e-bike's pace so few fixes are jitter. */
const WEB = { intervalMs: 5_000, speedMps: 2.5 };
/** The web patrols began six days ago: room for millions of fixes before now (fixes may be up to 30 days old). */
const WEB_START_MS = 6 * 86_400_000;
const PHONES = 1_000;
const PHONE_EVERY_S = 10;

async function patrolOn(sql: Sql, userId: number, deviceId: number, at: Date): Promise<number> {
  const [p] = await sql`insert into patrol (user_id, device_id, started_at) values (${userId}, ${deviceId}, ${at}) returning id`;
  return Number(p!.id);
}

/** Each worker's web-app patrol (on the device the web app uses), open since `startAt`, and its API key. */
async function uploadPatrols(sql: Sql, workers: readonly Worker[], startAt: Date): Promise<UploadPatrol[]> {
  const devices = createDevicesRepo(sql);
  const keys = await workerKeys(sql, workers);
  const out: UploadPatrol[] = [];
  for (const [i, w] of workers.entries()) {
    const device = await devices.ownDevice(w.userId, 'web');
    out.push({ id: await patrolOn(sql, w.userId, device.id, startAt), key: keys[i]!, box: w.box, seed: `ingest/${w.userId}`, startAt: startAt.toISOString() });
  }
  return out;
}

/** The same walks' rows as the server got, under devices and patrols of their own, COPYed in `streams` at once. */
async function copySameRows(sql: Sql, workers: readonly Worker[], patrols: readonly UploadPatrol[], taken: readonly number[], streams: number) {
  const startAt = new Date(patrols[0]!.startAt);
  const lines: string[][] = Array.from({ length: streams }, () => []);
  for (const [i, p] of patrols.entries()) {
    const userId = workers[i]!.userId;
    const [d] = await sql`insert into device (user_id, protocol, identifier) values (${userId}, 'web', ${`copy-${userId}`}) returning id`;
    const owner = { deviceId: Number(d!.id), userId, patrolId: await patrolOn(sql, userId, Number(d!.id), startAt) };
    for (const f of walk(createRandom(p.seed), { box: p.box, startAt, intervalMs: WEB.intervalMs, speedMps: WEB.speedMps, count: taken[i]! })) lines[i % streams]!.push(fixLine(owner, f));
  }
  await ensurePartitions(sql, startAt, new Date(startAt.getTime() + Math.max(...taken) * WEB.intervalMs));
  const rows = lines.reduce((s, l) => s + l.length, 0);
  const t = performance.now();
  await Promise.all(lines.map((l) => copyFixes(sql, l)));
  const seconds = (performance.now() - t) / 1000;
  return { rows, streams, seconds, perSecond: rows / seconds };
}

/** (a) Sustained batches through the server, then the raw COPY of the same rows. */
export async function benchBatches(ctx: IngestContext): Promise<BatchResult> {
  const workers = ctx.workers.slice(0, ctx.concurrency * 4);
  const patrols = await uploadPatrols(ctx.sql, workers, new Date(Date.now() - WEB_START_MS));
  ctx.log(`[bench] ingest: ${ctx.seconds} s of ${ctx.batch}-fix batches through POST /api/patrols/:id/fixes, ${ctx.concurrency} clients, ${patrols.length} patrols`);
  const request: FixesLoadRequest = { port: ctx.port, patrols, batch: ctx.batch, ...WEB, concurrency: ctx.concurrency, warmSeconds: 3, seconds: ctx.seconds };
  const r = await loadInWorker<FixesLoadResult>(new URL('./fixes-worker.ts', import.meta.url), request);
  ctx.log(`[bench] ingest: ${Math.round(r.measured.perSecond * ctx.batch)} fixes/s (${r.measured.errors} errors); now COPY of the same rows`);
  const copy = await copySameRows(ctx.sql, workers, patrols, r.taken, ctx.concurrency);
  ctx.log(`[bench] ingest: COPY ${Math.round(copy.perSecond)} fixes/s`);
  return { patrols: patrols.length, batch: ctx.batch, concurrency: ctx.concurrency, server: r.measured, answered: r.answered, copy };
}

/** Binds a Traccar Client phone to each of the first workers through POST /api/devices, as an admin does. */
async function bindPhones(ctx: IngestContext, n: number) {
  const devices: OsmandLoadRequest['devices'] = [];
  for (const w of ctx.workers.slice(0, n)) {
    const identifier = String(100_000 + devices.length);
    const res = await fetch(`http://127.0.0.1:${ctx.port}/api/devices`, {
      method: 'POST', headers: { authorization: `Bearer ${ctx.adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ userId: w.userId, protocol: 'osmand', identifier, label: 'Traccar Client' }),
    });
    if (res.status !== 201) throw new Error(`POST /api/devices: HTTP ${res.status} ${await res.text()}`);
    devices.push({ identifier, box: w.box });
  }
  return devices;
}

/** A single-row INSERT of a fix at the phones' pace, into a device and patrol of its own. */
async function pacedInserts(ctx: IngestContext, perSecond: number): Promise<PacedStats> {
  const w = ctx.workers[0]!;
  const [d] = await ctx.sql`insert into device (user_id, protocol, identifier) values (${w.userId}, 'osmand', 'raw-insert') returning id`;
  const patrolId = await patrolOn(ctx.sql, w.userId, Number(d!.id), new Date());
  const t0 = Date.now();
  await ensurePartitions(ctx.sql, new Date(t0), new Date(t0 + (ctx.osmandSeconds + 5) * 1000));
  const fixes = walk(createRandom('raw-insert'), { box: w.box, startAt: new Date(t0), intervalMs: 1000 / perSecond, speedMps: 1.3 });
  const insert = () => {
    const f = fixes.next().value!;
    return ctx.sql`insert into gps_fix (device_id, fixed_at, user_id, patrol_id, geom, accuracy, speed, heading, altitude, battery)
      values (${Number(d!.id)}, ${f.at}, ${w.userId}, ${patrolId}, ST_SetSRID(ST_MakePoint(${f.lon}, ${f.lat}), 4326), ${f.accuracy}, ${f.speed}, ${f.heading}, 41, 88)`;
  };
  await runPaced(insert, { perSecond, seconds: 2 });
  return runPaced(insert, { perSecond, seconds: ctx.osmandSeconds });
}

/** (b) One fix's latency through /gps/osmand with 1,000 phones every 10 s, then single-row INSERTs at the same pace. */
export async function benchOsmand(ctx: IngestContext): Promise<OsmandResult> {
  const devices = await bindPhones(ctx, PHONES);
  const perSecond = PHONES / PHONE_EVERY_S;
  ctx.log(`[bench] osmand: ${PHONES} phones bound; ${PHONE_EVERY_S} s of first fixes, then ${ctx.osmandSeconds} s at ${perSecond}/s`);
  const request: OsmandLoadRequest = { port: ctx.port, devices, perSecond, seconds: ctx.osmandSeconds, sockets: 64 };
  const r = await loadInWorker<{ warm: PacedStats; measured: PacedStats }>(new URL('./osmand-worker.ts', import.meta.url), request);
  ctx.log(`[bench] osmand: p50 ${r.measured.p50.toFixed(1)} / p95 ${r.measured.p95.toFixed(1)} / p99 ${r.measured.p99.toFixed(1)} ms (${r.measured.errors} errors); now single-row INSERTs`);
  const raw = await pacedInserts(ctx, perSecond);
  ctx.log(`[bench] osmand: INSERT p50 ${raw.p50.toFixed(2)} / p99 ${raw.p99.toFixed(2)} ms`);
  return { devices: PHONES, perSecond, server: r.measured, raw };
}
