/**
 * `incidents-list`: GET /api/incidents with the typical filters, signed in as the county's commander (every
 * case in scope), against the repository's own list (its page query and its count, the SQL the route runs)
 * with the same parsed filters, one request at a time (latency, not throughput).
 */
import type { Sql } from 'postgres';
import { createRandom } from '../../data/seed/random.ts';
import { createIncidentsRepo } from '../../server/src/features/incidents/incidents.repo.ts';
import { listQuery } from '../../server/src/features/incidents/incidents.schema.ts';
import { httpLoad } from '../http-load.ts';
import { runLoad, type Stats } from '../measure.ts';
import { listPath, listScenarios, type ListPlaces } from './list-scenarios.ts';
import { COUNTY } from './town.ts';

/** One typical question: the server's and the repository's latencies, and how many cases it finds (mean total). */
export interface ListComparison {
  name: string;
  server: Stats;
  raw: Stats;
  meanTotal: number;
}

export interface ListContext {
  sql: Sql;
  port: number;
  cookie: string;
  userId: number;
  now: Date;
  /** Requests per scenario and side, split over `rounds`. */
  requests: number;
  rounds: number;
  log: (m: string) => void;
}

async function placesOf(sql: Sql): Promise<ListPlaces> {
  const codes = async (level: string) => (await sql`select code from jurisdiction where level = ${level} and region_code = ${COUNTY} order by code`).map((r) => String(r.code));
  const grids = (await sql`select code from grid order by code`).map((r) => String(r.code));
  const minors = (await sql`select code from incident_category where kind = 'event' and parent_code is not null order by code`).map((r) => String(r.code));
  return { towns: await codes('town'), communities: await codes('community'), grids, minors, classes: [...new Set(minors.map((m) => m.slice(0, 2)))] };
}

/** Every scenario through the server and through the repository, alternating rounds; the lower p95 of each side's rounds counts. */
export async function benchList(ctx: ListContext): Promise<ListComparison[]> {
  const repo = createIncidentsRepo(ctx.sql);
  const scope = { userId: ctx.userId, prefixes: [COUNTY], gridCodes: [], departmentIds: [] };
  const scenarios = listScenarios(await placesOf(ctx.sql), ctx.now, createRandom('bench-incidents-list'));
  const out: ListComparison[] = [];
  for (const s of scenarios) {
    const paths = s.queries.map(listPath);
    const filters = s.queries.map((q) => listQuery.parse(q));
    let totals = 0;
    const raw = (i: number) => repo.list(scope, filters[i % filters.length]!, ctx.now).then((r) => {
      totals += r.total;
      return r.items.length;
    });
    const round = { concurrency: 1, maxRequests: Math.ceil(ctx.requests / ctx.rounds), maxSeconds: 30 };
    await runLoad(raw, { ...round, maxRequests: 3 });
    const sides = { server: [] as Stats[], raw: [] as Stats[] };
    for (let k = 0; k < ctx.rounds; k++) {
      sides.server.push(await httpLoad({ port: ctx.port, paths, ok: [200], load: round, headers: { cookie: ctx.cookie }, warmup: 3 }));
      totals = 0;
      sides.raw.push(await runLoad(raw, round));
    }
    const lowest = (stats: Stats[]) => stats.reduce((a, b) => (b.p95 < a.p95 ? b : a));
    const result = { name: s.name, server: lowest(sides.server), raw: lowest(sides.raw), meanTotal: totals / Math.max(1, sides.raw.at(-1)!.requests) };
    ctx.log(`[bench] list: ${s.name}: p95 ${result.server.p95.toFixed(1)} ms (raw ${result.raw.p95.toFixed(1)} ms), ~${Math.round(result.meanTotal).toLocaleString('en')} cases`);
    out.push(result);
  }
  return out;
}
