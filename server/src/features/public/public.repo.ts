import type { Sql, TransactionSql } from 'postgres';
import type { IncidentStatus } from '../incidents/incidents.vocabulary.ts';
import type { SearchKind } from '../search/search.domain.ts';
import { FINISHED, type ClosedCaseRow, type TrackedCase } from './public.domain.ts';
import type { PublicListQuery } from './public.schema.ts';

type Db = Sql | TransactionSql;

/** How many merges a follow link is followed through (a merge of a merge…); more would be a loop. */
const MAX_MERGES = 10;

/**
 * The case a follower's case ended up in: itself, or the case it was merged into (and so on). `start`
 * is the follower's incident id; the last of the chain is the one that was not merged further.
 */
const finalCase = (db: Db, start: ReturnType<Db>) => db`(
  with recursive chain (id, merged_into, depth) as (
    select i.id, i.merged_into, 0 from incident i where i.id = ${start}
    union all
    select i.id, i.merged_into, c.depth + 1 from chain c join incident i on i.id = c.merged_into where c.depth < ${MAX_MERGES})
  select id from chain order by depth desc limit 1)`;

const ref = (code: unknown, name: unknown) => (code === null ? null : { code: String(code), name: String(name) });

/** Every query of the public pages: closed cases, follow links and their ratings, a grid's outline, a found place's point. */
export function createPublicRepo(sql: Sql) {
  return {
    /** A page of finished cases (not merged away) with the filters, newest report first, and the total. */
    async closed(f: PublicListQuery): Promise<{ items: ClosedCaseRow[]; total: number }> {
      const parts = [sql`i.status = any(${FINISHED as string[]}::text[])`, sql`i.merged_into is null`];
      if (f.category) parts.push(f.category.length === 2 ? sql`i.category_code like ${`${f.category}__`}` : sql`i.category_code = ${f.category}`);
      if (f.jurisdiction) parts.push(f.jurisdiction.length >= 14 ? sql`i.grid_code = ${f.jurisdiction}` : sql`i.community_code like ${`${f.jurisdiction}%`}`);
      if (f.from) parts.push(sql`i.reported_at >= ${f.from}`);
      if (f.to) parts.push(sql`i.reported_at < ${f.to}`);
      const where = parts.reduce((a, b) => sql`${a} and ${b}`);
      // only the columns the public may see are read at all: no description, address, reporter or photos
      const [rows, [count]] = await Promise.all([
        sql`select i.id, i.category_code, c.name_zh, c.name_en, ST_X(i.geom) as lon, ST_Y(i.geom) as lat,
            i.community_code, cj.name as community_name, i.town_code, tj.name as town_name, i.status, i.reported_at, i.closed_at,
            i.closed_on_time, i.self_handled, i.rating, i.synthetic
          from incident i join incident_category c on c.code = i.category_code join jurisdiction cj on cj.id = i.community_id
            left join jurisdiction tj on tj.id = i.town_id
          where ${where} order by i.reported_at desc, i.id desc limit ${f.limit} offset ${f.offset}`,
        sql`select count(*)::int as n from incident i where ${where}`,
      ]);
      return {
        items: rows.map((r) => ({
          id: Number(r.id), categoryCode: String(r.category_code), categoryName: String(r.name_zh), categoryNameEn: String(r.name_en),
          lon: Number(r.lon), lat: Number(r.lat), community: ref(r.community_code, r.community_name)!, town: ref(r.town_code, r.town_name),
          status: r.status as IncidentStatus, reportedAt: r.reported_at as Date, closedAt: (r.closed_at as Date | null) ?? null,
          closedOnTime: (r.closed_on_time as boolean | null) ?? null, selfHandled: Boolean(r.self_handled),
          rating: r.rating === null ? null : Number(r.rating), synthetic: Boolean(r.synthetic),
        })),
        total: Number(count!.n),
      };
    },

    /**
     * The case behind a follow token's hash, through any merges, with its timeline's actions and times,
     * in one query: an unknown hash costs the same index look-up and round trip as a known one.
     */
    async tracked(hash: string): Promise<TrackedCase | undefined> {
      const [r] = await sql`
        with f as (select id, incident_id, rating, rated_at from incident_follower where token_hash = ${hash})
        select f.id as follower_id, f.rating as f_rating, f.rated_at, i.id, i.id <> f.incident_id as merged, i.status, i.category_code,
          c.name_zh, c.name_en, cj.name as community, tj.name as town, i.reported_at, i.due_at, i.due_provisional, i.closed_at,
          i.closed_on_time, i.self_handled, i.synthetic,
          (select coalesce(json_agg(json_build_object('action', e.action, 'at', e.at) order by e.at, e.id), '[]')
            from incident_event e where e.incident_id = i.id) as events
        from f join incident i on i.id = ${finalCase(sql, sql`f.incident_id`)}
        join incident_category c on c.code = i.category_code join jurisdiction cj on cj.id = i.community_id
        left join jurisdiction tj on tj.id = i.town_id`;
      if (!r) return undefined;
      return {
        followerId: Number(r.follower_id), ratedAt: (r.rated_at as Date | null) ?? null, rating: r.f_rating === null ? null : Number(r.f_rating),
        incidentId: Number(r.id), merged: Boolean(r.merged), status: r.status as IncidentStatus, categoryCode: String(r.category_code),
        categoryName: String(r.name_zh), categoryNameEn: String(r.name_en), community: String(r.community), town: (r.town as string | null) ?? null,
        reportedAt: r.reported_at as Date, dueAt: (r.due_at as Date | null) ?? null, dueProvisional: Boolean(r.due_provisional),
        closedAt: (r.closed_at as Date | null) ?? null, closedOnTime: (r.closed_on_time as boolean | null) ?? null,
        selfHandled: Boolean(r.self_handled), synthetic: Boolean(r.synthetic),
        events: (r.events as { action: string; at: string }[]).map((e) => ({ action: e.action, at: new Date(e.at) })),
      };
    },

    /** The follower of a token, locked until the transaction ends (one rating at a time), with the case it follows now. */
    async lockFollower(tx: TransactionSql, hash: string) {
      const [r] = await tx`select f.id, f.rated_at, ${finalCase(tx, tx`f.incident_id`)} as incident_id
        from incident_follower f where f.token_hash = ${hash} for update of f`;
      return r ? { id: Number(r.id), ratedAt: (r.rated_at as Date | null) ?? null, incidentId: Number(r.incident_id) } : undefined;
    },

    /** Stores a follower's rating. */
    async rate(tx: TransactionSql, followerId: number, rating: number, comment: string | null, at: Date) {
      await tx`update incident_follower set rating = ${rating}, rating_comment = ${comment}, rated_at = ${at} where id = ${followerId}`;
    },

    /** A grid's outline (GeoJSON), its box and the plan's first day. */
    async gridShape(id: number) {
      const [r] = await sql`select ST_AsGeoJSON(g.geom, 6)::json as boundary,
          json_build_array(ST_XMin(g.geom), ST_YMin(g.geom), ST_XMax(g.geom), ST_YMax(g.geom)) as bbox,
          to_char(p.valid_from, 'YYYY-MM-DD') as valid_from
        from grid g join grid_plan p on p.id = g.plan_id where g.id = ${id}`;
      return r ? { boundary: r.boundary as GeoJSON.Polygon | GeoJSON.MultiPolygon, bbox: r.bbox as [number, number, number, number], validFrom: String(r.valid_from) } : undefined;
    },

    /** A point inside a place the search found: a building's anchor, a point on a compound or a grid. */
    async pointOf(kind: SearchKind, id: number): Promise<[number, number] | undefined> {
      const onSurface = (table: 'compound' | 'grid' | 'jurisdiction') =>
        sql`select ST_X(p) as lon, ST_Y(p) as lat from (select ST_PointOnSurface(geom) as p from ${sql(table)} where id = ${id}) s`;
      const [r] = kind === 'building' || kind === 'address'
        ? await sql`select ST_X(anchor) as lon, ST_Y(anchor) as lat from building where id = ${id}`
        : await onSurface(kind);
      return r && r.lon !== null ? [Number(r.lon), Number(r.lat)] : undefined;
    },
  };
}

export type PublicRepo = ReturnType<typeof createPublicRepo>;
