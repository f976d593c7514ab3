// Shape measures of validation against test-made geometry: pieces of a grid under the snapping
// tolerance, the street share, which community a grid belongs to, and overlaps among many grids.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { createJurisdictions, square } from '../../../test/factories.ts';
import { createValidationRepo } from './validation.repo.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

type Ring = number[][];
const LAT = 30;
// metres to degrees at LAT (the validation measures in the UTM zone; its scale differs by < 0.1 %)
const dLon = (m: number) => m / (111_320 * Math.cos((LAT * Math.PI) / 180));
const dLat = (m: number) => m / 110_574;

let nextLon = 60;
/** A fresh 0.01° community (~960 m × 1.1 km) of its own; `at(x, y)` is the point x m east and y m north of its south-west corner. */
async function community() {
  const lon = (nextLon += 0.1);
  const j = await createJurisdictions(db.sql, { wkt: square(lon, LAT, 0.01), band: [1, 500] });
  const at = (x: number, y: number) => [lon + dLon(x), LAT + dLat(y)];
  const box = (x0: number, y0: number, x1: number, y1: number): Ring => [at(x0, y0), at(x1, y0), at(x1, y1), at(x0, y1), at(x0, y0)];
  const deg = (w: number, s: number, e: number, n: number): Ring => [[w, s], [e, s], [e, n], [w, n], [w, s]];
  return { ...j, lon, at, box, deg };
}

const multi = (...rings: Ring[]) => ({ type: 'MultiPolygon', coordinates: rings.map((r) => [r]) });
const polygon = (ring: Ring) => ({ type: 'Polygon', coordinates: [ring] });
const validate = (jurisdictionId: number, grids: { code: string; geom: object }[]) =>
  createValidationRepo(db.sql).validateGridSet({ jurisdictionId, grids: grids as never });
const contiguity = (v: Awaited<ReturnType<typeof validate>>) =>
  v.problems.filter((p) => p.kind === 'non_contiguous').map((p) => [p.gridCodes[0], p.params]);

describe('pieces of a grid under the snapping tolerance', () => {
  it('counts two squares 0.3 m apart as one piece', async () => {
    const c = await community();
    const v = await validate(c.communityId, [{ code: 'A', geom: multi(c.box(100, 100, 140, 140), c.box(140.3, 100, 180.3, 140)) }]);
    expect(v.grids[0]!.parts).toBe(1);
    expect(contiguity(v)).toEqual([]);
    expect(v.summary.nonContiguous).toBe(0);
  });

  it('reports two squares 5 m apart as two pieces, and says how far apart', async () => {
    const c = await community();
    const v = await validate(c.communityId, [{ code: 'A', geom: multi(c.box(100, 100, 140, 140), c.box(145, 100, 185, 140)) }]);
    expect(v.grids[0]!.parts).toBe(2);
    const [[code, params]] = contiguity(v) as [[string, { pieces: number; gapM: number }]];
    expect(code).toBe('A');
    expect(params.pieces).toBe(2);
    expect(params.gapM).toBeCloseTo(5, 0);
  });

  it('does not count a sliver of 0.5 m² as a piece, but does count one of 2 m²', async () => {
    const c = await community();
    const side = (m2: number) => Math.sqrt(m2);
    const sliver = await validate(c.communityId, [{ code: 'A', geom: multi(c.box(100, 100, 140, 140), c.box(160, 120, 160 + side(0.5), 120 + side(0.5))) }]);
    expect(sliver.grids[0]!.parts).toBe(1);
    expect(contiguity(sliver)).toEqual([]);
    const small = await validate(c.communityId, [{ code: 'A', geom: multi(c.box(100, 100, 140, 140), c.box(160, 120, 160 + side(2), 120 + side(2))) }]);
    expect(small.grids[0]!.parts).toBe(2);
    expect((contiguity(small)[0]![1] as { gapM: number }).gapM).toBeCloseTo(20, 0);
  });

  it('joins three parts in a chain of near misses and leaves a fourth 3 m away apart', async () => {
    const c = await community();
    const v = await validate(c.communityId, [{
      code: 'A', geom: multi(c.box(100, 100, 140, 140), c.box(140.2, 100, 180, 140), c.box(100, 140.5, 180, 160), c.box(183, 100, 200, 160)),
    }]);
    expect(v.grids[0]!.parts).toBe(2);
    expect((contiguity(v)[0]![1] as { gapM: number }).gapM).toBeCloseTo(3, 0);
  });
});

describe('street share', () => {
  it('measures the inner boundary within 12 m of street-class roads only, the community outline left out', async () => {
    const c = await community();
    const mid = c.lon + 0.005;
    const west = polygon(c.deg(c.lon, LAT, mid, LAT + 0.01));
    const east = polygon(c.deg(mid, LAT, c.lon + 0.01, LAT + 0.01));
    const road = (cls: string, wkt: string) => db.sql`insert into road (region_code, name, class, geom) values (${c.regionCode}, ${cls}, ${cls}, ST_GeomFromText(${wkt}, 4326))`;
    // a street along the south 40 % of the shared border, a footway along the rest, a street far off
    const y = LAT + 0.004;
    await road('residential', `LINESTRING(${mid} ${LAT - 0.001}, ${mid} ${y})`);
    await road('footway', `LINESTRING(${mid} ${y}, ${mid} ${LAT + 0.011})`);
    await road('primary', `LINESTRING(${c.lon + 0.002} ${LAT}, ${c.lon + 0.002} ${LAT + 0.01})`);
    const v = await validate(c.communityId, [{ code: 'W', geom: west }, { code: 'E', geom: east }]);
    // independently: the shared border (both grids' only inner boundary) in the UTM zone, against the
    // 12 m buffer of the street along it; the primary road lies ~290 m inside W and counts for neither
    const utm = 32600 + Math.floor((c.lon + 180) / 6) + 1;
    const [want] = await db.sql`
      with b as (select ST_Transform(ST_GeomFromText(${`LINESTRING(${mid} ${LAT}, ${mid} ${LAT + 0.01})`}, 4326), ${utm}::int) as line),
      r as (select ST_Buffer(ST_Transform(ST_GeomFromText(${`LINESTRING(${mid} ${LAT - 0.001}, ${mid} ${y})`}, 4326), ${utm}::int), 12) as g)
      select ST_Length(ST_Intersection(b.line, r.g)) / ST_Length(b.line) as share from b, r`;
    const share = Number(want!.share);
    expect(share).toBeGreaterThan(0.4);
    expect(share).toBeLessThan(0.45);
    expect(v.grids.map((g) => g.streetShare)).toEqual([expect.closeTo(share, 2), expect.closeTo(share, 2)]);
    expect(v.summary.streetShare).toBeCloseTo(share, 2);
  });

  it('is 0 without roads, and null for a grid that is the whole community', async () => {
    const c = await community();
    const v = await validate(c.communityId, [
      { code: 'W', geom: polygon(c.deg(c.lon, LAT, c.lon + 0.005, LAT + 0.01)) }, { code: 'E', geom: polygon(c.deg(c.lon + 0.005, LAT, c.lon + 0.01, LAT + 0.01)) },
    ]);
    expect(v.grids.map((g) => g.streetShare)).toEqual([0, 0]);
    const whole = await validate(c.communityId, [{ code: 'A', geom: polygon(c.deg(c.lon, LAT, c.lon + 0.01, LAT + 0.01)) }]);
    expect(whole.grids[0]!.streetShare).toBeNull();
  });
});

describe('the community of a grid', () => {
  it('is the one holding most of its area, and the rest of the grid lies outside it', async () => {
    const c = await community();
    const mid = c.lon + 0.005;
    await db.sql`update jurisdiction set geom = ST_Multi(ST_MakeEnvelope(${c.lon}, ${LAT}, ${mid}, ${LAT + 0.01}, 4326)) where id = ${c.communityId}`;
    const [second] = await db.sql`insert into jurisdiction (code, name, level, parent_id, region_code, geom)
      values (${`${c.regionCode}001002`}, '测试社区乙', 'community', ${c.townId}, ${c.regionCode}, ST_Multi(ST_MakeEnvelope(${mid}, ${LAT}, ${c.lon + 0.01}, ${LAT + 0.01}, 4326)))
      returning id`;
    const v = await validate(c.townId, [
      { code: 'A', geom: polygon(c.deg(c.lon, LAT, mid + 0.001, LAT + 0.01)) },
      { code: 'B', geom: polygon(c.deg(mid + 0.001, LAT, c.lon + 0.01, LAT + 0.01)) },
      { code: 'C', geom: polygon(c.deg(mid - 0.004, LAT + 0.002, mid + 0.0001, LAT + 0.003)) },
    ]);
    expect(v.grids.map((g) => g.communityId)).toEqual([c.communityId, Number(second!.id), c.communityId]);
    expect(v.problems.filter((p) => p.kind === 'outside').map((p) => p.gridCodes)).toEqual([['A'], ['C']]);
  });
});

describe('overlaps among many grids', () => {
  it('finds every pair that shares area, a grid inside another too, and none between grids that only touch', async () => {
    const c = await community();
    const step = 0.0025;
    const squares = [0, 1, 2, 3].flatMap((i) => [0, 1, 2, 3].map((j) => ({
      code: `S${i}${j}`, geom: polygon(c.deg(c.lon + i * step, LAT + j * step, c.lon + (i + 1) * step, LAT + (j + 1) * step)),
    })));
    const big = { code: 'Z', geom: polygon(c.deg(c.lon + 0.0051, LAT + 0.0051, c.lon + 0.01, LAT + 0.01)) };
    const inner = { code: 'Y', geom: polygon(c.deg(c.lon + 0.0003, LAT + 0.0003, c.lon + 0.0008, LAT + 0.0008)) };
    const v = await validate(c.communityId, [...squares, big, inner]);
    expect(v.problems.filter((p) => p.kind === 'overlap').map((p) => p.id).sort()).toEqual([
      'overlap:S00:Y', 'overlap:S22:Z', 'overlap:S23:Z', 'overlap:S32:Z', 'overlap:S33:Z',
    ]);
  });
});
