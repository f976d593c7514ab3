import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { createJurisdictions, square } from '../../../test/factories.ts';
import { MAX_FEATURES_PER_FILE, MAX_VERTICES_PER_GEOMETRY } from './geojson.domain.ts';

// `npm run import` as a child process against a test database named by DATABASE_URL.
let db: TestDatabase;
const root = join(import.meta.dirname, '..', '..', '..', '..');
const fixture = (name: string) => join(root, 'server', 'test', 'fixtures', name);

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

async function cli(...args: string[]) {
  const run = promisify(execFile)(join(root, 'node_modules', '.bin', 'tsx'), [join(root, 'server/src/features/imports/imports.cli.ts'), ...args], {
    cwd: root, env: { ...process.env, DATABASE_URL: db.url }, timeout: 60_000,
  });
  return run.then((r) => ({ code: 0, ...r }), (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }));
}
const count = async (table: 'jurisdiction' | 'building') => (await db.sql`select count(*)::int n from ${db.sql(table)}`)[0]!.n as number;

describe('npm run import', () => {
  it('dry-runs, then imports a town with its communities', async () => {
    const dry = await cli('jurisdictions', fixture('import-town.geojson'), '--jurisdiction', '990200', '--dry-run');
    expect(dry.stdout).toMatch(/Dry run \(nothing written\): would import 3 jurisdictions features into 990200 \(add\): 3 inserted/);
    expect(await count('jurisdiction')).toBe(0);
    const real = await cli('jurisdictions', fixture('import-town.geojson'), '--jurisdiction', '990200');
    expect(real).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Imported 3 jurisdictions features/) });
    const [c] = await db.sql`select household_min, household_max from jurisdiction where code = '990200001001'`;
    expect(c).toEqual({ household_min: 250, household_max: 450 });
  });

  it('lists every problem of a broken buildings file with its place and exits 1 without writing', async () => {
    const r = await cli('buildings', fixture('import-buildings-broken.geojson'), '--jurisdiction', '990200001', '--mode', 'replace');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/3 problems in the buildings file; nothing was imported/);
    expect(r.stderr).toMatch(/feature 1 \(bowtie\) geometry: Invalid geometry: Self-intersection\S* at 110\.0035, 20\.0035/);
    expect(r.stderr).toMatch(/feature 2 \(nohouseholds\) properties\.households: missing at 110\.005, 20\.005/);
    expect(r.stderr).toMatch(/feature 3 \(elsewhere\) geometry: The building lies outside every community of 990200001 at 111\.\d+, 21\.\d+/);
    expect(await count('building')).toBe(0);
  });

  it('holds the same caps as the API: vertices per geometry and features per file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wangge-import-'));
    const j = await createJurisdictions(db.sql, { wkt: square(112, 22, 0.01) });
    const line = Array.from({ length: MAX_VERTICES_PER_GEOMETRY + 1 }, (_, i) => [112.001 + (i * 0.008) / MAX_VERTICES_PER_GEOMETRY, 22.005]);
    const long = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { id: 'long' }, geometry: { type: 'LineString', coordinates: line } }] };
    writeFileSync(join(dir, 'long.geojson'), JSON.stringify(long));
    const r = await cli('roads', join(dir, 'long.geojson'), '--jurisdiction', j.communityCode);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/feature 0 \(long\) geometry\.coordinates: The geometry has 20,001 vertices; at most 20,000 are accepted per feature/);
    const feature = JSON.stringify({ type: 'Feature', properties: {}, geometry: null });
    writeFileSync(join(dir, 'many.geojson'), `{"type":"FeatureCollection","features":[${Array(MAX_FEATURES_PER_FILE + 1).fill(feature).join(',')}]}`);
    const many = await cli('roads', join(dir, 'many.geojson'), '--jurisdiction', j.communityCode);
    expect(many.code).toBe(1);
    expect(many.stderr).toMatch(/^The roads file holds 200,001 features; one import takes at most 200,000/);
    expect((await db.sql`select count(*)::int n from road`)[0]!.n).toBe(0);
  });

  it('takes the household derivation as flags, and says what it assumed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wangge-import-'));
    const j = await createJurisdictions(db.sql, { wkt: square(113, 23, 0.01) });
    const ring = [[113.001, 23.001], [113.0013, 23.001], [113.0013, 23.0013], [113.001, 23.0013], [113.001, 23.001]];
    const file = join(dir, 'tilezen.geojson');
    writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features: [
      { type: 'Feature', properties: { kind: 'building', id: 'tz1' }, geometry: { type: 'Polygon', coordinates: [ring] } }] }));
    const bad = await cli('buildings', file, '--jurisdiction', j.communityCode, '--households', 'guess', '--m2-per-household', '0');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/households: [\s\S]*m2PerHousehold: must be ≥ 10/);
    const ok = await cli('buildings', file, '--jurisdiction', j.communityCode, '--households', 'footprint', '--default-floors', '10', '--m2-per-household', '100');
    expect(ok).toMatchObject({ code: 0, stdout: expect.stringMatching(/1 inserted[\s\S]*note: 1 building named no use Wangge knows \(kind=building ×1\); taken as residential/) });
    const [b] = await db.sql`select households, households_estimated, floors_estimated from building where osm_id = 'tz1'`;
    expect(b).toMatchObject({ households_estimated: true, floors_estimated: true });
    expect(b!.households).toBeGreaterThan(80);
  });

  it('explains its usage', async () => {
    const r = await cli('parks', 'x.geojson');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/jurisdiction.*required[\s\S]*usage: npm run import/);
  });
});
