import type { Sql } from 'postgres';
import { SIDES, type NeighbourKind, type Side, type SideEvidence } from './grid-file.domain.ts';

/** What lies around one grid, side by side, as PostGIS measured it. */
export interface GridEvidence {
  code: string;
  name: string;
  communityName: string;
  sides: Record<Side, SideEvidence>;
}

/** Metres: a road this close to the boundary runs along it; a neighbour this close touches it. */
export const ROAD_REACH_M = 25;
const TOUCH_M = 5;
// the boundary is cut into pieces of at most this many metres, so each piece faces one way
const PIECE_M = 20;

type Row = { code: string; name: string; community_name: string; side: Side; kind: 'total' | 'road' | NeighbourKind; label: string | null; length: number };

function assemble(rows: readonly Row[]): GridEvidence[] {
  const grids = new Map<string, GridEvidence>();
  for (const r of rows) {
    let g = grids.get(r.code);
    if (!g) {
      const sides = Object.fromEntries(SIDES.map((s): [Side, SideEvidence] => [s, { length: 0, roads: [], neighbours: [] }])) as Record<Side, SideEvidence>;
      g = { code: r.code, name: r.name, communityName: r.community_name, sides };
      grids.set(r.code, g);
    }
    const side = g.sides[r.side];
    const length = Math.round(Number(r.length));
    if (r.kind === 'total') side.length = length;
    else if (r.kind === 'road') side.roads.push({ name: r.label!, length });
    else side.neighbours.push({ kind: r.kind, name: r.label!, length });
  }
  return [...grids.values()];
}

/** Every query behind 四至. */
export function createFourBoundariesRepo(sql: Sql) {
  return {
    /**
     * For each grid of the plan (or only `codes`): the outer boundary of the CCW polygon cut into short
     * segments, each weighted onto E/S/W/N by the square of its outward normal's components (a segment
     * facing north-east counts half to each), then the named roads within reach and the neighbour across.
     */
    async evidence(planId: number, codes: readonly string[] | null): Promise<GridEvidence[]> {
      const rows = await sql<Row[]>`
        with g as (
          select g.id, g.code, g.name, g.community_id, g.geom from grid g
          where g.plan_id = ${planId} and (${codes === null} or g.code = any(${codes ?? []}::text[]))
        ),
        segs as (
          select g.id, d.geom as seg
          from g, ST_Dump(ST_ForcePolygonCCW(ST_Segmentize(g.geom::geography, ${PIECE_M})::geometry)) p,
               ST_DumpSegments(ST_ExteriorRing(p.geom)) d
        ),
        vec as (
          select id, seg, ST_Length(seg::geography) as len,
                 (ST_X(ST_EndPoint(seg)) - ST_X(ST_StartPoint(seg))) * cos(radians(ST_Y(ST_StartPoint(seg)))) as dx,
                 ST_Y(ST_EndPoint(seg)) - ST_Y(ST_StartPoint(seg)) as dy
          from segs
        ),
        sides as (
          -- the outward normal of a counter-clockwise ring is (dy, -dx); squared components sum to 1
          select v.id, v.seg, ST_LineInterpolatePoint(v.seg, 0.5) as mid, w.side, v.len * w.weight as len
          from vec v
          cross join lateral (select dy / h as nx, -dx / h as ny from (select nullif(sqrt(dx * dx + dy * dy), 0) as h) q) n
          cross join lateral (values ('E', greatest(n.nx, 0) ^ 2), ('W', least(n.nx, 0) ^ 2),
                                     ('N', greatest(n.ny, 0) ^ 2), ('S', least(n.ny, 0) ^ 2)) w(side, weight)
          where w.weight > 0.001
        ),
        roads as (
          select s.id, s.side, r.name as label, sum(s.len) as length
          from sides s
          join lateral (
            select distinct rd.name from road rd
            where rd.name is not null and rd.geom && ST_Expand(s.seg, 0.0005)
              and ST_DWithin(rd.geom::geography, s.seg::geography, ${ROAD_REACH_M})
          ) r on true
          group by 1, 2, 3
        ),
        own as (
          select c.id, c.name, c.geom, ST_Boundary(c.geom)::geography as edge from jurisdiction c
          where c.id in (select community_id from g)
        ),
        neighbours as (
          select s.id, s.side, k.kind, k.label, sum(s.len) as length
          from sides s join g on g.id = s.id join own on own.id = g.community_id
          cross join lateral ${across(sql, planId)} k
          group by 1, 2, 3, 4
        ),
        totals as (select id, side, sum(len) as length from sides group by 1, 2)
        select g.code, g.name, c.name as community_name, e.side, e.kind, e.label, e.length
        from (
          select id, side, 'total' as kind, null as label, length from totals
          union all select id, side, 'road', label, length from roads
          union all select id, side, kind, label, length from neighbours
        ) e
        join g on g.id = e.id join jurisdiction c on c.id = g.community_id
        order by g.code`;
      return assemble(rows);
    },
  };
}

/**
 * What lies across a boundary piece: a grid of the same community (its name), a grid or a
 * community across the community line (that community's name), or the community's own edge.
 */
function across(sql: Sql, planId: number) {
  return sql`(
    select kind, label from (
      select case when ng.community_id = own.id then 'grid' else 'community' end as kind,
             case when ng.community_id = own.id then ng.name else nc.name end as label, 0 as rank
      from grid ng join jurisdiction nc on nc.id = ng.community_id
      where ng.plan_id = ${planId} and ng.id <> s.id and ng.geom && ST_Expand(s.mid, 0.0001)
        and ST_DWithin(ng.geom::geography, s.mid::geography, ${TOUCH_M})
      union all
      select 'community', oc.name, 1 from jurisdiction oc
      where oc.level = 'community' and oc.id <> own.id and oc.geom && ST_Expand(s.mid, 0.0001)
        and ST_DWithin(oc.geom::geography, s.mid::geography, ${TOUCH_M})
      union all
      select 'boundary', own.name, 2 where ST_DWithin(own.edge, s.mid::geography, ${TOUCH_M})
    ) k order by rank, label limit 1)`;
}
