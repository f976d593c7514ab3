import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { MAX_VERTICES_PER_GEOMETRY, type ImportProblem } from './geojson.domain.ts';
import { expectCoded, importWith, problemsOf } from './imports.fixtures.ts';
import { geometryDefect, IMPORT_PROBLEM_CODES, type ImportProblemCode } from './imports.problems.ts';
import type { ImportInput } from './imports.service.ts';

// Every code the server declares is provoked here through the import service, on the Haidian demo:
// a code added without a case fails to compile and fails below; every problem a case yields must
// carry a code, and its word params only values clients have texts for (PROBLEM_WORDS).
let db: TestDatabase;
const TOWN = '110108010';
const COMMUNITY = '110108010031';

beforeAll(async () => {
  db = await createTestDatabase({ demo: true });
});
afterAll(() => db.drop());

type Geo = { type: string; coordinates: unknown };
type F = { geometry: Geo | null; properties?: Record<string, unknown> };
const fc = (features: F[]) => JSON.stringify({ type: 'FeatureCollection', features: features.map((f) => ({ type: 'Feature', properties: {}, ...f })) });
const poly = (ring: number[][]): Geo => ({ type: 'Polygon', coordinates: [ring] });
const square = ([x, y]: readonly number[], s = 0.0002): Geo => poly([[x!, y!], [x! + s, y!], [x! + s, y! + s], [x!, y! + s], [x!, y!]]);
const building = (geometry: Geo | null, properties: Record<string, unknown> = { households: 5 }): F => ({ geometry, properties });

const run = (input: Partial<ImportInput> & Pick<ImportInput, 'text'>) => importWith(db.sql)({ kind: 'buildings', jurisdiction: TOWN, ...input });
const refused = (input: Parameters<typeof run>[0]) => problemsOf(run(input));

/** A point well inside a demo community. */
async function inside(code = COMMUNITY) {
  const [p] = await db.sql`select ST_X(pt) x, ST_Y(pt) y from (select ST_PointOnSurface(geom) pt from jurisdiction where code = ${code}) s`;
  return [p!.x as number, p!.y as number] as const;
}
/** The id of a stored building in the community, or (other) in another community of the town. */
async function storedId(other = false) {
  const [b] = await db.sql`select b.osm_id from building b join jurisdiction j on j.id = b.community_id
    where b.osm_id is not null and (j.code = ${COMMUNITY}) = ${!other} and j.code like ${`${TOWN}%`} order by b.id limit 1`;
  return String(b!.osm_id);
}
const outline = async (code: string) => {
  const [j] = await db.sql`select ST_AsGeoJSON(geom, 7)::json g from jurisdiction where code = ${code}`;
  return j!.g as Geo;
};

const POPULATION = { households: 'population', floorsProperty: 'floors', m2PerHousehold: 120, populationProperty: 'population', householdSize: 2.62 } as const;

interface Case {
  run: () => Promise<ImportProblem[]>;
  /** What the problem of this code says, for clients. */
  params?: Record<string, unknown>;
}

const CASES: Record<ImportProblemCode, Case> = {
  invalid_json: { run: () => refused({ text: '{\n  "type": "FeatureCollection",\n  "features": [}' }), params: { line: 3, column: 16 } },
  not_geojson: { run: () => refused({ text: '{"type":"Point","coordinates":[116.3,40]}' }) },
  crs_declared: {
    run: async () => refused({ text: JSON.stringify({ ...JSON.parse(fc([building(square(await inside()))])), crs: { type: 'name', properties: { name: 'EPSG:4547' } } }) }),
    params: { declared: '"EPSG:4547"' },
  },
  features_not_array: { run: () => refused({ text: '{"type":"FeatureCollection","features":{}}' }) },
  empty_file: { run: () => refused({ text: fc([]) }) },
  not_a_feature: { run: () => refused({ text: '{"type":"FeatureCollection","features":[{"type":"Point"}]}' }) },
  bad_text: { run: async () => refused({ text: fc([building(square(await inside()), { households: 5, name: 'a\u0000b' })]) }), params: { textIssue: 'nul' } },
  no_geometry: { run: () => refused({ text: fc([building(null)]) }) },
  geometry_type: { run: async () => refused({ text: fc([building({ type: 'Point', coordinates: await inside() })]) }), params: { type: 'Point', family: 'polygon' } },
  too_many_vertices: {
    run: async () => {
      const [x, y] = await inside();
      const ring = Array.from({ length: MAX_VERTICES_PER_GEOMETRY }, (_, i) => [x + 1e-4 * Math.cos(i / 1000), y + 1e-4 * Math.sin(i / 1000)]);
      return refused({ text: fc([building(poly([...ring, ring[0]!]))]) });
    },
    params: { vertices: MAX_VERTICES_PER_GEOMETRY + 1, max: MAX_VERTICES_PER_GEOMETRY },
  },
  coordinates_not_array: { run: () => refused({ text: fc([building({ type: 'Polygon', coordinates: [5] })]) }), params: { ring: 1 } },
  no_parts: { run: () => refused({ text: fc([building({ type: 'MultiPolygon', coordinates: [] })]) }), params: { type: 'MultiPolygon' } },
  no_rings: { run: async () => refused({ text: fc([building({ type: 'MultiPolygon', coordinates: [[(square(await inside()).coordinates as number[][][])[0]], []] })]) }), params: { part: 2 } },
  bad_position: { run: () => refused({ text: fc([building({ type: 'Polygon', coordinates: [[[116.3, 40], ['116.31', 40], [116.31, 40.01], [116.3, 40]]] })]) }), params: { ring: 1, value: '["116.31", 40]' } },
  projected_coordinates: { run: () => refused({ text: fc([building(square([12_950_000, 4_860_000], 30))]) }), params: { ring: 1, x: 12_950_000, y: 4_860_000 } },
  out_of_range: { run: () => refused({ text: fc([building(square([200, 40]))]) }), params: { ring: 1, x: 200, y: 40 } },
  ring_too_short: { run: () => refused({ text: fc([building(poly([[116.3, 40], [116.31, 40], [116.3, 40]]))]) }), params: { ring: 1, positions: 3 } },
  ring_not_closed: { run: () => refused({ text: fc([building(poly([[116.3, 40], [116.31, 40], [116.31, 40.01], [116.3, 40.01]]))]) }), params: { ring: 1 } },
  line_too_short: { run: async () => refused({ kind: 'roads', text: fc([{ geometry: { type: 'MultiLineString', coordinates: [[await inside()]] } }]) }), params: { part: 1, positions: 1 } },
  invalid_geometry: {
    run: async () => {
      const [x, y] = await inside();
      return refused({ text: fc([building(poly([[x, y], [x + 2e-4, y + 2e-4], [x + 2e-4, y], [x, y + 2e-4], [x, y]]))]) });
    },
    params: { defect: 'self_intersection' },
  },
  missing_property: { run: async () => refused({ text: fc([building(square(await inside())), building(square(await inside()), { floors: 3 })]) }), params: { property: 'households' } },
  missing_properties: {
    run: async () => refused({ text: fc([building(square(await inside()), {}), building(square(await inside()), {})]) }),
    params: { n: 2, total: 2, property: 'households', first: 1, hint: 'derive' },
  },
  invalid_property: {
    run: async () => refused({ text: fc([building(square(await inside()), { households: 2.5 })]) }),
    params: { property: 'households', reason: 'whole_number', min: 0, max: 10_000, value: '2.5' },
  },
  duplicate: {
    run: async () => refused({ text: fc([building(square(await inside()), { households: 5, id: 'twice' }), building(square(await inside()), { households: 5, id: 'twice' })]) }),
    params: { field: 'id', value: 'twice', first: 1 },
  },
  not_under_target: {
    run: async () => refused({ kind: 'jurisdictions', jurisdiction: TOWN, text: fc([{ geometry: square(await inside(), 0.001), properties: { code: '110108011001', name: '别处' } }]) }),
    params: { code: '110108011001', jurisdiction: TOWN },
  },
  too_many_households: {
    run: async () => refused({ text: fc([building(square(await inside()), { population: 1_000_000 })]), households: { ...POPULATION } }),
    params: { households: 381_679, max: 10_000 },
  },
  kind_assumed: {
    run: async () => (await run({ text: fc([building(square(await inside()), { households: 5, kind: 'building' })]), jurisdiction: COMMUNITY, dryRun: true })).warnings,
    params: { n: 1, values: 'kind=building ×1' },
  },
  crs_shift: {
    run: async () => {
      const rows = await db.sql`select b.households, ST_AsGeoJSON(b.geom, 7)::json g from building b
        join jurisdiction j on j.id = b.community_id where j.code like ${`${TOWN}%`} order by b.id limit 40`;
      const { default: gcoord } = await import('gcoord');
      return refused({ text: fc(rows.map((r) => building(gcoord.transform(r.g as never, gcoord.WGS84, gcoord.GCJ02) as unknown as Geo, { households: r.households }))) });
    },
    params: { crs: 'gcj02', ref: 'buildings' },
  },
  outside_communities: { run: () => refused({ text: fc([building(square([121.5, 31.2]))]) }), params: { jurisdiction: TOWN } },
  building_exists: { run: async () => refused({ text: fc([building(square(await inside()), { households: 5, id: await storedId() })]) }) },
  building_elsewhere: {
    run: async () => refused({ mode: 'replace', jurisdiction: COMMUNITY, text: fc([building(square(await inside()), { households: 5, id: await storedId(true) })]) }),
    params: { jurisdiction: COMMUNITY },
  },
  ledger_building_missing: { run: async () => refused({ mode: 'replace', jurisdiction: COMMUNITY, text: fc([building(square(await inside()))]) }) },
  not_touching: { run: () => refused({ kind: 'roads', text: fc([{ geometry: { type: 'LineString', coordinates: [[101, 31], [101.01, 31]] } }]) }), params: { jurisdiction: TOWN } },
  jurisdiction_exists: {
    run: async () => refused({ kind: 'jurisdictions', text: fc([{ geometry: await outline(COMMUNITY), properties: { code: COMMUNITY, name: '富润社区' } }]) }),
    params: { code: COMMUNITY },
  },
  parent_missing: {
    run: async () => refused({ kind: 'jurisdictions', jurisdiction: '110108', text: fc([{ geometry: square(await inside(), 0.001), properties: { code: '110108099001', name: '无主社区' } }]) }),
    params: { parent: '110108099' },
  },
  jurisdiction_in_use: {
    run: async () => refused({ kind: 'jurisdictions', mode: 'replace', text: fc([{ geometry: await outline(TOWN), properties: { code: TOWN, name: '学院路街道' } }]) }),
    params: { uses: expect.stringMatching(/^buildings(,[a-z_]+)*$/) },
  },
  far_from_parent: {
    run: () => refused({ kind: 'jurisdictions', text: fc([{ geometry: square([100, 30], 0.01), properties: { code: '110108010999', name: '远方社区' } }]) }),
    params: { code: '110108010999', parent: TOWN },
  },
  overlaps_sibling: {
    run: async () => refused({ kind: 'jurisdictions', text: fc([{ geometry: await outline(COMMUNITY), properties: { code: '110108010998', name: '重叠社区' } }]) }),
    params: { code: '110108010998', other: COMMUNITY, stored: 1 },
  },
};

describe('import problem codes', () => {
  it('has a case for every code the server declares', () => {
    expect(Object.keys(CASES).sort()).toEqual([...IMPORT_PROBLEM_CODES].sort());
  });

  it.each(IMPORT_PROBLEM_CODES.map((c) => [c]))('%s is provoked, coded and says what clients need', async (code) => {
    expectCoded(await CASES[code].run(), code, CASES[code].params);
  });
});

describe('geometryDefect', () => {
  it('reads the reasons GEOS gives as a few kinds, and anything else as other', () => {
    expect([
      'Self-intersection', 'Ring Self-intersection', 'Too few points in geometry component', 'Too few distinct points in geometry component',
      'Hole lies outside shell', 'Holes are nested', 'Interior is disconnected', 'Nested shells', 'Duplicate Rings', 'Invalid Coordinate', 'Something new',
    ].map(geometryDefect)).toEqual([
      'self_intersection', 'ring_self_intersection', 'too_few_points', 'too_few_points', 'hole_outside_shell', 'nested_holes', 'disconnected_interior',
      'nested_shells', 'duplicate_rings', 'invalid_coordinate', 'other',
    ]);
  });
});
