import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { createBuilding, createJurisdictions, square } from '../../../test/factories.ts';
import { createTilesService } from './tiles.service.ts';

let db: TestDatabase;
let region: string;
const coord = { z: 14, x: 13653, y: 6759 }; // holds 120.001, 30.001

beforeAll(async () => {
  db = await createTestDatabase();
  region = (await createJurisdictions(db.sql, { wkt: square(120, 30, 0.004) })).regionCode;
  await createBuilding(db.sql, { regionCode: region, wkt: square(120.001, 30.001, 0.0002), households: 10 });
});
afterAll(() => db.drop());

describe('tiles service', () => {
  it('serves a repeated tile of the same version from its cache', async () => {
    const tiles = createTilesService(db.sql);
    const v = await tiles.version('buildings');
    const first = await tiles.tile('buildings', coord, '2026-01-01', v);
    expect(first.byteLength).toBeGreaterThan(0);
    expect(await tiles.tile('buildings', coord, '2026-01-01', v)).toBe(first);
  });

  it('learns a new layer version by NOTIFY and then renders fresh bytes', async () => {
    const tiles = createTilesService(db.sql);
    const before = await tiles.version('buildings');
    const old = await tiles.tile('buildings', coord, '2026-01-01', before);
    await createBuilding(db.sql, { regionCode: region, wkt: square(120.002, 30.002, 0.0002), households: 20 });
    await vi.waitFor(async () => expect(await tiles.version('buildings')).toBeGreaterThan(before), { timeout: 5000, interval: 20 });
    const fresh = await tiles.tile('buildings', coord, '2026-01-01', await tiles.version('buildings'));
    expect(fresh).not.toBe(old);
    expect(fresh.byteLength).toBeGreaterThan(old.byteLength);
  });

  it('does not cache when its budget is zero', async () => {
    const tiles = createTilesService(db.sql, { cacheBytes: 0 });
    const v = await tiles.version('buildings');
    const a = await tiles.tile('buildings', coord, '2026-01-01', v);
    expect(await tiles.tile('buildings', coord, '2026-01-01', v)).not.toBe(a);
  });
});
