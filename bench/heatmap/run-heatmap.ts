/**
 * `npm run bench -- incidents-tiles incidents-stats [--heatmap-cases N]`: the heatmap's tiles at z10–z17 over random
 * 30-day windows and a street office's month of indicators, each through the real HTTP server (signed in) and as
 * the same repository call, at p95. It runs on the benchmark database (bench/database.ts: `.wangge/bench-pg` or
 * BENCH_DATABASE_URL): with --heatmap-cases N (default 200,000; 1,000,000 for the figure) it first makes N
 * synthetic cases in 合成事件区 (990401, synthetic.ts; kept for the next run of the same size); with 0 it measures
 * whatever cases the database holds, in the county that has the most.
 */
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { serve } from '@hono/node-server';
import type { Sql } from 'postgres';
import { createRandom } from '../../data/seed/random.ts';
import { createApp } from '../../server/src/app.ts';
import { seedIncidentReference } from '../../server/src/features/incidents/incident-reference.seed.ts';
import type { BenchDatabase } from '../database.ts';
import { createHttpClient } from '../http-client.ts';
import { describeMachine } from '../report.ts';
import { benchSessionCookie } from '../signed-in.ts';
import { benchHeatmapStats, benchHeatmapTiles, dataSpan, samplePoints, type HeatmapContext } from './measure-heatmap.ts';
import { statsMarkdown, tilesMarkdown } from './report-heatmap.ts';
import { ensureIncidentTown } from './synthetic.ts';

export const HEATMAP_SUITES = ['incidents-tiles', 'incidents-stats'] as const;
export type HeatmapSuite = (typeof HEATMAP_SUITES)[number];
const ZOOMS = [10, 11, 12, 13, 14, 15, 16, 17];

export interface HeatmapOptions {
  suites: readonly HeatmapSuite[];
  /** Synthetic cases to make first (0: measure what is there). */
  cases: number;
  seed: number;
  regenerate: boolean;
  /** Tiles per zoom; indicator months are each asked `rounds` times. */
  requests: number;
  rounds: number;
  log: (m: string) => void;
  write: (suite: HeatmapSuite, body: string) => void;
}

/** The county with the most cases, its street office with the most, and the bench user's scope over the county. */
async function subject(sql: Sql) {
  const [c] = await sql<{ county: string }[]>`select county_code as county from incident where county_code is not null group by 1 order by count(*) desc limit 1`;
  if (!c) throw new Error('no incidents to measure: pass --heatmap-cases N to make some');
  const [t] = await sql<{ town: string }[]>`select town_code as town from incident where county_code = ${c.county} group by 1 order by count(*) desc limit 1`;
  const cookie = await benchSessionCookie(sql, c.county);
  const [u] = await sql<{ id: number }[]>`select id from app_user where username = 'bench-leader'`;
  return { county: c.county, town: t!.town, cookie, scope: { userId: Number(u!.id), prefixes: [c.county], gridCodes: [], departmentIds: [] } };
}

/** Runs the heatmap suites asked for on the benchmark database. */
export async function runHeatmap(db: BenchDatabase, opts: HeatmapOptions): Promise<void> {
  const loadBefore = loadavg()[0] ?? 0;
  await seedIncidentReference(db.sql);
  const made = opts.cases > 0 ? await ensureIncidentTown(db.sql, { incidents: opts.cases, seed: opts.seed, regenerate: opts.regenerate, log: opts.log }) : null;
  const who = await subject(db.sql);
  const span = await dataSpan(db.sql, who.county);
  const server = serve({ fetch: createApp({ sql: db.sql }).fetch, port: 0, hostname: '127.0.0.1' });
  if (!server.listening) await new Promise((r) => server.once('listening', r));
  const client = createHttpClient((server.address() as AddressInfo).port, 1, { cookie: who.cookie });
  try {
    const ctx: HeatmapContext = {
      sql: db.sql, client, scope: who.scope, county: who.county, town: who.town, start: span.start, end: span.end,
      points: await samplePoints(db.sql, who.county, 5_000), rng: createRandom(`bench-heatmap/${opts.seed}`), log: opts.log,
    };
    const dataset = { county: who.county, town: who.town, cases: span.cases, made: made?.seconds ?? null, start: span.start, end: span.end };
    const flags = `--heatmap-cases ${opts.cases} --heatmap-requests ${opts.requests} --rounds ${opts.rounds}`;
    if (opts.suites.includes('incidents-tiles')) {
      const lines = await benchHeatmapTiles(ctx, ZOOMS, opts.requests);
      opts.write('incidents-tiles', tilesMarkdown(await describeMachine(db.sql, loadBefore), dataset, lines, `npm run bench -- incidents-tiles ${flags}`));
    }
    if (opts.suites.includes('incidents-stats')) {
      const before = loadavg()[0] ?? 0;
      const line = await benchHeatmapStats(ctx, opts.rounds);
      opts.write('incidents-stats', statsMarkdown(await describeMachine(db.sql, before), dataset, line, `npm run bench -- incidents-stats ${flags}`));
    }
  } finally {
    client.close();
    server.close();
  }
}
