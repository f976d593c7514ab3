/**
 * Where imported jurisdictions lie: a town or community far from its parent's boundary, or one
 * overlapping its siblings, is refused with the place and the distance or overlap area. Queries the
 * staged rows (import_row) in the caller's transaction; the thresholds are here and in README.
 */
import type { TransactionSql } from 'postgres';
import type { ImportProblem } from './geojson.domain.ts';
import type { ImportRow, ParsedJurisdiction } from './imports.domain.ts';

/** Farther than this (metres, boundary to boundary) from its parent, a jurisdiction is refused. */
export const FAR_FROM_PARENT_M = 1_000;
/** Siblings may overlap by the slivers of mismatched borders: at most this many m²… */
export const OVERLAP_TOLERANCE_M2 = 1_000;
/** …or this share of the smaller one's area, whichever is larger. */
export const OVERLAP_TOLERANCE_SHARE = 0.01;

const LEVEL_NAME: Record<number, string> = { 6: 'County', 9: 'Town', 12: 'Community' };
const loc = (x: unknown, y: unknown): [number, number] | undefined =>
  typeof x === 'number' && typeof y === 'number' ? [Number(x.toFixed(7)), Number(y.toFixed(7))] : undefined;
const distanceText = (m: number) => (m >= 10_000 ? `${Math.round(m / 1000).toLocaleString('en')} km` : `${Math.round(m).toLocaleString('en')} m`);

/** Problems of jurisdictions lying far from their parent or overlapping a sibling (in the file or stored and kept). */
export async function checkPlacement(tx: TransactionSql, rows: ImportRow<ParsedJurisdiction>[], drop: string[]): Promise<ImportProblem[]> {
  if (!rows.some((r) => r.props.level !== 'county')) return [];
  const staged = rows;
  // a county's parent (a prefecture) is not stored: counties are checked neither for distance nor overlap
  await tx`create temp table import_place on commit drop as
    select x.idx, x.code, x.name, case when length(x.code) > 6 then left(x.code, length(x.code) - 3) end parent, r.geom
    from unnest(${staged.map((r) => r.index)}::int[], ${staged.map((r) => r.props.code)}::text[], ${staged.map((r) => r.props.name)}::text[])
      as x(idx, code, name) join import_row r using (idx)`;
  return [...await farFromParent(tx), ...await overlaps(tx, rows.map((r) => r.props.code), drop)];
}

async function farFromParent(tx: TransactionSql): Promise<ImportProblem[]> {
  const far = await tx`
    select f.idx, f.code, f.name, p.code parent_code, p.name parent_name, ST_Distance(f.geom::geography, p.geom::geography)::float8 d,
      ST_X(ST_PointOnSurface(f.geom)) x, ST_Y(ST_PointOnSurface(f.geom)) y
    from import_place f
    join lateral (select q.code, q.name, q.geom from import_place q where q.code = f.parent
      union all select j.code, j.name, j.geom from jurisdiction j where j.code = f.parent and j.geom is not null
        and not exists (select 1 from import_place q where q.code = f.parent)) p on true
    where not ST_DWithin(f.geom::geography, p.geom::geography, ${FAR_FROM_PARENT_M})
    order by f.idx`;
  return far.map((r) => ({
    index: r.idx, id: r.code, field: 'geometry', code: 'far_from_parent',
    params: { code: r.code, name: r.name, parent: r.parent_code, parentName: r.parent_name, distanceM: Math.round(r.d), distance: distanceText(r.d) },
    message: `${LEVEL_NAME[r.code.length] ?? 'Jurisdiction'} ${r.code} ${r.name} lies ${distanceText(r.d)} from the boundary of its parent ` +
      `${r.parent_code} ${r.parent_name} (at most ${distanceText(FAR_FROM_PARENT_M)} is accepted): check its code and its coordinates`,
    ...(loc(r.x, r.y) ? { location: loc(r.x, r.y)! } : {}),
  }));
}

async function overlaps(tx: TransactionSql, fileCodes: string[], drop: string[]): Promise<ImportProblem[]> {
  const pairs = await tx`
    with s as (
      select code, name, parent, geom, true in_file from import_place
      union all
      select j.code, j.name, left(j.code, length(j.code) - 3), j.geom, false from jurisdiction j
      where j.level <> 'county' and j.geom is not null and left(j.code, length(j.code) - 3) in (select parent from import_place)
        and not j.code = any(${fileCodes}::text[]) and not j.code = any(${drop}::text[]))
    select a.idx, a.code, a.name, b.code other, b.name other_name, b.in_file, i.m2, i.smaller, ST_X(i.pt) x, ST_Y(i.pt) y
    from import_place a join s b on b.parent = a.parent and b.code <> a.code and (not b.in_file or b.code > a.code) and a.geom && b.geom
    cross join lateral (select ST_Area(g::geography)::float8 m2, ST_PointOnSurface(g) pt,
        least(ST_Area(a.geom::geography), ST_Area(b.geom::geography))::float8 smaller
      from (select ST_CollectionExtract(ST_Intersection(a.geom, b.geom), 3) g) x) i
    where i.m2 > greatest(${OVERLAP_TOLERANCE_M2}::float8, ${OVERLAP_TOLERANCE_SHARE}::float8 * i.smaller)
    order by a.idx, b.code`;
  return pairs.map((r) => {
    const share = Math.round((100 * r.m2) / r.smaller);
    const m2 = Math.round(r.m2);
    return {
      index: r.idx, id: r.code, field: 'geometry', code: 'overlaps_sibling',
      params: { code: r.code, name: r.name, other: r.other, otherName: r.other_name, areaM2: m2, share, stored: r.in_file ? 0 : 1 },
      message: `${r.code} ${r.name} overlaps ${r.in_file ? '' : 'the stored '}${r.other} ${r.other_name} by ${m2.toLocaleString('en')} m² ` +
        `(${share}% of the smaller one; at most ${OVERLAP_TOLERANCE_M2.toLocaleString('en')} m² or ${OVERLAP_TOLERANCE_SHARE * 100}% is accepted)`,
      ...(loc(r.x, r.y) ? { location: loc(r.x, r.y)! } : {}),
    };
  });
}
