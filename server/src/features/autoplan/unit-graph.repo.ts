import type { Sql, TransactionSql } from 'postgres';
import { CONTIGUOUS_BORDER_M, SLIVER_AREA_M2, SNAP_TOLERANCE_M, STREET_CLASSES, STREET_DISTANCE_M } from '../plan-validation/validation.domain.ts';
import type { MultiPolygon } from './autoplan.service.ts';
import type { Adjacency } from './graph.domain.ts';
import { PRECISION } from './parcels.repo.ts';

/** Snapping tolerance of the parcel graph, in metres: the validation's, so planner and validation agree on what touches. */
export const ADJACENCY_TOLERANCE_M = SNAP_TOLERANCE_M;
/** Border length (beyond the tolerance's end effects) that makes two units neighbours when they do not meet exactly: validation's. */
const MIN_NEAR_BORDER_M = CONTIGUOUS_BORDER_M;
/** Exact shared border, in metres, below which two units only touch at a corner. */
const MIN_EXACT_BORDER_M = 0.01;
/**
 * Grid of the snap-rounded union of a grid's units: the parcels' own 1e-9° grid, so vertices stay
 * where the neighbouring grid has them, while borders that differ by less than a grid cell merge
 * without seams and the result is valid on the grid the 9-decimal GeoJSON writes exactly.
 */
const unionGrid = () => PRECISION; // a function: parcels.repo.ts imports this module too
/** Part of a grid below this area (m²) is rounding noise and is dropped. */
const NOISE_PART_M2 = 0.01;

/** A unit (or a piece of several units) that touches no other unit within the tolerance. */
export interface IsolatedUnit {
  unit: number;
  /** Units of the piece when several units touch each other but nothing else (absent: one unit). */
  units?: number;
  buildingId: number | null;
  households: number;
  /** Distance in metres to the nearest other unit. */
  nearestM: number;
  /** Empty units, and pieces below the band's minimum, join the nearest unit's grid; larger ones make grids of their own. */
  joined: boolean;
  reason: string;
}

// metres per degree² of area and degrees per metre (east-west, the shorter) at the units' latitude,
// and the UTM zone to measure near borders in metres
const scale = (tx: TransactionSql | Sql) => tx`
  select 111320.0 ^ 2 * cos(radians(ST_Y(c))) as m2, 1 / (111320.0 * cos(radians(ST_Y(c)))) as deg,
         case when ST_Y(c) < 0 then 32700 else 32600 end + floor((ST_X(c) + 180) / 6)::int + 1 as srid
  from (select ST_Centroid(ST_Extent(geom)::geometry) as c from t_unit) x`;

/**
 * t_street: the buffer of STREET_DISTANCE_M around every street-class road near the units, in the
 * UTM zone, subdivided so each border probes only the pieces it crosses. Validation measures a
 * grid's street share against the same buffer of the same roads (validation-sql.repo.ts): planner
 * and validation share one notion of "along a street".
 */
async function streetBuffer(tx: TransactionSql, srid: number) {
  // buffered and cut in metres, kept in degrees like the borders, which then need no transform each
  await tx`
    create temp table t_street on commit drop as
    select ST_Transform(ST_Subdivide(b.g, 64), 4326) as g from (
      select ST_Buffer(ST_Transform(ST_Collect(r.geom), ${srid}::int), ${STREET_DISTANCE_M}) as g
      from road r, (select ST_Expand(ST_Extent(geom)::geometry, 0.001) as box from t_unit) x
      where r.geom && x.box and r.class = any(${STREET_CLASSES as string[]}::text[])) b
    where b.g is not null and not ST_IsEmpty(b.g)`;
  await tx`create index on t_street using gist (g)`;
  await tx`analyze t_street`;
}

/** One border between two units as measured: exact (shared) or near, its length and its length along streets, in metres. */
export interface BorderRow {
  a: number;
  b: number;
  exact: boolean;
  length: number;
  street: number;
}

/**
 * Borders between the units of t_unit (all pairs, or only pairs of units of different communities),
 * tolerant of small mismatches: the exact shared border, or a's border within the tolerance of b.
 */
export async function measureBorders(tx: TransactionSql, pairs: 'all' | 'across'): Promise<BorderRow[]> {
  const [k] = await scale(tx);
  if (!k) return [];
  const tol = ADJACENCY_TOLERANCE_M;
  const srid = Number(k.srid);
  await streetBuffer(tx, srid);
  const rows = await tx`
    with pair as (
      select a.id as a, b.id as b, ST_CollectionExtract(i.g, 2) as line, GeometryType(i.g) = 'POINT' as corner
      from t_unit a join t_unit b on a.id < b.id and ST_DWithin(a.geom, b.geom, ${k.deg * tol})
        and (${pairs === 'all'} or a.community_id <> b.community_id)
      cross join lateral (select ST_Intersection(a.geom, b.geom) as g) i
    ),
    -- the border, in degrees: the exact shared one, or a's border within the tolerance of b (near
    -- misses, measured in metres); materialized, or every use below recomputes the overlay
    border as materialized (
      select p.a, p.b, e.exact > ${MIN_EXACT_BORDER_M} as is_exact, p.corner, e.exact, n.near_m,
             case when e.exact > ${MIN_EXACT_BORDER_M} then p.line else ST_Transform(n.near, 4326) end as line
      from pair p
      cross join lateral (select ST_Length(p.line::geography) as exact) e
      left join lateral (
        select x.near, ST_Length(x.near) as near_m from (
          select ST_Intersection(ST_Boundary(ST_Transform(a.geom, ${srid}::int)), ST_Buffer(ST_Transform(b.geom, ${srid}::int), ${tol}, 'quad_segs=2')) as near
          -- only for near misses: a lateral's ON clause would filter after computing it for every pair
          from t_unit a, t_unit b where a.id = p.a and b.id = p.b and e.exact <= ${MIN_EXACT_BORDER_M} and not p.corner) x
      ) n on true
    )
    -- a single point in common is a corner touch: no border runs alongside (the common case, skipped);
    -- a near border loses the tolerance at either end (a corner touch gives 0)
    select d.a, d.b, d.is_exact as exact,
           case when d.is_exact or d.corner then d.exact else greatest(0, coalesce(d.near_m, 0) - 2 * ${tol}) end as length,
           case when d.line is null then 0 else coalesce(
             (select sum(ST_Length(ST_Intersection(d.line, s.g)::geography)) from t_street s where s.g && d.line), 0) end as street
    from border d`;
  return rows.map((r) => ({ a: Number(r.a), b: Number(r.b), exact: Boolean(r.exact), length: Number(r.length), street: Number(r.street) }));
}

/**
 * Adjacencies of t_unit, tolerant of small mismatches, plus the units that touch nothing. When the
 * units are whole parcels (`stored`: their communities), the borders measured with the parcels
 * (parcel_adjacency, see ensureParcels) are read back, and only borders across communities measured.
 */
export async function unitAdjacency(tx: TransactionSql, households: Map<number, number>, buildings: Map<number, number>, stored?: number[]) {
  const measured = stored ? await storedBorders(tx, stored) : await measureBorders(tx, 'all');
  // same street block and same compound: from the units, as they are now
  const facts = await tx`select id, community_id, block_no, compound_id from t_unit`;
  const unit = new Map(facts.map((f) => [Number(f.id), f]));
  const rows = measured.map((e) => {
    const a = unit.get(e.a)!;
    const b = unit.get(e.b)!;
    return {
      ...e,
      same_block: Number(a.community_id) === Number(b.community_id) && a.block_no === b.block_no,
      same_compound: a.compound_id !== null && b.compound_id !== null && Number(a.compound_id) === Number(b.compound_id),
    };
  });
  const adjacencies: Adjacency[] = rows
    .filter((e) => e.exact || Number(e.length) > MIN_NEAR_BORDER_M)
    .map((e) => ({
      a: e.a, b: e.b, length: e.length, sameBlock: e.same_block, sameCompound: e.same_compound,
      streetLength: Math.min(e.length, e.street),
    }));
  const linked = new Set(adjacencies.flatMap((e) => [e.a, e.b]));
  const lonely = [...households.keys()].filter((id) => !linked.has(id));
  const isolated = lonely.length && households.size > 1 ? await nearest(tx, lonely, households, buildings) : [];
  for (const i of isolated.filter((x) => x.joined)) {
    adjacencies.push({ a: i.unit, b: i.nearest, length: 0, sameBlock: false, sameCompound: false, streetLength: 0 });
  }
  return { adjacencies, isolated: isolated.map(({ nearest: _, ...i }) => i) };
}

/** Borders between whole-parcel units: stored within each community, measured across communities. */
async function storedBorders(tx: TransactionSql, communities: number[]): Promise<BorderRow[]> {
  const rows = await tx`
    select ua.id as a, ub.id as b, x.exact, x.length_m as length, x.street_m as street
    from parcel_adjacency x
    join t_unit ua on ua.parcel_id = x.a
    join t_unit ub on ub.parcel_id = x.b
    where x.community_id = any(${communities}::bigint[])`;
  const within = rows.map((r) => {
    const [a, b] = [Number(r.a), Number(r.b)];
    return { a: Math.min(a, b), b: Math.max(a, b), exact: Boolean(r.exact), length: Number(r.length), street: Number(r.street) };
  });
  return communities.length > 1 ? [...within, ...(await measureBorders(tx, 'across'))] : within;
}

/**
 * Measures the borders of a community's freshly computed parcels (inside ensureParcels' transaction)
 * and stores them, so every plan of the community reads them instead of measuring again.
 */
export async function storeParcelBorders(tx: TransactionSql, communityId: number) {
  await tx`
    create temp table t_unit on commit drop as
    -- the columns and types of loadUnits' t_unit: the same statements run on both (prepared once per connection)
    select row_number() over (order by p.id)::int as id, p.id as parcel_id, p.community_id, p.block_no, b.compound_id, p.geom
    from parcel p left join building b on b.id = p.building_id
    where p.community_id = ${communityId}`;
  await tx`create index on t_unit using gist (geom)`;
  await tx`create index on t_unit (id)`;
  await tx`analyze t_unit`;
  const borders = await measureBorders(tx, 'all');
  if (borders.length) {
    await tx`
      insert into parcel_adjacency (community_id, a, b, exact, length_m, street_m)
      select ${communityId}, ua.parcel_id, ub.parcel_id, x.exact = 1, x.length, x.street
      from unnest(${borders.map((e) => e.a)}::int[], ${borders.map((e) => e.b)}::int[], ${borders.map((e) => (e.exact ? 1 : 0))}::int[],
                  ${borders.map((e) => e.length)}::float8[], ${borders.map((e) => e.street)}::float8[]) as x(a, b, exact, length, street)
      join t_unit ua on ua.id = x.a join t_unit ub on ub.id = x.b`;
  }
  // the planner's own temp tables come next in the same session
  await tx`drop table t_unit`;
  await tx`drop table if exists t_street`;
}

async function nearest(tx: TransactionSql, ids: number[], households: Map<number, number>, buildings: Map<number, number>) {
  const rows = await tx`
    select u.id, n.id as nearest, n.m
    from t_unit u cross join lateral (
      select v.id, ST_Distance(u.geom::geography, v.geom::geography) as m from t_unit v
      where v.id <> u.id order by u.geom <-> v.geom limit 1) n
    where u.id = any(${ids}::int[])`;
  return rows.map((r): IsolatedUnit & { nearest: number } => {
    const hh = households.get(r.id) ?? 0;
    const m = Math.round(Number(r.m) * 10) / 10;
    return {
      unit: r.id, nearest: r.nearest, buildingId: buildings.get(r.id) ?? null, households: hh, nearestM: m, joined: hh === 0,
      reason: `No other unit within ${ADJACENCY_TOLERANCE_M} m (the nearest is ${m} m away): ` +
        (hh === 0 ? 'it holds no households and joins the grid of the nearest unit' : 'it makes a grid of its own'),
    };
  });
}

/**
 * GeoJSON of the union of units per (alternative, part), repaired in PostGIS so that what is sent is
 * what PostGIS accepts back: holes under the validation's sliver area (seams between parcels whose
 * borders differ by nanometres) are filled, parts under NOISE_PART_M2 dropped, vertices snapped to the
 * 1e-9° grid of the 9-decimal GeoJSON, and the result checked after that round trip; what snapping
 * breaks is rebuilt with ST_ReducePrecision, which yields valid geometry on that grid.
 */
export async function gridUnions(tx: TransactionSql, assign: { alt: number; part: number; unit: number }[]) {
  const [k] = await scale(tx);
  const m2 = Number(k!.m2);
  const rows = await tx`
    with u0 as (
      select x.alt, x.part, ST_UnaryUnion(ST_Collect(u.geom)) as g
      from unnest(${assign.map((a) => a.alt)}::int[], ${assign.map((a) => a.part)}::int[], ${assign.map((a) => a.unit)}::int[]) as x(alt, part, unit)
      join t_unit u on u.id = x.unit
      group by x.alt, x.part),
    -- seams show as holes (filled below) or as parts that meet at points: only then the slower
    -- snap-rounded union, of the union's few parts rather than of all the units
    u as (select alt, part, case when ST_NumGeometries(g) = 1 then g else ST_UnaryUnion(g, ${unionGrid()}) end as g from u0),
    -- each polygon rebuilt from its shell and its holes of at least SLIVER_AREA_M2, without noise parts
    f as (select alt, part, coalesce((
      select ST_Multi(ST_Collect(ST_MakePolygon(ST_ExteriorRing(d.geom), array(
        select ST_ExteriorRing(h.geom) from ST_DumpRings(d.geom) h where h.path[1] > 0 and ST_Area(h.geom) * ${m2} >= ${SLIVER_AREA_M2}))))
      from ST_Dump(u.g) d where ST_Area(d.geom) * ${m2} >= ${NOISE_PART_M2}), u.g) as g from u),
    s as (select alt, part, g, ST_SnapToGrid(g, ${PRECISION}) as snapped from f),
    r as (select alt, part, ST_Multi(ST_CollectionExtract(
            case when ST_IsValid(snapped) and not ST_IsEmpty(snapped) then snapped else ST_ReducePrecision(ST_MakeValid(g), ${PRECISION}) end, 3)) as g
          from s),
    j as (select alt, part, ST_AsGeoJSON(g, 9) as text, ST_Area(g) * ${m2} as area_m2 from r)
    select alt, part, text::json as geom, area_m2,
           ST_IsValid(ST_GeomFromGeoJSON(text)) as valid from j`;
  const out = rows.map((r) => ({ alt: Number(r.alt), part: Number(r.part), geom: r.geom as MultiPolygon, areaM2: Number(r.area_m2), valid: Boolean(r.valid) }));
  for (const g of out) if (!g.valid) Object.assign(g, await repairRoundTrip(tx, g.geom));
  return out;
}

/**
 * A grid valid in PostGIS can come back from its 9-decimal GeoJSON with a self-intersection: the
 * decimals are not the doubles the snap produced, and near-collinear edges flip (seen on the demo's
 * 富润 re-plan). Repairs what the writer will read, the parsed text, until that is valid (a few rounds).
 */
async function repairRoundTrip(tx: TransactionSql, geom: MultiPolygon): Promise<{ geom: MultiPolygon; valid: boolean }> {
  let text = JSON.stringify(geom);
  for (let round = 0; round < 4; round++) {
    const [r] = await tx`
      with p as (select ST_GeomFromGeoJSON(${text}) as g),
      m as (select ST_AsGeoJSON(ST_Multi(ST_CollectionExtract(ST_MakeValid(g), 3)), 9) as text from p)
      select m.text, ST_IsValid(ST_GeomFromGeoJSON(m.text)) as valid from m`;
    text = String(r!.text);
    if (r!.valid) return { geom: JSON.parse(text) as MultiPolygon, valid: true };
  }
  return { geom: JSON.parse(text) as MultiPolygon, valid: false };
}


/**
 * Pieces of the graph that touch nothing else within the tolerance (the census's own detached
 * blocks, an island) and hold fewer households than a grid's minimum: such a piece cannot be a grid
 * of its own in the band, so it joins the grid of the nearest unit outside it, and is reported. A
 * piece at or above the minimum stays a grid (or more) of its own.
 */
export async function joinDetachedPieces(tx: TransactionSql, pieces: { ids: number[]; households: number }[], minHouseholds: number, buildings: Map<number, number>) {
  if (pieces.length < 2) return { links: [] as Adjacency[], detached: [] as IsolatedUnit[] };
  const largest = pieces.reduce((a, b) => (b.ids.length > a.ids.length ? b : a));
  const small = pieces.filter((p) => p !== largest && p.households < minHouseholds);
  const links: Adjacency[] = [];
  const detached: IsolatedUnit[] = [];
  for (const p of small) {
    const [r] = await tx`
      select u.id as unit, n.id as nearest, n.m from t_unit u cross join lateral (
        select v.id, ST_Distance(u.geom::geography, v.geom::geography) as m from t_unit v
        where v.id <> all(${p.ids}::int[]) order by u.geom <-> v.geom limit 1) n
      where u.id = any(${p.ids}::int[]) order by n.m limit 1`;
    if (!r) continue;
    const m = Math.round(Number(r.m) * 10) / 10;
    const one = p.ids.length === 1;
    links.push({ a: Number(r.unit), b: Number(r.nearest), length: 0, sameBlock: false, sameCompound: false, streetLength: 0 });
    detached.push({
      unit: Number(r.unit), ...(one ? {} : { units: p.ids.length }), buildingId: one ? (buildings.get(Number(r.unit)) ?? null) : null,
      households: p.households, nearestM: m, joined: true,
      reason: (one ? `No other unit within ${ADJACENCY_TOLERANCE_M} m` : `${p.ids.length} units touch each other but no other unit within ${ADJACENCY_TOLERANCE_M} m`) +
        ` (the nearest is ${m} m away): with ${p.households} households, below the band's minimum, ${one ? 'it joins' : 'they join'} the grid of the nearest unit`,
    });
  }
  return { links, detached };
}
