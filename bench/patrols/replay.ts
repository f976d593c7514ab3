/**
 * `patrols-replay`: GET /api/patrols/:id/track of a worker's whole day (8 hours, a fix every 5 s) among the day's
 * million fixes, asked by the county's commander (signed in, as the supervisor's view asks it, gzip accepted as a
 * browser does; the read is audited), one request at a time; against the raw select of the patrol's fixes in time
 * order. Requests alternate between the two, so background load hits both alike.
 */
import type { Sql } from 'postgres';
import { createHttpClient } from '../http-client.ts';
import { summarize, type Stats } from '../measure.ts';

export interface ReplayResult {
  server: Stats;
  raw: Stats;
  /** Fixes the raw select returned. */
  fixes: number;
}

async function timed(job: () => Promise<number>, into: { ms: number[]; bytes: number[] }) {
  const t = performance.now();
  into.bytes.push(await job());
  into.ms.push(performance.now() - t);
}

/** `requests` of each, after a few untimed ones. */
export async function benchReplay(ctx: { sql: Sql; port: number; cookie: string; patrolId: number; requests: number; log: (m: string) => void }): Promise<ReplayResult> {
  const client = createHttpClient(ctx.port, 1, { cookie: ctx.cookie, 'accept-encoding': 'gzip, deflate, br' });
  let fixes = 0;
  const server = () => client.get(`/api/patrols/${ctx.patrolId}/track`, [200]);
  const raw = async () => {
    const rows = await ctx.sql`select fixed_at, ST_X(geom) as lon, ST_Y(geom) as lat, accuracy, speed, kept from gps_fix
      where patrol_id = ${ctx.patrolId} order by fixed_at`;
    fixes = rows.length;
    return rows.length;
  };
  try {
    for (let i = 0; i < 5; i++) {
      await server();
      await raw();
    }
    const s = { ms: [] as number[], bytes: [] as number[] };
    const r = { ms: [] as number[], bytes: [] as number[] };
    const started = performance.now();
    for (let i = 0; i < ctx.requests; i++) {
      if (i % 2) await timed(raw, r);
      await timed(server, s);
      if (!(i % 2)) await timed(raw, r);
    }
    const seconds = (performance.now() - started) / 1000;
    const out = { server: summarize(s.ms, s.bytes, 0, seconds), raw: summarize(r.ms, r.bytes, 0, seconds), fixes };
    ctx.log(`[bench] replay: ${fixes} fixes, server p50 ${out.server.p50.toFixed(1)} / p95 ${out.server.p95.toFixed(1)} ms, raw p95 ${out.raw.p95.toFixed(1)} ms`);
    return out;
  } finally {
    client.close();
  }
}
