/** Writes the in-memory model: jurisdictions, plans, grids, compounds, buildings, roads and landcover. */
import type { TransactionSql as Sql } from 'postgres';
import { copyInto, reserveIds } from './copy.ts';
import { copyLine } from './copy-text.ts';
import { lineEwkt, rectEwkt, type Frame } from './frame.ts';
import type { Model } from './model.ts';

/** Ids given to the model's rows, by array index. */
export interface ModelIds {
  jurisdiction: number;
  plan: number;
  compound: number;
  building: number;
}

interface Ctx {
  sql: Sql;
  model: Model;
  frame: Frame;
  ids: ModelIds;
  asOf: string;
}

async function writeJurisdictions({ sql, model, ids }: Ctx) {
  const note = '合成数据：边界沿道路划分，不对应任何真实行政区';
  await copyInto(sql, 'jurisdiction', ['id', 'code', 'name', 'level', 'parent_id', 'region_code', 'boundary_note'],
    model.jurisdictions.map((j, i) => copyLine([ids.jurisdiction + i, j.code, j.name, j.level,
      j.parent === null ? null : ids.jurisdiction + j.parent, model.region, note])));
}

async function writePlans({ sql, model, ids, asOf }: Ctx) {
  const stamp = `${asOf} 00:00:00+00`;
  await copyInto(sql, 'grid_plan', ['id', 'jurisdiction_id', 'region_code', 'name', 'status', 'valid_from', 'version', 'created_at', 'published_at'],
    model.towns.map((t, i) => copyLine([ids.plan + i, ids.jurisdiction + t, model.region, `${model.jurisdictions[t]!.name}网格划分方案`, 'published', asOf, 1, stamp, stamp])));
}

async function writeGrids({ sql, model, ids, frame }: Ctx) {
  const planOf = new Map(model.towns.map((t, i) => [t, ids.plan + i]));
  await copyInto(sql, 'grid', ['plan_id', 'community_id', 'region_code', 'code', 'name', 'geom'],
    model.grids.map((g) => copyLine([planOf.get(model.jurisdictions[g.community]!.parent!)!, ids.jurisdiction + g.community,
      model.region, g.code, g.name, rectEwkt(frame, g.rect)])));
}

async function writeCompounds({ sql, model, ids, frame }: Ctx) {
  await copyInto(sql, 'compound', ['id', 'community_id', 'region_code', 'name', 'synthetic', 'geom'],
    model.compounds.map((c, i) => copyLine([ids.compound + i, ids.jurisdiction + c.community, model.region, c.name, true, rectEwkt(frame, c.rect)])));
}

async function writeBuildings({ sql, model, ids, frame }: Ctx) {
  const columns = ['id', 'community_id', 'compound_id', 'region_code', 'name', 'address', 'kind', 'floors',
    'entrances', 'households', 'households_estimated', 'synthetic', 'geom'];
  await copyInto(sql, 'building', columns, model.buildings.map((b, i) => copyLine([
    ids.building + i, ids.jurisdiction + b.community, b.compound === null ? null : ids.compound + b.compound, model.region,
    b.name, b.address, b.kind, b.floors, b.entrances, b.households, true, true, rectEwkt(frame, b.rect)])));
}

async function writeBaseMap({ sql, model, frame }: Ctx) {
  await copyInto(sql, 'road', ['region_code', 'name', 'class', 'geom'],
    model.roads.map((r) => copyLine([model.region, r.name, r.class, lineEwkt(frame, r.points)])));
  await copyInto(sql, 'landcover', ['region_code', 'name', 'class', 'geom'],
    model.landcover.map((l) => copyLine([model.region, l.name, l.class, rectEwkt(frame, l.rect)])));
}

// PostGIS dissolves the grid rectangles into community, town and county boundaries, so
// each level is by construction the exact union of the one below.
async function dissolveBoundaries(sql: Sql, region: string) {
  await sql`
    update jurisdiction j set geom = u.geom
    from (select community_id as id, ST_Multi(ST_Union(geom)) as geom from grid
          where region_code = ${region} group by community_id) u
    where j.id = u.id`;
  for (const level of ['town', 'county']) {
    await sql`
      update jurisdiction j set geom = u.geom
      from (select parent_id as id, ST_Multi(ST_Union(geom)) as geom from jurisdiction
            where region_code = ${region} and parent_id is not null group by parent_id) u
      where j.id = u.id and j.level = ${level}`;
  }
}

/** Writes the model inside the caller's transaction and returns the ids its rows received. */
export async function writeModel(sql: Sql, model: Model, frame: Frame, asOf: string): Promise<ModelIds> {
  const ids: ModelIds = {
    jurisdiction: await reserveIds(sql, 'jurisdiction', model.jurisdictions.length),
    plan: await reserveIds(sql, 'grid_plan', model.towns.length),
    compound: await reserveIds(sql, 'compound', model.compounds.length),
    building: await reserveIds(sql, 'building', model.buildings.length),
  };
  const ctx: Ctx = { sql, model, frame, ids, asOf };
  await writeJurisdictions(ctx);
  await writePlans(ctx);
  await writeGrids(ctx);
  await writeCompounds(ctx);
  await writeBuildings(ctx);
  await writeBaseMap(ctx);
  await dissolveBoundaries(sql, model.region);
  return ids;
}
