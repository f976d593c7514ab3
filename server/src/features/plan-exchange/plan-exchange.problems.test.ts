import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { ImportProblem } from '../imports/geojson.domain.ts';
import { expectCoded } from '../imports/imports.fixtures.ts';
import { PLAN_FILE_PROBLEM_CODES, type ProblemCode } from '../imports/imports.problems.ts';
import { parseCsv } from './assignment-csv.domain.ts';
import { JINGSHU, planFileApi } from './plan-exchange.fixtures.ts';

// Every problem a plan file can have carries a code clients can say, provoked here through
// POST /api/plans/:id/import on the Haidian demo: each code of the plan files' own checks (a code
// added without a case fails to compile and fails below), and the codes they share with base-data
// imports. Every problem a case meets must be coded, its word params known.
const TOWN = '110108010';
const { request, draft } = planFileApi();

/** The problems of a refused plan file (fails unless it was a 400 import_invalid). */
async function refused(format: string, body: string | Uint8Array<ArrayBuffer>, scope = JINGSHU): Promise<ImportProblem[]> {
  const plan = await draft(scope);
  const res = await request('POST', `/api/plans/${plan.id}/import?format=${format}&version=${plan.version}`, body);
  const json = (await res.json()) as { error: { code: string; details: { problems: ImportProblem[] } } };
  expect([res.status, json.error.code]).toEqual([400, 'import_invalid']);
  return json.error.details.problems;
}

/** The draft's own building → grid CSV, each row changed by `edit` (cells: building_id, osm_id, name, households, grid_code, grid_name). */
async function csvOf(scope: string, edit: (cells: string[]) => string[]) {
  const plan = await draft(scope);
  const text = await (await request('GET', `/api/plans/${plan.id}/export?format=csv`)).text();
  const [header, ...rows] = parseCsv(text);
  return [header!.join(','), ...rows.map((r) => edit(r).map((c) => JSON.stringify(c)).join(','))].join('\n');
}

type Geo = { type: string; coordinates: unknown };
const fc = (...features: { geometry: Geo; properties?: Record<string, unknown> }[]) =>
  JSON.stringify({ type: 'FeatureCollection', features: features.map((f) => ({ type: 'Feature', properties: {}, ...f })) });
const ring = ([x, y]: readonly number[], s = 0.001) => [[x!, y!], [x! + s, y!], [x! + s, y! + s], [x!, y! + s], [x!, y!]];
const square = (at: readonly number[]): Geo => ({ type: 'Polygon', coordinates: [ring(at)] });

interface Case {
  run: () => Promise<ImportProblem[]>;
  /** What the problem of this code says, for clients. */
  params?: Record<string, unknown>;
}

const OWN: Record<(typeof PLAN_FILE_PROBLEM_CODES)[number], Case> = {
  unreadable_zip: { run: () => refused('shapefile', 'not a zip') },
  no_shapefile: { run: () => refused('shapefile', zipSync({ 'grids.txt': strToU8('网格') })) },
  unreadable_shapefile: { run: () => refused('shapefile', zipSync({ 'grids.shp': strToU8('not a shapefile at all'), 'grids.dbf': strToU8('x') })) },
  unreadable_kml: { run: () => refused('kml', '<kml><Document>') },
  csv_no_header: { run: () => refused('csv', 'id_of_building,grid\n1,X\n') },
  csv_no_rows: { run: () => refused('csv', 'building_id,grid_code\n') },
  building_id_not_number: { run: () => refused('csv', 'building_id,grid_code\n12a,X\n'), params: { value: '"12a"' } },
  building_id_missing: { run: () => refused('csv', 'building_id,grid_code\n,X\n') },
  building_twice: { run: () => refused('csv', 'building_id,grid_code\n1,A\n1,B\n'), params: { grid: 'A', row: 2 } },
  building_twice_ungridded: { run: () => refused('csv', 'building_id,grid_code\n1,\n1,B\n'), params: { row: 2 } },
  unknown_building: { run: () => refused('csv', 'building_id,grid_code\n999999999,X\n'), params: { id: '999999999' } },
  building_not_in_file: { run: () => refused('csv', 'building_id,grid_code\n999999999,X\n'), params: { id: expect.any(String), households: expect.any(Number) } },
  grid_in_several_communities: {
    run: async () => refused('csv', await csvOf(TOWN, (c) => [c[0]!, c[1]!, '', c[3]!, '一个网格', '']), TOWN),
    params: { grid: '一个网格', communities: expect.stringMatching(/^\d{12}(, \d{12})+$/) },
  },
  no_grid_given: { run: async () => refused('csv', await csvOf(JINGSHU, (c) => [c[0]!, c[1]!, '', c[3]!, '', ''])) },
  grid_outside_scope: { run: () => refused('geojson', fc({ geometry: square([120, 30]) })), params: { scope: JINGSHU } },
};

/** Codes plan files share with base-data imports, said with the same texts. */
const SHARED: [ProblemCode, Case][] = [
  ['invalid_geometry', {
    run: () => refused('geojson', fc({ geometry: { type: 'Polygon', coordinates: [[[116.35, 40], [116.351, 40.001], [116.351, 40], [116.35, 40.001], [116.35, 40]]] } })),
    params: { defect: 'self_intersection' },
  }],
  ['invalid_property', { run: () => refused('geojson', fc({ geometry: square([116.35, 40]), properties: { name: { zh: '错' } } })), params: { property: 'name', reason: 'text_or_number' } }],
  ['invalid_property', { run: () => refused('geojson', fc({ geometry: square([116.35, 40]), properties: { name: '长'.repeat(61) } })), params: { property: 'name', reason: 'text_too_long', max: 60 } }],
  ['bad_text', { run: () => refused('geojson', fc({ geometry: square([116.35, 40]), properties: { name: 'a\u0000b' } })), params: { textIssue: 'nul' } }],
  ['bad_text', { run: () => refused('csv', 'building_id,grid_code\n1,a\u0000b\n'), params: { textIssue: 'nul' } }],
  ['empty_file', { run: () => refused('geojson', fc()) }],
  ['empty_file', { run: () => refused('kml', '<kml xmlns="http://www.opengis.net/kml/2.2"><Document></Document></kml>') }],
  ['geometry_type', { run: () => refused('geojson', fc({ geometry: { type: 'LineString', coordinates: [[116.35, 40], [116.36, 40]] } })), params: { type: 'LineString', family: 'polygon' } }],
  ['invalid_json', { run: () => refused('geojson', '{"type": "FeatureCollection",') }],
];

describe('plan file problem codes', () => {
  it('has a case for every code of the plan files\' own checks', () => {
    expect(Object.keys(OWN).sort()).toEqual([...PLAN_FILE_PROBLEM_CODES].sort());
  });

  it.each(PLAN_FILE_PROBLEM_CODES.map((c) => [c]))('%s is provoked, coded and says what clients need', async (code) => {
    expectCoded(await OWN[code].run(), code, OWN[code].params);
  });

  it.each(SHARED.map(([code, c], i) => [`${code} #${i}`, code, c] as const))('%s (shared with base-data imports) is coded', async (_, code, c) => {
    expectCoded(await c.run(), code, c.params);
  });
});
