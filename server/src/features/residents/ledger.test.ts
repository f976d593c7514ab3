import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { createSession } from '../../../test/factories.ts';
import { EXPORT_HEADER } from './residents-export.service.ts';

// The ledger for everyday use over the Haidian demo: totals, grid names, addresses in words
// (compound, building number, entrance, room), the tree's filter, the household picker's search,
// and the CSV and Excel exports in Chinese words.
let db: TestDatabase;
const as: Record<string, { cookie: string }> = {};
let leaderGrid: { code: string; name: string };
let communityId: number;
let otherCommunityId: number;

beforeAll(async () => {
  db = await createTestDatabase({ demo: true });
  for (const u of await db.sql`select id, username from app_user`) as[u.username] = await createSession(db.sql, Number(u.id));
  const [g] = await db.sql`select g.code, g.name from role_assignment r join app_user u on u.id = r.user_id
    join grid g on g.code = r.grid_codes[1] join grid_plan p on p.id = g.plan_id and p.status = 'published' where u.username = 'leader.furun1'`;
  leaderGrid = { code: g!.code, name: g!.name };
  communityId = Number((await db.sql`select id from jurisdiction where code = '110108010031'`)[0]!.id);
  otherCommunityId = Number((await db.sql`select id from jurisdiction where level = 'community' and code <> '110108010031' order by code limit 1`)[0]!.id);
});
afterAll(() => db.drop());

const get = (who: string, path: string) => createApp({ sql: db.sql }).request(path, { headers: { Cookie: as[who]!.cookie } });
const body = async <T>(res: Response) => (await res.json()) as T;
interface Row {
  id: number; name: string; gender: string | null; relation: string; gridCode: string; gridName: string; compound: string | null;
  household: { id: number; entrance: number; room: string }; building: { id: number; name: string | null; number: string | null };
}
interface Page { items: Row[]; more: boolean; total: number; totalExact: boolean }
interface Hit { id: number; entrance: number; room: string; compound: string | null; head: string | null; members: number; building: { id: number; name: string | null; number: string | null } }

/** Residents whose building's anchor lies in the leader's grid of the plan in force. */
const inLeaderGrid = () => db.sql`
  select r.id, r.name, h.id as household_id from resident r join household h on h.id = r.household_id join building b on b.id = h.building_id
  join grid g on g.code = ${leaderGrid.code} and ST_Intersects(g.geom, b.anchor) join grid_plan p on p.id = g.plan_id and p.status = 'published'`;

describe('totals, grid names and addresses', () => {
  it('counts exactly what the caller may see, with and without a search', async () => {
    const leader = await body<Page>(await get('leader.furun1', '/api/residents?limit=10'));
    expect(leader.total).toBe((await inLeaderGrid()).length);
    expect(leader.totalExact).toBe(true);
    expect(leader.items).toHaveLength(10);
    const [c] = await db.sql`select count(*)::int n from resident r join household h on h.id = r.household_id join building b on b.id = h.building_id
      join jurisdiction j on j.id = b.community_id where j.code = '110108010031'`;
    const manager = await body<Page>(await get('manager.furun', '/api/residents?limit=10'));
    expect(manager.total).toBe(c!.n);
    expect((await body<Page>(await get('admin', '/api/residents?limit=1'))).total).toBeGreaterThan(manager.total);
    const surname = leader.items[0]!.name.slice(0, 1);
    const searched = await body<Page>(await get('leader.furun1', `/api/residents?limit=200&q=${encodeURIComponent(surname)}`));
    expect(searched.total).toBe((await inLeaderGrid()).filter((r) => r.name.includes(surname)).length);
    expect(searched.total).toBe(searched.items.length);
  });

  it('names each resident\'s grid and gives the compound and building number of unnamed buildings', async () => {
    const page = await body<Page>(await get('leader.furun1', '/api/residents?limit=200'));
    expect(page.items.every((r) => r.gridCode === leaderGrid.code && r.gridName === leaderGrid.name)).toBe(true);
    expect(page.items.every((r) => r.building.name !== null || /^\d+$/.test(r.building.number ?? ''))).toBe(true);
    const withCompound = page.items.find((r) => r.compound !== null && r.building.name === null)!;
    const [b] = await db.sql`select c.name compound, b.number from building b join compound c on c.id = b.compound_id where b.id = ${withCompound.building.id}`;
    expect(withCompound).toMatchObject({ compound: b!.compound, building: { number: b!.number } });
  });

  it('numbers unnamed buildings once, without repeating a number in a compound or one that a name like 10号楼 holds', async () => {
    expect((await db.sql`select 1 from building where name is null and number is null`).length).toBe(0);
    const clashes = await db.sql`
      select compound_id, n, count(*) from (
        select compound_id, coalesce(number, substring(name from '^(\\d+)号楼$')) n from building where compound_id is not null) k
      where n is not null group by 1, 2 having count(*) > 1`;
    expect(clashes).toEqual([]);
    // a building added later continues its compound's numbering
    const [top] = await db.sql`select b.compound_id, max(b.number::int) n from building b where b.number is not null and b.compound_id is not null
      group by 1 order by 1 limit 1`;
    const [added] = await db.sql`insert into building (community_id, compound_id, region_code, kind, households, geom)
      select community_id, compound_id, region_code, 'residential', 0, geom from building where compound_id = ${top!.compound_id} limit 1 returning id`;
    const [fresh] = await db.sql`select number from building where id = ${added!.id}`;
    expect(fresh!.number).toBe(String(top!.n + 1));
    await db.sql`delete from building where id = ${added!.id}`;
  });
});

describe('the tree filtering the ledger', () => {
  it('keeps a chosen community, and a place outside the scope shows nothing', async () => {
    const all = await body<Page>(await get('manager.furun', '/api/residents?limit=1'));
    const community = await body<Page>(await get('manager.furun', `/api/residents?limit=1&jurisdiction=${communityId}`));
    expect(community.total).toBe(all.total);
    const street = Number((await db.sql`select parent_id from jurisdiction where id = ${communityId}`)[0]!.parent_id);
    expect((await body<Page>(await get('admin', `/api/residents?limit=1&jurisdiction=${street}`))).total)
      .toBeGreaterThan((await body<Page>(await get('admin', `/api/residents?limit=1&jurisdiction=${communityId}`))).total);
    const elsewhere = await body<Page>(await get('manager.furun', `/api/residents?limit=10&jurisdiction=${otherCommunityId}`));
    expect(elsewhere).toMatchObject({ items: [], total: 0 });
    const bad = await get('manager.furun', '/api/residents?jurisdiction=abc');
    expect(bad.status).toBe(400);
  });
});

describe('household picker search', () => {
  it('finds only the grid\'s households, at most 20 a page, by compound, building, entrance and room, heads masked', async () => {
    const mine = new Set((await inLeaderGrid()).map((r) => Number(r.household_id)));
    const first = await body<{ items: Hit[]; more: boolean }>(await get('leader.furun1', '/api/households'));
    expect(first.items).toHaveLength(20);
    expect(first.more).toBe(true);
    expect(first.items.every((h) => mine.has(h.id))).toBe(true);
    const target = first.items.find((h) => h.compound && h.building.number)!;
    const q = `${target.compound} ${target.building.number}号楼 ${target.entrance}单元 ${target.room}`;
    const found = await body<{ items: Hit[] }>(await get('leader.furun1', `/api/households?q=${encodeURIComponent(q)}`));
    expect(found.items.map((h) => h.id)).toContain(target.id);
    expect(found.items.every((h) => h.room.includes(target.room))).toBe(true);
    const [head] = await db.sql`select name from resident where household_id = ${target.id} and relation = 'head'`;
    const shown = [...found.items.find((h) => h.id === target.id)!.head!];
    const full = [...head!.name];
    expect(shown).toHaveLength(full.length);
    expect(shown[0]).toBe(full[0]);
    expect(shown.slice(1, full.length > 2 ? -1 : undefined).every((ch) => ch === '*')).toBe(true);
    // by the head's name, and never a household outside the grid
    const byName = await body<{ items: Hit[] }>(await get('leader.furun1', `/api/households?q=${encodeURIComponent(head!.name)}`));
    expect(byName.items.map((h) => h.id)).toContain(target.id);
    const [outside] = await db.sql`select h.id, c.name compound, h.room from household h join building b on b.id = h.building_id
      join compound c on c.id = b.compound_id join jurisdiction j on j.id = b.community_id where j.code <> '110108010031' limit 1`;
    const none = await body<{ items: Hit[] }>(await get('leader.furun1', `/api/households?q=${encodeURIComponent(`${outside!.compound} ${outside!.room}`)}`));
    expect(none.items).toEqual([]);
    expect((await get('leader.furun1', '/api/households?limit=21')).status).toBe(400);
    const [log] = await db.sql`select details from audit_log where action = 'households.search' order by id desc limit 1`;
    expect(log!.details).toMatchObject({ ids: [] });
  });
});

describe('exports in words', () => {
  it('writes an .xlsx with Chinese headers and values, masked, audited', async () => {
    const res = await get('leader.furun1', '/api/residents/export?format=xlsx');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    const sheet = book.getWorksheet('居民台账')!;
    const rows = sheet.getSheetValues().slice(1).map((r) => (r as unknown[]).slice(1).map((v) => (v ?? '') as string));
    expect(rows[0]).toEqual(EXPORT_HEADER);
    const data = rows.slice(1);
    const total = (await inLeaderGrid()).length;
    expect(data).toHaveLength(total);
    const col = (h: string) => EXPORT_HEADER.indexOf(h);
    expect(data.every((r) => r[col('网格名称')] === leaderGrid.name && r[col('网格编码')] === leaderGrid.code)).toBe(true);
    expect(new Set(data.map((r) => r[col('性别')]))).toEqual(new Set(['男', '女']));
    expect(data.some((r) => r[col('与户主关系')] === '户主')).toBe(true);
    expect(data.every((r) => r[col('楼栋')] !== '' && /单元 .+$/.test(r[col('住址')]!))).toBe(true);
    expect(data.every((r) => r[col('身份证号（脱敏）')] === '' || /^\d{4}\*{10}[\dX]{4}$/.test(r[col('身份证号（脱敏）')]!))).toBe(true);
    expect(data.some((r) => r[col('身份证号（脱敏）')] !== '')).toBe(true);
    const [log] = await db.sql`select details from audit_log where action = 'residents.export' order by id desc limit 1`;
    expect(log!.details).toMatchObject({ format: 'xlsx', count: total });
  });

  it('writes the CSV in the same words, with a BOM, and refuses an unknown format', async () => {
    const res = await get('leader.furun1', '/api/residents/export');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes); // drops the BOM
    expect(text.startsWith(`${EXPORT_HEADER.join(',')}\r\n`)).toBe(true);
    const lines = text.trim().split('\r\n').slice(1).map((l) => l.split(','));
    expect(new Set(lines.map((c) => c[EXPORT_HEADER.indexOf('性别')]))).toEqual(new Set(['男', '女']));
    expect(lines.every((c) => ['户主', '配偶', '子女', '父母', '孙辈', '其他'].includes(c[EXPORT_HEADER.indexOf('与户主关系')]!))).toBe(true);
    expect(lines.every((c) => c[EXPORT_HEADER.indexOf('楼栋')] !== '')).toBe(true);
    const bad = await get('leader.furun1', '/api/residents/export?format=xls');
    expect(bad.status).toBe(400);
  });

  it('answers 30 simultaneous exports and searches without a server error', async () => {
    const paths = Array.from({ length: 30 }, (_, i) =>
      ['/api/residents/export?format=xlsx', '/api/residents/export', `/api/households?q=${i % 9}`][i % 3]!);
    const answers = await Promise.all(paths.map(async (p) => {
      const res = await get('manager.furun', p);
      await res.arrayBuffer();
      return res.status;
    }));
    expect(answers).toEqual(Array(30).fill(200));
  });
});
