import { testClient } from 'hono/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { createGrid, createPlan, createSession } from '../../../test/factories.ts';
import type { SearchItem } from './search.domain.ts';

// The one search box over the Haidian demo: grid codes, names, compounds, buildings, addresses,
// short Chinese queries, and what each kind of caller may find.
let db: TestDatabase;
const as: Record<string, string> = {};
let leaderGrid: string;
const FURUN = '110108010031';

beforeAll(async () => {
  db = await createTestDatabase({ demo: true });
  for (const u of await db.sql`select id, username from app_user`) as[u.username] = (await createSession(db.sql, Number(u.id))).cookie;
  const [g] = await db.sql`select grid_codes[1] as code from role_assignment r join app_user u on u.id = r.user_id where u.username = 'leader.furun1'`;
  leaderGrid = g!.code;
  // a draft of 富润 with a grid name nobody else has: drafts are not the plan in force
  const [c] = await db.sql`select id, region_code from jurisdiction where code = ${FURUN}`;
  const draft = await createPlan(db.sql, { jurisdictionId: Number(c!.id), regionCode: c!.region_code, status: 'draft' });
  const made = await createGrid(db.sql, { planId: draft, communityId: Number(c!.id), communityCode: FURUN, regionCode: c!.region_code,
    wkt: 'MULTIPOLYGON(((116.35 40,116.351 40,116.351 40.001,116.35 40.001,116.35 40)))', seqNo: 901 });
  await db.sql`update grid set name = '草案里的网格' where id = ${made.id}`;
});
afterAll(() => db.drop());

const app = () => createApp({ sql: db.sql, clock: () => new Date('2026-06-01T04:00:00Z'), config: { homeCounty: '110108', basemap: null } });
const search = (q: string | undefined, who?: string | null, limit?: string) =>
  testClient(app()).api.search.$get({ query: { q, limit } }, who ? { headers: { Cookie: as[who]! } } : undefined);
async function items(q: string, who: string | null = 'admin', limit?: string): Promise<SearchItem[]> {
  const res = await search(q, who, limit);
  expect(res.status).toBe(200);
  return (await res.json()).items as SearchItem[];
}
const kinds = (list: SearchItem[]) => new Set(list.map((i) => i.kind));

describe('GET /api/search finds places', () => {
  it('finds a grid by its full 15-digit code, framed by its box and placed in its community and street office', async () => {
    const [first, ...rest] = await items('110108010031002');
    expect(first).toMatchObject({ kind: 'grid', code: '110108010031002', name: '富润家园网格' });
    expect(first!.context).toContain('富润社区');
    expect(first!.context).toContain('学院路街道');
    const [x0, y0, x1, y1] = first!.bbox!;
    expect(x0).toBeLessThan(x1);
    expect(y0).toBeLessThan(y1);
    expect(rest).toEqual([]);
  });

  it('finds grids by a prefix of the code (the community first) and by their last digits', async () => {
    const byPrefix = await items(FURUN);
    expect(byPrefix[0]).toMatchObject({ kind: 'jurisdiction', code: FURUN, name: '富润社区' });
    expect(byPrefix.filter((i) => i.kind === 'grid').map((i) => i.code)).toEqual(
      expect.arrayContaining(['110108010031001', '110108010031002', '110108010031003']));
    const bySequence = (await items('002')).filter((i) => i.kind === 'grid');
    expect(bySequence.length).toBeGreaterThan(1);
    expect(bySequence.every((i) => i.code!.endsWith('002'))).toBe(true);
    // the sequence within a community: its name and the last digits, or the community's own digits and the sequence
    expect((await items('富润 002'))[0]).toMatchObject({ kind: 'grid', code: '110108010031002' });
    expect((await items('031002')).map((i) => i.code)).toEqual(['110108010031002']);
  });

  it('finds 富润 as a community, its grids and the compound, and 富润家园 exactly as the compound first', async () => {
    const furun = await items('富润');
    expect(furun).toEqual(expect.arrayContaining([
      expect.objectContaining({ kind: 'jurisdiction', name: '富润社区' }),
      expect.objectContaining({ kind: 'grid', name: '富润家园网格' }),
      expect.objectContaining({ kind: 'compound', name: '富润家园', context: expect.stringContaining('富润社区') }),
    ]));
    const exact = await items('富润家园');
    expect(exact[0]).toMatchObject({ kind: 'compound', name: '富润家园' });
    expect(exact.map((i) => i.name)).toContain('富润家园网格');
  });

  it('finds a building by its address with or without the space, and by its name within its compound', async () => {
    for (const q of ['学院路18号', '学院路 18号', '学院路１８号']) {
      const [hit] = await items(q);
      expect(hit, q).toMatchObject({ kind: 'address', name: '学院路 18号' });
      expect(hit!.context).toContain('10号楼');
      expect(hit!.context).toContain('石科院生活区');
    }
    const named = await items('石科院 10号楼');
    expect(named).toEqual([expect.objectContaining({ kind: 'building', name: '10号楼', context: expect.stringContaining('石科院生活区') })]);
  });

  it('answers one and two Chinese characters, from the start or the middle of a name', async () => {
    const one = await items('学');
    expect(one.map((i) => i.name)).toEqual(expect.arrayContaining(['学院路街道', '学清苑社区']));
    expect(one.length).toBeLessThanOrEqual(20);
    const two = await items('润家');
    expect(two).toEqual(expect.arrayContaining([
      expect.objectContaining({ kind: 'compound', name: '富润家园' }), expect.objectContaining({ kind: 'grid', name: '富润家园网格' })]));
    expect(await items('鑫')).toEqual([]);
  });

  it('finds buildings by how a one- or two-character query starts them, not by a character every building has', async () => {
    expect(kinds(await items('楼', 'admin', '50')).has('building')).toBe(false);
    expect((await items('学', 'admin', '50')).filter((i) => i.kind === 'building').map((i) => i.name))
      .toEqual(expect.arrayContaining(['学院8号', '学生公寓3号楼']));
    expect((await items('号楼', 'admin', '50')).filter((i) => i.kind === 'building')).toEqual([]);
    expect((await items('10号楼')).map((i) => i.name)).toEqual(['10号楼']);
  });

  it('keeps each kind in sight when one kind has many hits, and never answers more than the limit', async () => {
    // '学' finds many grids, some places, buildings, a compound and an address
    const list = await items('学', 'admin', '5');
    expect(list.length).toBe(5);
    expect(kinds(list)).toEqual(new Set(['jurisdiction', 'grid', 'compound', 'building', 'address']));
  });

  it('finds only grids of the plan in force, never a draft', async () => {
    expect(await items('草案里的网格')).toEqual([]);
  });

  it('searches no personal data: a resident name or phone finds no one', async () => {
    const [r] = await db.sql`select name, phone from resident where phone is not null order by id limit 1`;
    const byName = await items(r!.name);
    expect(byName.every((i) => ['jurisdiction', 'grid', 'compound', 'building', 'address'].includes(i.kind) && i.name !== r!.name)).toBe(true);
    expect(await items(r!.phone)).toEqual([]);
  });
});

describe('GET /api/search is scoped', () => {
  it('shows a grid leader only their grid and the places above it', async () => {
    const grids = (await items('网格', 'leader.furun1', '50')).filter((i) => i.kind === 'grid');
    expect(grids.map((i) => i.code)).toEqual([leaderGrid]);
    const [own] = await db.sql`select x.name from compound x join building b on b.compound_id = x.id join grid g on g.code = ${leaderGrid}
      and ST_Intersects(g.geom, b.anchor) limit 1`;
    expect(await items(own!.name, 'leader.furun1')).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'compound', name: own!.name })]));
    expect((await items('学院路', 'leader.furun1')).map((i) => i.name)).toEqual(['学院路街道']);
    expect(await items('石科院', 'leader.furun1')).toEqual([]);
    expect(await items('10号楼', 'leader.furun1')).toEqual([]);
  });

  it('shows a community manager their community: its grids and compound, not another community or its addresses', async () => {
    const grids = (await items('网格', 'manager.furun', '50')).filter((i) => i.kind === 'grid');
    expect(grids.length).toBe(3);
    expect(grids.every((i) => i.code!.startsWith(FURUN))).toBe(true);
    expect(kinds(await items('富润家园', 'manager.furun'))).toEqual(new Set(['compound', 'grid']));
    expect(await items('石科院', 'manager.furun')).toEqual([]);
    expect(await items('学院路18号', 'manager.furun')).toEqual([]);
  });

  it('gives anonymous callers what the public map names: jurisdictions and grids, no compounds, buildings or addresses', async () => {
    expect(kinds(await items('富润', null))).toEqual(new Set(['jurisdiction', 'grid']));
    expect(await items('学院路18号', null)).toEqual([]);
    expect(await items('10号楼', null)).toEqual([]);
  });
});

describe('GET /api/search refuses bad input', () => {
  it.each([
    ['no q', undefined, 'search_query_empty'],
    ['an empty q', '', 'search_query_empty'],
    ['only spaces and tabs', ' \t　 ', 'search_query_empty'],
    ['over 64 characters', '网'.repeat(65), 'search_query_too_long'],
  ])('answers %s with 400 and a clear code', async (_, q, code) => {
    const res = await search(q);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code } });
  });

  it.each(['0', '51', '2.5', 'ten'])('refuses limit=%s', async (limit) => {
    const res = await search('富润', 'admin', limit);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'invalid_request' } });
  });

  it('takes LIKE wildcards as text', async () => {
    expect(await items('%')).toEqual([]);
    expect(await items('_')).toEqual([]);
  });
});
