/** A street office of 600 grids for the validation bench: the synthetic community's model at 4 × 3 its size, cut into 12 communities. */
import type { Sql } from 'postgres';
import type { Rect } from '../../data/generate/frame.ts';
import { buildCommunity, communityData, type CommunityModel, type CommunityOptions } from './community.ts';
import { loadCommunity, type CommunityData, type LoadedCommunity } from './load.ts';

/** Communities across and down; each holds 6 × 5 street blocks, as the benchmark community does. */
export const OFFICE_LAYOUT = { cols: 4, rows: 3 };

/** 24 × 15 blocks, 24,000 buildings, 120,000 households, a 600-grid starting plan. */
export const OFFICE_OPTIONS: CommunityOptions = {
  buildings: 24_000, households: 120_000, grids: 600, seed: 'street-office-1', blockCols: 24, blockRows: 15,
};

/** Its own fictional region, well east of the synthetic town and the benchmark community. */
export const OFFICE_PLACE = { region: '990251', center: [120.3, 30.36] as [number, number], asOf: '2025-01-01' };

/** The community (0…cols·rows − 1, row by row) of the street block holding each of `rects`, by its centre. */
export function communityOf(model: CommunityModel, rects: readonly Rect[], layout = OFFICE_LAYOUT): number[] {
  // the roads run along every block edge: vertical ones give the block columns, horizontal ones the rows
  const xs = model.roads.filter((r) => r.points[0]![0] === r.points[1]![0]).map((r) => r.points[0]![0]);
  const ys = model.roads.filter((r) => r.points[0]![1] === r.points[1]![1]).map((r) => r.points[0]![1]);
  const blockOf = (lines: number[], v: number) => lines.filter((l) => l <= v).length - 1;
  const perCol = (xs.length - 1) / layout.cols;
  const perRow = (ys.length - 1) / layout.rows;
  return rects.map((g) => {
    const col = Math.floor(blockOf(xs, (g.x0 + g.x1) / 2) / perCol);
    const row = Math.floor(blockOf(ys, (g.y0 + g.y1) / 2) / perRow);
    return row * layout.cols + col;
  });
}

/** The street office as rows for `loadCommunity`: its communities, and each building in the community of its block. */
export function streetOfficeData(model: CommunityModel): CommunityData {
  const data = communityData(model, OFFICE_OPTIONS, OFFICE_PLACE);
  const community = communityOf(model, model.buildings.map((b) => b.rect));
  return {
    ...data,
    names: { county: '基准区二', town: '基准街道二', community: '基准社区' },
    communities: Array.from({ length: OFFICE_LAYOUT.cols * OFFICE_LAYOUT.rows }, (_, k) => ({ name: `基准社区${k + 1}` })),
    buildings: data.buildings.map((b, i) => ({ ...b, community: community[i]! })),
  };
}

/** Loads the street office (replacing an earlier copy); the loader puts every starting grid in the first community, so they move to their own. */
export async function loadStreetOffice(sql: Sql, model = buildCommunity(OFFICE_OPTIONS)): Promise<LoadedCommunity> {
  const data = streetOfficeData(model);
  const loaded = await loadCommunity(sql, data);
  const owner = communityOf(model, model.grids);
  const grids = data.grids!.map((ewkt, i) => ({ ewkt, c: loaded.communityIds[owner[i]!]!, i }));
  await sql.begin(async (tx) => {
    await tx`delete from grid where plan_id = ${loaded.planId}`;
    await tx`
      insert into grid (plan_id, community_id, region_code, code, name, geom)
      select ${loaded.planId}, c.id, c.region_code, c.code || lpad((row_number() over w)::text, 3, '0'), '第' || row_number() over w || '网格', g.ewkt::geometry
      from jsonb_to_recordset(${tx.json(grids)}) as g(ewkt text, c bigint, i int) join jurisdiction c on c.id = g.c
      window w as (partition by c.id order by g.i)`;
    await tx`update jurisdiction c set geom = (select ST_Multi(ST_UnaryUnion(ST_Collect(g.geom))) from grid g where g.plan_id = ${loaded.planId} and g.community_id = c.id)
      where c.id = any(${loaded.communityIds}::bigint[])`;
  });
  await sql`analyze jurisdiction, grid`;
  return loaded;
}
