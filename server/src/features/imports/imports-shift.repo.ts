/**
 * The PostGIS side of the datum-shift check: a sample of the file, as given and with GCJ-02 or BD-09
 * undone, is compared with whatever the jurisdiction already has — data of the same kind, other base
 * data it must not overlap, its own boundaries — so a first import is checked as well as a later one.
 */
import type { PendingQuery, Row, TransactionSql } from 'postgres';
import type { Geometry } from './geojson.domain.ts';
import type { ShiftReference, ShiftShares } from './imports.domain.ts';
import type { ImportKind } from './imports.schema.ts';

type Tx = TransactionSql;
type Fragment = PendingQuery<Row[]>;

/** One sampled feature in its three readings. */
export interface ShiftSample {
  asIs: Geometry;
  gcj02: Geometry;
  bd09: Geometry;
}

/**
 * Shares of the sample fitting each reference the jurisdiction has, strongest first: the same kind
 * (share matching it), other base data (share not colliding with it), its boundaries (share inside).
 */
export async function shiftScores(tx: Tx, kind: ImportKind, prefix: string, sample: ShiftSample[]): Promise<(ShiftShares & ShiftReference)[]> {
  const variants = ['asIs', 'gcj02', 'bd09'] as const;
  const flat = sample.flatMap((s, i) => variants.map((v) => ({ i, v, g: JSON.stringify(s[v]) })));
  await tx`create temp table import_shift on commit drop as
    select i, v, geom, case when GeometryType(geom) like '%LINESTRING' then ST_LineInterpolatePoint(ST_GeometryN(geom, 1), 0.5)
      else ST_PointOnSurface(geom) end pt
    from (select i, v, ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON(g), 4326)) geom
      from unnest(${flat.map((f) => f.i)}::int[], ${flat.map((f) => f.v)}::text[], ${flat.map((f) => f.g)}::text[]) as x(i, v, g)) s`;
  const like = `${prefix}%`;
  const [ref] = await tx`with a as (select ST_Envelope(ST_Collect(geom)) geom from jurisdiction where code like ${like} and geom is not null)
    select
      (select count(*)::int from building b join jurisdiction j on j.id = b.community_id where j.code like ${like}) buildings,
      (select count(*)::int from road r, a where r.geom && a.geom) roads,
      (select count(*)::int from landcover l, a where l.class = ${kind} and l.geom && a.geom) landcover,
      (select count(*)::int from jurisdiction j where j.code like ${like} and j.geom is not null) boundaries`;
  const out: (ShiftShares & ShiftReference)[] = [];
  for (const r of references(tx, kind, like, ref as Counts)) {
    const rows = await tx`select v, avg(case when ${r.fits} then 1.0 else 0.0 end)::float8 share from import_shift s group by v`;
    const share = Object.fromEntries(rows.map((x) => [x.v, x.share as number]));
    out.push({ rule: r.rule, ref: r.ref, against: r.against, asIs: share.asIs ?? 0, gcj02: share.gcj02 ?? 0, bd09: share.bd09 ?? 0 });
  }
  return out;
}

interface Counts {
  buildings: number;
  roads: number;
  landcover: number;
  boundaries: number;
}

/** The references available for a kind, each as a condition on a sampled feature `s` (geom, pt). */
function references(tx: Tx, kind: ImportKind, like: string, n: Counts): (ShiftReference & { fits: Fragment })[] {
  const refs: (ShiftReference & { fits: Fragment })[] = [];
  const inBuilding = (g: Fragment) => tx`not exists (select 1 from building b join jurisdiction j on j.id = b.community_id
    where j.code like ${like} and b.geom && ${g} and ST_Intersects(b.geom, ${g}))`;
  if (kind === 'buildings' && n.buildings > 0) {
    refs.push({ rule: 'match', ref: 'buildings', against: 'the stored buildings', fits: tx`exists (select 1 from building b join jurisdiction j on j.id = b.community_id
      where j.code like ${like} and b.geom && s.pt and ST_Intersects(b.geom, s.pt))` });
  }
  if (kind === 'roads' && n.roads > 0) {
    refs.push({ rule: 'match', ref: 'roads', against: 'the stored roads', fits: tx`exists (select 1 from road r where ST_DWithin(r.geom, s.pt, 0.00015))` });
  }
  if ((kind === 'water' || kind === 'green') && n.landcover > 0) {
    refs.push({ rule: 'match', ref: kind, against: `the stored ${kind} areas`, fits: tx`exists (select 1 from landcover l
      where l.class = ${kind} and l.geom && s.pt and ST_Intersects(l.geom, s.pt))` });
  }
  // a boundary matches a stored one of the same area when they overlap almost entirely
  if (kind === 'jurisdictions' && n.boundaries > 0) {
    refs.push({ rule: 'match', ref: 'jurisdictions', against: 'the stored boundaries', fits: tx`exists (select 1 from jurisdiction j where j.geom && s.geom
      and ST_Area(ST_Intersection(j.geom, s.geom)) > 0.95 * greatest(ST_Area(s.geom), ST_Area(j.geom)))` });
  }
  // buildings do not stand on roads, roads and water do not run through buildings
  if (kind === 'buildings' && n.roads > 0) {
    refs.push({ rule: 'avoid', ref: 'roads', against: 'the stored roads', fits: tx`not exists (select 1 from road r where r.geom && s.geom and ST_Intersects(r.geom, s.geom))` });
  }
  if ((kind === 'roads' || kind === 'water') && n.buildings > 0) {
    refs.push({ rule: 'avoid', ref: 'buildings', against: 'the stored buildings', fits: inBuilding(kind === 'roads' ? tx`s.geom` : tx`s.pt`) });
  }
  // a town's or community's outline lies (almost) wholly inside the stored boundary above it
  if (kind === 'jurisdictions' && n.boundaries > 0) {
    refs.push({ rule: 'inside', ref: 'boundaries', against: `the boundaries of ${like.slice(0, -1)}`, fits: tx`exists (select 1 from jurisdiction j
      where j.code like ${like} and j.geom is not null and j.geom && s.geom
        and ST_Area(ST_Intersection(j.geom, s.geom)) >= 0.9 * ST_Area(s.geom))` });
  }
  if (kind !== 'jurisdictions' && n.boundaries > 0) {
    refs.push({ rule: 'inside', ref: 'boundaries', against: `the boundaries of ${like.slice(0, -1)}`, fits: tx`exists (select 1 from jurisdiction j
      where j.code like ${like} and j.geom is not null and j.geom && s.pt and ST_Intersects(j.geom, s.pt))` });
  }
  return refs;
}
