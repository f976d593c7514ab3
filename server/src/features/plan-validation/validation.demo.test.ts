import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { createValidationRepo, type PlanValidation } from './validation.repo.ts';

let db: TestDatabase;
let planId: number;
let v: PlanValidation;
beforeAll(async () => {
  db = await createTestDatabase({ demo: true });
  const [plan] = await db.sql`select p.id from grid_plan p join jurisdiction j on j.id = p.jurisdiction_id
    where j.code = '110108010' and p.status = 'published'`;
  planId = Number(plan!.id);
  v = await createValidationRepo(db.sql).validatePlan(planId);
});
afterAll(() => db.drop());

describe("the demo town's rough starting plan", () => {
  it('has the households of each grid that an independent anchor query finds', async () => {
    const rows = await db.sql`select g.code, coalesce(sum(b.households), 0)::int as households, count(b.id)::int as buildings
      from grid g left join building b on ST_Intersects(g.geom, b.anchor) where g.plan_id = ${planId} group by g.code order by g.code`;
    expect(v.grids.map((g) => [g.code, g.households, g.buildings])).toEqual(rows.map((r) => [r.code, r.households, r.buildings]));
    expect(v.summary.grids).toBe(23);
  });

  it('is not publishable: grids outside the band without a justification', async () => {
    const [{ under, over }] = await db.sql`select count(*) filter (where h < 200)::int as under, count(*) filter (where h > 500)::int as over from (
      select g.code, coalesce(sum(b.households), 0) as h from grid g left join building b on ST_Intersects(g.geom, b.anchor)
      where g.plan_id = ${planId} group by g.code) x` as unknown as [{ under: number; over: number }];
    expect(under + over).toBeGreaterThan(0);
    expect(v.grids.filter((g) => g.bandStatus === 'under')).toHaveLength(under);
    expect(v.grids.filter((g) => g.bandStatus === 'over')).toHaveLength(over);
    expect(v.summary.outOfBand).toBe(under + over);
    expect(v.problems.filter((p) => p.kind === 'out_of_band' && p.severity === 'justify').length).toBeGreaterThan(0);
    expect(v.publishable).toBe(false);
  });

  it('finds no gap or overlap where a PostGIS check finds none (slivers under 1 m² aside), and every building in a grid', async () => {
    const [check] = await db.sql`
      select (select coalesce(sum(ST_Area(ST_Difference(c.geom, (select ST_Union(g.geom) from grid g where g.plan_id = ${planId} and g.community_id = c.id))::geography)), 0)
              from jurisdiction c where c.parent_id = (select jurisdiction_id from grid_plan where id = ${planId})) as gap,
             (select count(*)::int from grid a join grid b on a.id < b.id and a.plan_id = b.plan_id and ST_Overlaps(a.geom, b.geom)
              where a.plan_id = ${planId} and ST_Area(ST_Intersection(a.geom, b.geom)::geography) >= 1) as overlaps`;
    expect(Number(check!.gap)).toBeLessThan(1);
    expect(check!.overlaps).toBe(0);
    expect(v.summary).toMatchObject({ gapAreaM2: 0, overlapAreaM2: 0, unassignedBuildings: 0 });
  });

  it('reports the buildings that grid boundaries cut, as an independent query finds them', async () => {
    const rows = await db.sql`
      select distinct b.id from building b
      join grid home on home.plan_id = ${planId} and ST_Intersects(home.geom, b.anchor)
      join grid o on o.plan_id = ${planId} and o.id <> home.id and ST_Intersects(o.geom, b.geom)
      where ST_Area(ST_Intersection(o.geom, b.geom)::geography) > greatest(1, 0.01 * ST_Area(b.geom::geography))
      order by b.id`;
    const split = v.problems.filter((p) => p.kind === 'split_building').flatMap((p) => p.buildingIds ?? []).sort((a, b) => a - b);
    expect(split).toEqual(rows.map((r) => Number(r.id)));
    expect(v.summary.splitBuildings).toBe(rows.length);
    expect(v.problems[0]!.severity).toBe('hard');
  });

  it('restricts to one community with scopeId', async () => {
    const [c] = await db.sql`select id from jurisdiction where code = '110108010024'`;
    const one = await createValidationRepo(db.sql).validatePlan(planId, { scopeId: Number(c!.id) });
    expect(one.grids.map((g) => g.code)).toEqual(v.grids.filter((g) => g.code.startsWith('110108010024')).map((g) => g.code));
    expect(one.grids.every((g) => g.communityId === Number(c!.id))).toBe(true);
  });
});
