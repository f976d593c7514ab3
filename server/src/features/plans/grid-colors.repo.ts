import type { Db } from './plans.repo.ts';
import { colorChanges, colorGrids, type ColorNode } from './grid-colors.domain.ts';

/**
 * Grids closer than this (degrees, about half a metre) are neighbours: grids built from parcels
 * share their edges exactly, imported ones often leave hairline gaps that still read as one border.
 */
const NEIGHBOUR_DEG = 5e-6;

/** Reads and writes the colours of a plan's grids; PostGIS finds the neighbours. */
export function createGridColorsRepo(db: Db) {
  return {
    /**
     * The grids that need a look (no colour yet, or changed in this transaction) with their
     * neighbours, and the pairs of neighbours among them.
     */
    async graph(planId: number): Promise<{ nodes: ColorNode[]; edges: [string, string][] }> {
      const rows = await db`
        with dirty as (
          select id, code, geom from grid where plan_id = ${planId} and (color is null or updated_at >= now())
        ), pairs as (
          select d.code a, g.code b from dirty d join grid g
            on g.plan_id = ${planId} and g.id <> d.id and g.geom && ST_Expand(d.geom, ${NEIGHBOUR_DEG})
            and ST_DWithin(d.geom, g.geom, ${NEIGHBOUR_DEG})
        )
        select g.code, g.color, (g.color is null or g.updated_at >= now()) changed,
          coalesce((select array_agg(p.b) from pairs p where p.a = g.code), '{}') neighbours
        from grid g
        where g.plan_id = ${planId} and (g.code in (select code from dirty) or g.code in (select b from pairs))`;
      const nodes = rows.map((r) => ({ key: String(r.code), color: r.color === null ? null : Number(r.color), changed: Boolean(r.changed) }));
      const edges = rows.flatMap((r) => (r.neighbours as string[]).map((n) => [String(r.code), n] as [string, string]));
      return { nodes, edges };
    },

    /** Writes new colours (only those that differ). */
    async write(planId: number, changes: readonly { key: string; color: number }[]): Promise<void> {
      if (!changes.length) return;
      await db`
        update grid g set color = c.color
        from (select unnest(${changes.map((c) => c.key)}::text[]) code, unnest(${changes.map((c) => c.color)}::int[]) color) c
        where g.plan_id = ${planId} and g.code = c.code`;
    },

    /** Plans with any grid not coloured yet (databases from before colours, loaders that know nothing of them). */
    async plansMissingColors(): Promise<number[]> {
      const rows = await db`select distinct plan_id from grid where color is null order by plan_id`;
      return rows.map((r) => Number(r.plan_id));
    },
  };
}

/** Colours the plan's new and changed grids around the others (inside the caller's transaction, after an edit). */
export async function recolorPlan(db: Db, planId: number): Promise<void> {
  const repo = createGridColorsRepo(db);
  const { nodes, edges } = await repo.graph(planId);
  if (!nodes.length) return;
  await repo.write(planId, colorChanges(nodes, colorGrids(nodes, edges)));
}

/** Colours every plan that has grids without a colour; returns how many plans it coloured. */
export async function colorUncoloredPlans(db: Db): Promise<number> {
  const plans = await createGridColorsRepo(db).plansMissingColors();
  for (const id of plans) await recolorPlan(db, id);
  return plans.length;
}

/**
 * Colours a proposal's grids around the plan's grids that stay (all but `replaced`): the preview then
 * shows the colours that accepting it keeps. Neighbours are found as for a plan's grids.
 */
export async function colorAround(db: Db, planId: number, replaced: readonly string[], grids: readonly { geom: unknown }[]): Promise<number[]> {
  if (!grids.length) return [];
  const rows = await db`
    with p as (
      select (t.ord - 1)::int i, ST_SetSRID(ST_GeomFromGeoJSON(t.gj), 4326) geom
      from unnest(${grids.map((g) => JSON.stringify(g.geom))}::text[]) with ordinality as t(gj, ord)
    )
    select a.i, b.i other, null::text code, null::int color from p a join p b
      on a.i < b.i and a.geom && ST_Expand(b.geom, ${NEIGHBOUR_DEG}) and ST_DWithin(a.geom, b.geom, ${NEIGHBOUR_DEG})
    union all
    select p.i, null, g.code, g.color from p join grid g
      on g.plan_id = ${planId} and g.code <> all(${replaced as string[]}::text[]) and g.color is not null
      and g.geom && ST_Expand(p.geom, ${NEIGHBOUR_DEG}) and ST_DWithin(p.geom, g.geom, ${NEIGHBOUR_DEG})`;
  const key = (i: number) => `p${i}`;
  const nodes: ColorNode[] = grids.map((_, i) => ({ key: key(i), color: null, changed: true }));
  const edges: [string, string][] = [];
  for (const r of rows) {
    const other = r.code === null ? key(Number(r.other)) : `g:${String(r.code)}`;
    if (r.code !== null && !nodes.some((n) => n.key === other)) nodes.push({ key: other, color: Number(r.color), changed: false });
    edges.push([key(Number(r.i)), other]);
  }
  const colors = colorGrids(nodes, edges);
  return grids.map((_, i) => colors.get(key(i)) ?? 0);
}
