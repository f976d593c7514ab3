/**
 * `incidents-intake`: reports through POST /api/incidents (a county-wide grid leader's API key, N clients in a
 * worker thread, sustained) — each one placed in its grid by the plan in force, given its due time on the
 * calendar, written with its timeline line and follower, checked for duplicates nearby, audited — against
 * the repository's own INSERT of the same rows (place and due time worked out beforehand, untimed), in the
 * same process with the same concurrency.
 */
import type { Sql } from 'postgres';
import { createRandom } from '../../data/seed/random.ts';
import { planDate } from '../../server/src/features/grids/grids.domain.ts';
import { createIncidentsRepo, type PlaceAt } from '../../server/src/features/incidents/incidents.repo.ts';
import { openIncident } from '../../server/src/features/incidents/workflow.domain.ts';
import { runLoad, type Stats } from '../measure.ts';
import { postLoad } from './post-load.ts';
import { COUNTY } from './town.ts';

export interface IntakeContext {
  sql: Sql;
  port: number;
  key: string;
  userId: number;
  concurrency: number;
  seconds: number;
  log: (m: string) => void;
}

export interface IntakeResult {
  server: Stats;
  raw: Stats;
  reports: number;
  /** Cases in the table when the run began. */
  before: number;
}

const POINTS = 2_000;

async function reports(sql: Sql) {
  const points = await sql<{ lon: number; lat: number }[]>`select ST_X(p.geom) as lon, ST_Y(p.geom) as lat
    from jurisdiction j, ST_Dump(ST_GeneratePoints(j.geom, ${POINTS}, 42)) p where j.level = 'county' and j.code = ${COUNTY}`;
  const minors = (await sql`select code from incident_category where kind = 'event' and parent_code is not null order by code`).map((r) => String(r.code));
  const rng = createRandom('bench-incidents-intake');
  return points.map((p, i) => ({ categoryCode: rng.pick(minors), lon: Number(Number(p.lon).toFixed(7)), lat: Number(Number(p.lat).toFixed(7)), description: `合成上报 #${i}：路边堆放垃圾`, source: 'patrol' as const }));
}

/** The same reports as bare rows: place and due time looked up now (untimed), as the service would fill them. */
async function rawRows(sql: Sql, bodies: Awaited<ReturnType<typeof reports>>, userId: number) {
  const repo = createIncidentsRepo(sql);
  const date = planDate(new Date());
  const rows: { b: (typeof bodies)[number]; place: PlaceAt }[] = [];
  for (const b of bodies) rows.push({ b, place: (await repo.placeAt(b.lon, b.lat, date))! });
  return (now: Date, i: number) => {
    const { b, place } = rows[i % rows.length]!;
    return {
      row: {
        reported_at: now, region_code: place.regionCode, category_code: b.categoryCode, description: b.description, source: b.source,
        geom: sql`ST_SetSRID(ST_MakePoint(${b.lon}, ${b.lat}), 4326)` as never, address: null, grid_id: place.grid?.id ?? null, grid_code: place.grid?.code ?? null,
        grid_name: place.grid?.name ?? null, plan_id: place.planId, community_id: place.community.id, community_code: place.community.code,
        town_id: place.town?.id ?? null, town_code: place.town?.code ?? null, county_id: place.county?.id ?? null, county_code: place.county?.code ?? null,
        status: 'reported', level: 'grid', state: sql.json(openIncident(String(userId), 'grid') as never) as never, reporter_user_id: userId,
        reporter_name: null, reporter_phone: null, anonymous: false, due_at: new Date(now.getTime() + 4 * 3_600_000), due_provisional: false, calendar_version: 'bench',
      },
      event: { at: now, action: 'report', actorUserId: userId, actorRole: 'grid_worker', fromStatus: null, toStatus: 'reported', level: 'grid', note: null, attachments: [], detail: { source: 'patrol' } },
    };
  };
}

/** Sustained intake through the server, then the bare inserts of the same rows, each after a short warm-up. */
export async function benchIntake(ctx: IntakeContext): Promise<IntakeResult> {
  const [n] = await ctx.sql`select count(*)::int as n from incident`;
  const bodies = await reports(ctx.sql);
  const raw = await rawRows(ctx.sql, bodies, ctx.userId);
  const repo = createIncidentsRepo(ctx.sql);
  // the statement the server writes a report with: the case, its first timeline line and follower at once
  const insert = (i: number) => {
    const { row, event } = raw(new Date(), i);
    return repo.insertReported(row, event, { userId: ctx.userId }).then(() => 1);
  };
  const request = { port: ctx.port, path: '/api/incidents', bodies: bodies.map((b) => JSON.stringify(b)), ok: [201], headers: { authorization: `Bearer ${ctx.key}` } };
  const warm = { concurrency: ctx.concurrency, maxRequests: 300, maxSeconds: 3 };
  await postLoad({ ...request, load: warm, offset: 0 });
  await runLoad(insert, warm);
  ctx.log(`[bench] intake: ${ctx.seconds} s through the server, ${ctx.concurrency} clients`);
  const server = await postLoad({ ...request, load: { concurrency: ctx.concurrency, maxRequests: 10_000_000, maxSeconds: ctx.seconds }, offset: 300 });
  ctx.log(`[bench] intake: ${server.perSecond.toFixed(0)} reports/s (p95 ${server.p95.toFixed(1)} ms, ${server.errors} errors); now the bare inserts`);
  const rawStats = await runLoad(insert, { concurrency: ctx.concurrency, maxRequests: 10_000_000, maxSeconds: ctx.seconds });
  ctx.log(`[bench] intake: bare inserts ${rawStats.perSecond.toFixed(0)} /s`);
  return { server, raw: rawStats, reports: POINTS, before: n!.n };
}
