import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, signedInSender } from '../../../test/api.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';

// Every route under /api/plans/:id sees a plan exactly when GET /api/plans/:id does (one rule,
// findPlanFor): the 富润 manager does not see a 静淑苑 draft, the grid-scoped supervisor sees no plan.
// Inside a plan, special-group counts follow the residents scope, as GET /api/grids/:id does.
const JINGSHU = '110108010024';
let db: TestDatabase;
let send: Awaited<ReturnType<typeof signedInSender>>;
let draftId: number;
let publishedId: number;
let furunGrid: string;
let jingshuGrid: string;

beforeAll(async () => {
  db = await createTestDatabase({ demo: true });
  send = await signedInSender(db.sql);
  const [j] = await db.sql`select id from jurisdiction where code = ${JINGSHU}`;
  const res = await send('planner', 'POST', '/api/plans', { jurisdictionId: Number(j!.id) });
  expect(res.status).toBe(201);
  draftId = (await json<{ id: number }>(res)).id;
  publishedId = Number((await db.sql`select id from grid_plan where status = 'published'`)[0]!.id);
  const code = async (community: string) =>
    String((await db.sql`select code from grid where plan_id = ${draftId} and code like ${`${community}%`} order by code limit 1`)[0]!.code);
  furunGrid = await code('110108010031');
  jingshuGrid = await code(JINGSHU);
});
afterAll(() => db.drop());

/** Every read route of a plan, by name. */
const routes = (id: number): Record<string, string> => ({
  plan: `/api/plans/${id}`,
  validation: `/api/plans/${id}/validation`,
  operations: `/api/plans/${id}/operations`,
  comments: `/api/plans/${id}/comments`,
  diff: `/api/plans/${id}/diff`,
  fourBoundaries: `/api/plans/${id}/four-boundaries`,
  fileOwnCommunity: `/api/plans/${id}/grids/${furunGrid}/file`,
  fileOtherCommunity: `/api/plans/${id}/grids/${jingshuGrid}/file`,
  export: `/api/plans/${id}/export?format=geojson`,
});
async function statuses(who: string, id: number) {
  const out: Record<string, number | string> = {};
  for (const [name, path] of Object.entries(routes(id))) {
    const res = await send(who, 'GET', path);
    out[name] = res.status === 404 ? ((await res.json()) as { error: { code: string } }).error.code : res.status;
  }
  return out;
}
const everywhere = (value: number | string, except: Record<string, number | string> = {}) =>
  ({ ...Object.fromEntries(Object.keys(routes(0)).map((k) => [k, value])), ...except });

describe('one visibility rule for every plan route', () => {
  it('shows the planner the draft on every route (the routes work)', async () => {
    expect(await statuses('planner', draftId)).toEqual(everywhere(200));
  });

  it('is 404 plan_not_found on every route for a community manager looking at another community\'s draft', async () => {
    expect(await statuses('manager.furun', draftId)).toEqual(everywhere('plan_not_found'));
  });

  it('is 404 plan_not_found on every route for a supervisor whose grant names grids, drafts and the plan in force alike', async () => {
    expect(await json<{ plans: unknown[] }>(await send('supervisor', 'GET', '/api/plans'))).toEqual({ plans: [] });
    expect(await statuses('supervisor', draftId)).toEqual(everywhere('plan_not_found'));
    expect(await statuses('supervisor', publishedId)).toEqual(everywhere('plan_not_found'));
  });

  it('still shows the community manager the town\'s plan in force, with only their own grids in it', async () => {
    // the plan is theirs to see, the 静淑苑 grid is not; the plan in force has nothing to be compared with
    expect(await statuses('manager.furun', publishedId)).toEqual(everywhere(200, { fileOtherCommunity: 'grid_not_found', diff: 400 }));
    const four = await json<{ grids: { code: string }[] }>(await send('manager.furun', 'GET', `/api/plans/${publishedId}/four-boundaries`));
    expect(four.grids.length).toBeGreaterThan(0);
    expect(four.grids.every((g) => g.code.startsWith('110108010031'))).toBe(true);
  });
});

describe('special-group counts in the validation', () => {
  type Validation = { grids: { code: string; specialGroups: number | null }[] };
  let townDraft: number;
  beforeAll(async () => {
    const [town] = await db.sql`select id from jurisdiction where code = '110108010'`;
    townDraft = (await json<{ id: number }>(await send('planner', 'POST', '/api/plans', { jurisdictionId: Number(town!.id) }))).id;
  });
  const counts = async (who: string, path: string) => {
    const res = await send(who, 'GET', path);
    expect(res.status).toBe(200);
    const body = await json<Validation & { validation?: Validation }>(res);
    return Object.fromEntries((body.validation ?? body).grids.map((g) => [g.code, g.specialGroups]));
  };

  it('gives them to nobody without residents.read: the commander and the planner', async () => {
    for (const who of ['commander', 'planner']) {
      for (const path of [`/api/plans/${townDraft}`, `/api/plans/${townDraft}/validation`]) {
        const c = await counts(who, path);
        expect(Object.keys(c).length).toBeGreaterThan(20);
        expect(Object.values(c).every((n) => n === null)).toBe(true);
      }
    }
  });

  it('gives a community manager their own community\'s grids only, like GET /api/grids/:id', async () => {
    for (const path of [`/api/plans/${townDraft}`, `/api/plans/${townDraft}/validation`]) {
      const c = await counts('manager.furun', path);
      const [own, others] = [Object.entries(c).filter(([code]) => code.startsWith('110108010031')), Object.entries(c).filter(([code]) => !code.startsWith('110108010031'))];
      expect(own.length).toBeGreaterThan(0);
      expect(own.every(([, n]) => typeof n === 'number')).toBe(true);
      expect(own.some(([, n]) => n! > 0)).toBe(true);
      expect(others.length).toBeGreaterThan(0);
      expect(others.every(([, n]) => n === null)).toBe(true);
    }
    const grid = async (code: string) => {
      const [g] = await db.sql`select id from grid where plan_id = ${publishedId} and code = ${code}`;
      return json<{ stats: { specialGroups: unknown } }>(await send('manager.furun', 'GET', `/api/grids/${g!.id}`));
    };
    expect((await grid(furunGrid)).stats.specialGroups).not.toBeNull();
    expect((await grid(jingshuGrid)).stats.specialGroups).toBeNull();
  });

  it('gives the admin (residents of the whole district) every grid', async () => {
    expect(Object.values(await counts('admin', `/api/plans/${townDraft}/validation`)).every((n) => typeof n === 'number')).toBe(true);
  });
});

describe('comments on a grid', () => {
  it('take a grid code of the plan and refuse one it does not have with 400 unknown_grid', async () => {
    const ok = await send('planner', 'POST', `/api/plans/${draftId}/comments`, { body: '请核对', gridCode: jingshuGrid });
    expect(ok.status).toBe(201);
    const missing = `${JINGSHU}999`;
    const res = await send('planner', 'POST', `/api/plans/${draftId}/comments`, { body: '这个网格呢', gridCode: missing });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'unknown_grid', message: `Plan ${draftId} has no grid ${missing}`, details: [{ field: 'gridCode' }] } });
    const comments = await json<{ comments: { gridCode: string | null }[] }>(await send('planner', 'GET', `/api/plans/${draftId}/comments`));
    expect(comments.comments.map((c) => c.gridCode)).toEqual([jingshuGrid]);
  });
});
