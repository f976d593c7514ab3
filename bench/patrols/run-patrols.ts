/**
 * `npm run bench -- patrols-ingest patrols-coverage patrols-replay`: a scratch database (its own private cluster)
 * with a synthetic town of 2,000 grids and a grid leader for each, the real HTTP server on 127.0.0.1, then the
 * suites asked for; the coverage and replay suites share one day of a million fixes. Dropped at the end.
 */
import { loadavg } from 'node:os';
import { serve, type ServerType } from '@hono/node-server';
import { createApp } from '../../server/src/app.ts';
import { commanderCookie, writeTown } from '../incidents/town.ts';
import { openScratchDatabase } from '../incidents/scratch.ts';
import { describeMachine } from '../report.ts';
import { benchCoverage } from './coverage.ts';
import { writePatrolDay } from './dataset.ts';
import { benchBatches, benchOsmand } from './ingest.ts';
import { adminKey, writeWorkers } from './people.ts';
import { benchReplay } from './replay.ts';
import { coverageMarkdown, ingestMarkdown, replayMarkdown } from './report.ts';

export const PATROL_SUITES = ['patrols-ingest', 'patrols-coverage', 'patrols-replay'] as const;
export type PatrolSuite = (typeof PATROL_SUITES)[number];

/** 658,500 households make the synthetic town's 2,000 grids (seed 1). */
const HOUSEHOLDS = 658_500;

export interface PatrolOptions {
  suites: readonly PatrolSuite[];
  ingestSeconds: number;
  ingestConcurrency: number;
  ingestBatch: number;
  osmandSeconds: number;
  coverageRuns: number;
  replayRequests: number;
  log: (m: string) => void;
  /** Writes one suite's section of RESULTS.md. */
  write: (suite: PatrolSuite, body: string) => void;
}

type Town = Awaited<ReturnType<typeof writeTown>>;
type Db = Awaited<ReturnType<typeof openScratchDatabase>>;
type Workers = Awaited<ReturnType<typeof writeWorkers>>;

/** Batches through the server against COPY, then one Traccar fix against a single INSERT. */
async function ingest(opts: PatrolOptions, db: Db, port: number, town: Town, workers: Workers) {
  const before = loadavg()[0] ?? 0;
  const ctx = { sql: db.sql, port, workers, adminKey: await adminKey(db.sql), seconds: opts.ingestSeconds, concurrency: opts.ingestConcurrency,
    batch: opts.ingestBatch, osmandSeconds: opts.osmandSeconds, log: opts.log };
  const a = await benchBatches(ctx);
  const b = await benchOsmand(ctx);
  opts.write('patrols-ingest', ingestMarkdown(await describeMachine(db.sql, before), town, a, b,
    `npm run bench -- patrols-ingest --ingest-seconds ${opts.ingestSeconds} --ingest-concurrency ${opts.ingestConcurrency} --ingest-batch ${opts.ingestBatch} --osmand-seconds ${opts.osmandSeconds}`));
}

/** The day of a million fixes, then its coverage and a replay of its longest patrol. */
async function patrolDay(opts: PatrolOptions, db: Db, port: number, town: Town, workers: Workers) {
  const day = await writePatrolDay(db.sql, workers, { patrols: 2_000, fixesEach: 500, log: opts.log });
  if (opts.suites.includes('patrols-coverage')) {
    const before = loadavg()[0] ?? 0;
    const c = await benchCoverage(db.sql, day.day, opts.coverageRuns, opts.log);
    opts.write('patrols-coverage', coverageMarkdown(await describeMachine(db.sql, before), town, day, c, `npm run bench -- patrols-coverage --coverage-runs ${opts.coverageRuns}`));
  }
  if (opts.suites.includes('patrols-replay')) {
    const before = loadavg()[0] ?? 0;
    const { cookie } = await commanderCookie(db.sql);
    const r = await benchReplay({ sql: db.sql, port, cookie, patrolId: day.replay.patrolId, requests: opts.replayRequests, log: opts.log });
    opts.write('patrols-replay', replayMarkdown(await describeMachine(db.sql, before), day, r, opts.replayRequests, `npm run bench -- patrols-replay --replay-requests ${opts.replayRequests}`));
  }
}

/** Runs the patrol suites asked for. */
export async function runPatrols(opts: PatrolOptions): Promise<void> {
  const db = await openScratchDatabase(opts.log, { name: 'wangge_bench_patrols', dir: '.wangge/bench-patrols-pg' });
  let server: ServerType | undefined;
  try {
    const town = await writeTown(db.sql, opts.log, HOUSEHOLDS);
    const [cut] = await db.sql`select refresh_street_pieces() as n`;
    opts.log(`[bench] ${cut!.n} street pieces`);
    const workers = await writeWorkers(db.sql);
    const port = await new Promise<number>((resolve) => {
      server = serve({ fetch: createApp({ sql: db.sql }).fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve(info.port));
    });
    if (opts.suites.includes('patrols-ingest')) await ingest(opts, db, port, town, workers);
    if (opts.suites.includes('patrols-coverage') || opts.suites.includes('patrols-replay')) await patrolDay(opts, db, port, town, workers);
  } finally {
    server?.close();
    await db.close();
  }
}
