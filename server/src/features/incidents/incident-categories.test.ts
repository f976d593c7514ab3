import categoriesFile from '../../../../data/incidents/categories.json' with { type: 'json' };
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app.ts';
import { json } from '../../../test/api.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { createJurisdictions, createSession, createUser, square } from '../../../test/factories.ts';
import type { IncidentCategory } from './incident-categories.repo.ts';

// GET /api/incident-categories and /:code on the seeded reference tables, as a signed-in grid leader.
let db: TestDatabase;
let session: { cookie: string; csrfToken: string };
beforeAll(async () => {
  db = await createTestDatabase();
  const { communityId } = await createJurisdictions(db.sql, { wkt: square(120, 30, 0.01) });
  const u = await createUser(db.sql, { grants: [{ role: 'grid_leader', jurisdictionId: communityId }] });
  session = await createSession(db.sql, u.id);
});
afterAll(() => db.drop());

const get = (path: string) => createApp({ sql: db.sql }).request(path, { headers: { Cookie: session.cookie } });
const items = async (path: string) => {
  const res = await get(path);
  expect(res.status).toBe(200);
  return (await json<{ items: IncidentCategory[] }>(res)).items;
};
/** The file's codes in tree order: each class, then its minor classes, as written. */
const treeOrder = (classes: typeof categoriesFile.classes) => classes.flatMap((c) => [c.code, ...c.minors.map((m) => m.code)]);

describe('GET /api/incident-categories', () => {
  it('lists every class followed by its minor classes, in the file’s order, with their conditions and limits', async () => {
    const list = await items('/api/incident-categories');
    expect(list.map((i) => i.code)).toEqual(treeOrder(categoriesFile.classes));
    expect(list.find((i) => i.code === '01')).toEqual({
      code: '01', parentCode: null, name: '市容环境', nameEn: 'City appearance and environment', kind: 'event',
      filing: null, closing: null, limit: null, responsible: null, active: true,
    });
    expect(list.find((i) => i.code === '0102')).toMatchObject({
      parentCode: '01', name: '暴露垃圾', kind: 'event', limit: { value: 4, unit: 'working_hours' }, responsible: 'sanitation',
      closing: { zh: '垃圾已清除，地面无残留', en: 'Cleared, nothing left on the ground' },
    });
    expect(list.find((i) => i.code === '1201')).toMatchObject({ kind: 'grid', limit: null, responsible: 'civil_affairs' });
  });

  it('follows an admin’s sort order and filters by kind and by active', async () => {
    const saved = await db.sql`select code, sort_order, active from incident_category where code in ('16', '0105', '1303')`;
    await db.sql`update incident_category set sort_order = -1 where code in ('16', '0105')`;
    await db.sql`update incident_category set active = false where code = '1303'`;
    try {
      const codes = (await items('/api/incident-categories')).map((i) => i.code);
      expect(codes.slice(0, 4)).toEqual(['16', '1601', '1602', '01']);
      expect(codes.slice(4, 6)).toEqual(['0105', '0101']);
      const grid = categoriesFile.classes.filter((c) => c.group === 'grid');
      expect((await items('/api/incident-categories?kind=grid')).map((i) => i.code)).toEqual(treeOrder([grid.at(-1)!, ...grid.slice(0, -1)]));
      expect((await items('/api/incident-categories?active=false')).map((i) => i.code)).toEqual(['1303']);
      expect((await items('/api/incident-categories?active=true')).map((i) => i.code)).not.toContain('1303');
    } finally {
      for (const r of saved) await db.sql`update incident_category set sort_order = ${r.sort_order}, active = ${r.active} where code = ${r.code}`;
    }
  });

  it('answers 400 naming a bad filter', async () => {
    for (const q of ['kind=events', 'active=yes', 'kind=', 'active=true&active=false']) {
      const res = await get(`/api/incident-categories?${q}`);
      expect(res.status, q).toBe(400);
      expect(await json(res), q).toMatchObject({ error: { code: 'invalid_request', message: expect.stringMatching(/kind|active/) } });
    }
  });

  it('answers 30 requests at once, all alike', async () => {
    const answers = await Promise.all(Array.from({ length: 30 }, () => get('/api/incident-categories')));
    expect(answers.map((r) => r.status)).toEqual(Array(30).fill(200));
    const bodies = new Set(await Promise.all(answers.map((r) => r.text())));
    expect(bodies.size).toBe(1);
  });
});

describe('GET /api/incident-categories/:code', () => {
  it('gives one class or minor class', async () => {
    const res = await get('/api/incident-categories/0501');
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ code: '0501', parentCode: '05' });
    expect(await json(await get('/api/incident-categories/05'))).toMatchObject({ code: '05', parentCode: null });
  });

  it('answers 400 for a malformed code and 404 for one that does not exist', async () => {
    for (const code of ['1', '123', '01011', 'ab', '%20']) {
      const res = await get(`/api/incident-categories/${code}`);
      expect(res.status, code).toBe(400);
      expect(await json(res)).toMatchObject({ error: { code: 'invalid_request', message: expect.stringContaining('code') } });
    }
    for (const code of ['99', '0199']) {
      const res = await get(`/api/incident-categories/${code}`);
      expect(res.status, code).toBe(404);
      expect(await json(res)).toMatchObject({ error: { code: 'category_not_found' } });
    }
  });
});
