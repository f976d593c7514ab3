import { beforeAll, expect } from 'vitest';
import { createApp, type AppDeps } from '../src/app.ts';
import { asText, readXmlDoc, type Doc } from '../src/features/open311/open311-format.domain.ts';
import { json } from './api.ts';
import { useDemoApi } from './demo-api.ts';

/** A place to file at: a point, and the community it lies in. */
export interface Spot { lon: number; lat: number }

/** What an Open311 test file gets on its own demo database: an API key of the community's 信息员 and places to report at. */
export interface Open311Demo {
  demo: ReturnType<typeof useDemoApi>;
  /** officer.furun's key: incidents.report over 富润社区 */
  key: string;
  keyId: number;
  officerId: number;
  /** inside leader.furun1's grid of 富润社区 */
  inGrid: Spot;
  /** in another community, outside the key's scope */
  elsewhere: Spot;
}

/** Opens the demo, issues the key through the admin route and finds the places. */
export function useOpen311Demo(): Open311Demo {
  const demo = useDemoApi();
  const ctx = { demo } as Open311Demo;
  beforeAll(async () => {
    const { sql } = demo.db;
    const [officer] = await sql`select id from app_user where username = 'officer.furun'`;
    ctx.officerId = Number(officer!.id);
    const issued = await json<{ id: number; key: string }>(await demo.send('admin', 'POST', '/api/admin/api-keys', { userId: ctx.officerId, name: 'FixMyStreet' }));
    Object.assign(ctx, { key: issued.key, keyId: issued.id });
    const [g] = await sql`select ST_X(ST_PointOnSurface(g.geom)) as lon, ST_Y(ST_PointOnSurface(g.geom)) as lat
      from grid g join grid_plan p on p.id = g.plan_id join role_assignment r on g.code = r.grid_codes[1] join app_user u on u.id = r.user_id
      where u.username = 'leader.furun1' and p.status = 'published'`;
    ctx.inGrid = { lon: Number(g!.lon), lat: Number(g!.lat) };
    const [o] = await sql`select ST_X(ST_PointOnSurface(geom)) as lon, ST_Y(ST_PointOnSurface(geom)) as lat from jurisdiction
      where level = 'community' and code <> '110108010031' and geom is not null order by code limit 1`;
    ctx.elsewhere = { lon: Number(o!.lon), lat: Number(o!.lat) };
  });
  return ctx;
}

/** One request to the app of this database, as an anonymous Open311 client. */
export function open311Client(demo: ReturnType<typeof useDemoApi>, deps: Omit<AppDeps, 'sql'> = {}) {
  const app = () => createApp({ ...deps, sql: demo.db.sql });
  return {
    get: (path: string, headers: Record<string, string> = {}) => app().request(path, { headers }),
    /** form-encoded, as the spec (and FixMyStreet) send it */
    postForm: (format: 'json' | 'xml', fields: Record<string, string>) => app().request(`/open311/v2/requests.${format}`, {
      method: 'POST', body: new URLSearchParams(fields).toString(), headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    }),
    postJson: (format: 'json' | 'xml', body: unknown) => app().request(`/open311/v2/requests.${format}`, {
      method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' },
    }),
    /** any body, with the content type given (none: the one fetch gives it) */
    postRaw: (format: 'json' | 'xml', body: string | FormData, type?: string) => app().request(`/open311/v2/requests.${format}`, {
      method: 'POST', body, headers: type ? { 'Content-Type': type } : {},
    }),
  };
}

/** GETs a resource in both formats; the XML, read back, must say what the JSON says. Returns the JSON. */
export async function bothFormats(get: (path: string) => Response | Promise<Response>, path: string, root: string, status = 200): Promise<Doc> {
  const [j, x] = await Promise.all([get(path.replace('{fmt}', 'json')), get(path.replace('{fmt}', 'xml'))]);
  expect([j.status, x.status]).toEqual([status, status]);
  expect(j.headers.get('Content-Type')).toBe('application/json; charset=UTF-8');
  expect(x.headers.get('Content-Type')).toBe('text/xml; charset=UTF-8');
  const value = (await j.json()) as Doc;
  const xml = await x.text();
  expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
  expect(readXmlDoc(xml)).toEqual({ root, value: asText(value) });
  return value;
}
