import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { createRandom } from '../../../../data/seed/random.ts';
import { createTilesService } from '../tiles/tiles.service.ts';
import { createGridLocator } from './grid-locator.service.ts';
import { planDate } from './grids.domain.ts';
import { createGridsRepo } from './grids.repo.ts';

// The in-memory locator must answer exactly what the SQL lookup (ST_Intersects, newest plan first,
// then grid id) answers, on the grid borders too, and follow every write without a restart.
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase({ demo: true });
});
afterAll(() => db.drop());

const today = planDate(new Date());

async function until(check: () => Promise<boolean>, ms = 5000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('grid locator', () => {
  it('answers as the SQL lookup does: inside, on shared borders and vertices, and outside every grid', async () => {
    const repo = createGridsRepo(db.sql);
    const locator = createGridLocator(db.sql, createTilesService(db.sql, { cacheBytes: 0 }));
    const [box] = await db.sql`
      select ST_XMin(e) as x0, ST_YMin(e) as y0, ST_XMax(e) as x1, ST_YMax(e) as y1
      from (select ST_Extent(g.geom) as e from grid g join grid_plan p on p.id = g.plan_id where p.status = 'published') x`;
    const rnd = createRandom('grid-locator');
    const random = () => rnd.next();
    const [x0, y0, x1, y1] = [box!.x0, box!.y0, box!.x1, box!.y1].map(Number) as [number, number, number, number];
    // random points over the plan's extent and a margin around it (outside every grid)
    const points: [number, number][] = Array.from({ length: 600 }, () => [
      x0 - 0.01 + random() * (x1 - x0 + 0.02), y0 - 0.01 + random() * (y1 - y0 + 0.02)]);
    // every vertex of some grids: points on borders that two grids share
    const vertices = await db.sql`
      select ST_X(d.geom) as x, ST_Y(d.geom) as y from (
        select g.geom from grid g join grid_plan p on p.id = g.plan_id where p.status = 'published' order by g.id limit 12) g,
        ST_DumpPoints(g.geom) d`;
    points.push(...vertices.map((v): [number, number] => [Number(v.x), Number(v.y)]));
    let inside = 0;
    for (const [lon, lat] of points) {
      const want = await repo.at(lon, lat, today);
      const got = await locator.at(lon, lat, today);
      expect({ lon, lat, grid: got?.grid.id ?? null }).toEqual({ lon, lat, grid: want?.grid.id ?? null });
      expect(got).toEqual(want);
      if (want) inside++;
    }
    expect(inside).toBeGreaterThan(300);
    expect(inside).toBeLessThan(points.length);
  });

  it('follows writes to grids, plans and jurisdictions without a restart', async () => {
    const repo = createGridsRepo(db.sql);
    const locator = createGridLocator(db.sql, createTilesService(db.sql, { cacheBytes: 0 }));
    const [g] = await db.sql`
      select g.id, g.community_id, ST_X(ST_PointOnSurface(g.geom)) as x, ST_Y(ST_PointOnSurface(g.geom)) as y
      from grid g join grid_plan p on p.id = g.plan_id where p.status = 'published' order by g.id limit 1`;
    const [lon, lat] = [Number(g!.x), Number(g!.y)];
    expect((await locator.at(lon, lat, today))?.grid.id).toBe(Number(g!.id));

    await db.sql`update jurisdiction set name = name || '（改）' where id = ${g!.community_id}`;
    await until(async () => (await locator.at(lon, lat, today))?.community.name.endsWith('（改）') ?? false);

    await db.sql`update grid set name = '新名字' where id = ${g!.id}`;
    await until(async () => (await locator.at(lon, lat, today))?.grid.name === '新名字');

    // the grid's plan retired yesterday: no plan is in force there any more
    const [p] = await db.sql`update grid_plan set valid_to = current_date - 1 where id = (select plan_id from grid where id = ${g!.id})
                             and valid_from < current_date - 1 returning id`;
    expect(p).toBeDefined();
    await until(async () => (await locator.at(lon, lat, today)) === undefined);
    expect(await repo.at(lon, lat, today)).toBeUndefined();
  });
});
