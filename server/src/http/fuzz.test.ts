import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createRandom, type Random } from '../../../data/seed/random.ts';
import { createApp } from '../app.ts';
import { json, signedInSender } from '../../test/api.ts';
import { createTestDatabase, type TestDatabase } from '../../test/db.ts';
import { createSession } from '../../test/factories.ts';
import {
  BAD_TEXT, badGeometries, bodyWith, controlString, CORE_JSON, fieldPaths, MORE_JSON, pick, urlText, type Path,
} from '../../test/fuzz.ts';
import { hashPassword } from '../features/auth/auth.service.ts';
import { readErrors } from '../features/open311/open311-format.domain.ts';
import { ROUTE_PERMISSIONS } from './route-permissions.ts';

// Every declared route, as the demo admin, with malformed values in its path params, query string
// and body: nothing may answer 5xx or echo a raw database message, and a 4xx must leave the main
// tables as they were. A fixed catalogue (server/test/fuzz.ts) crossed with every place of every
// route, and a seeded pick where the cross would be too large, so every run sends the same requests.
const SEED = 20_260_308;
const COMMUNITY = '110108010031';
const RAW_DB_MESSAGE = /invalid input syntax|invalid byte sequence|lwgeom|GEOS|geometry contains non-closed|violates .* constraint|out of range for type|PostgresError|LinearRing|Z dimension|mixed SRID/i;

let db: TestDatabase;
let admin: { cookie: string; csrfToken: string };
let freshHash: string;
let freshUsers = 0;
type Plan = 'edit' | 'workflow' | 'import' | 'auto';
interface Ctx {
  /** a follow link of a resident's report (GET/POST /api/public/track/:token) */
  token: string;
  point: [number, number]; communityId: number; residentId: number; householdId: number; buildingId: number; viewerId: number;
  /** the demo grid leader, whose suggested patrol route the admin asks for */
  leaderId: number;
  /** a photo row of the incident (its file is not on disk: the fuzz only needs 4xx, never 5xx) */
  photoId: number;
  apiKeyId: number; gridId: number; publishedId: number; plans: Record<Plan, number>; codes: [string, string]; opId: number;
  proposalId: number; tile: [number, number, number]; version: number; incidentId: number; notificationId: number;
  /** the admin's own patrol of the web app, and a phone bound to a worker (a Traccar Client) */
  patrolId: number; deviceId: number;
  /** a demo department of the admin's district */
  departmentId: number;
}
let ctx: Ctx;

const one = async (q: Promise<postgres.RowList<postgres.Row[]>>) => Number((await q)[0]!.id);

beforeAll(async () => {
  db = await createTestDatabase({ demo: true });
  const { sql } = db;
  const send = await signedInSender(sql);
  admin = await createSession(sql, await one(sql`select id from app_user where username = 'admin'`));
  freshHash = await hashPassword('Fuzz!2026-password');
  const communityId = await one(sql`select id from jurisdiction where code = ${COMMUNITY}`);
  const [p] = await sql`select ST_X(pt) x, ST_Y(pt) y from (select ST_PointOnSurface(geom) pt from jurisdiction where id = ${communityId}) s`;
  const point: [number, number] = [Number(p!.x), Number(p!.y)];
  const draft = async () => (await json<{ id: number }>(await send('admin', 'POST', '/api/plans', { jurisdictionId: communityId }))).id;
  const plans = { edit: await draft(), workflow: await draft(), import: await draft(), auto: await draft() };
  const codes = (await sql`select code from grid where plan_id = ${plans.edit} and code like ${`${COMMUNITY}%`} order by code limit 2`).map((r) => String(r.code));
  const patched = await json<{ operationId: number }>(await send('admin', 'PATCH', `/api/plans/${plans.edit}/grids/${codes[0]}`, { version: 1, name: '模糊测试' }));
  const auto = await json<{ proposalId: number }>(await send('admin', 'POST', `/api/plans/${plans.auto}/auto`, { jurisdictionId: communityId, alternatives: 1 }));
  const viewerId = await one(sql`select id from app_user where username = 'viewer'`);
  const incident = await json<{ id: number }>(await send('admin', 'POST', '/api/incidents', { categoryCode: '0102', lon: point[0], lat: point[1], description: '模糊测试' }));
  const followed = await json<{ token: string }>(await createApp({ sql }).request('/api/public/reports', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ categoryCode: '0102', lon: point[0], lat: point[1], description: '模糊测试' }),
  }));
  const key = await json<{ id: number }>(await send('admin', 'POST', '/api/admin/api-keys', { userId: viewerId, name: 'fuzz' }));
  const n = 2 ** 14;
  const tile: [number, number, number] = [14, Math.floor(((point[0] + 180) / 360) * n),
    Math.floor(((1 - Math.asinh(Math.tan((point[1] * Math.PI) / 180)) / Math.PI) / 2) * n)];
  ctx = {
    point, communityId, plans, codes: codes as [string, string], opId: patched.operationId, proposalId: auto.proposalId, tile, viewerId,
    apiKeyId: key.id, version: 1, incidentId: incident.id,
    notificationId: await one(sql`insert into notification (user_id, incident_id, kind) select id, ${incident.id}, 'verify' from app_user where username = 'admin' returning id`),
    residentId: await one(sql`select r.id from resident r join household h on h.id = r.household_id order by r.id limit 1`),
    photoId: await one(sql`insert into incident_photo (incident_id, region_code, file, mime) select id, region_code, ${`000/${incident.id}/${'f'.repeat(32)}.jpg`}, 'image/jpeg'
      from incident where id = ${incident.id} returning id`),
    householdId: await one(sql`select id from household order by id limit 1`),
    buildingId: await one(sql`select id from building where households > 0 order by id limit 1`),
    gridId: await one(sql`select g.id from grid g join grid_plan p on p.id = g.plan_id where p.status = 'published' and g.code like ${`${COMMUNITY}%`} limit 1`),
    publishedId: await one(sql`select id from grid_plan where status = 'published' limit 1`),
    token: followed.token,
    departmentId: await one(sql`select id from department order by id limit 1`),
    leaderId: await one(sql`select id from app_user where username = 'leader.furun1'`),
    ...(await patrolIds()),
  };
}, 300_000);
afterAll(() => db.drop());

/** The admin's open web-app patrol and a Traccar Client bound to the admin (identifier fuzz-phone), made through the API. */
async function patrolIds() {
  const admin = await sessionFor('admin');
  const headers = { Cookie: admin.cookie, 'X-CSRF-Token': admin.csrfToken, 'Content-Type': 'application/json' };
  const app = createApp({ sql: db.sql });
  const patrol = await json<{ patrol: { id: number } }>(await app.request('/api/patrols', { method: 'POST', headers, body: '{}' }));
  const [u] = await db.sql`select id from app_user where username = 'admin'`;
  const device = await json<{ id: number }>(await app.request('/api/devices', { method: 'POST', headers, body: JSON.stringify({ userId: Number(u!.id), protocol: 'osmand', identifier: 'fuzz-phone' }) }));
  return { patrolId: patrol.patrol.id, deviceId: device.id };
}

const square = ([x, y]: [number, number], d = 0.002) => ({ type: 'Polygon', coordinates: [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]] });
const fc = (properties: Record<string, unknown>) => ({ type: 'FeatureCollection', features: [{ type: 'Feature', id: 'f-1', properties, geometry: square(ctx.point, 0.0003) }] });
const UPLOAD_FIELDS = (props: string[]): Path[] => [['type'], ['features'], ['features', 0], ['features', 0, 'type'], ['features', 0, 'id'],
  ['features', 0, 'properties'], ['features', 0, 'geometry'], ['features', 0, 'geometry', 'coordinates'], ['features', 0, 'geometry', 'crs'], ['crs'],
  ...props.map((k) => ['features', 0, 'properties', k])];

/** How to call a route well; the fuzz breaks one place of it at a time. */
interface Spec {
  query?: (c: Ctx) => Record<string, string>;
  body?: (c: Ctx) => unknown;
  /** the body is a file (GeoJSON), and these are the places to break */
  upload?: Path[];
  /** the body is a file sent as multipart/form-data in the field `photo` (each broken body becomes the file) */
  multipart?: boolean;
}
let login = 0;
const band = { min: 100, max: 400 };
const SPECS: Record<string, Spec> = {
  'POST /api/auth/login': { body: () => ({ username: `fuzz-${++login}`, password: 'not-the-password' }) },
  'POST /api/auth/password': { body: () => ({ currentPassword: 'not-the-password', newPassword: 'Another!2026-password' }) },
  'GET /api/residents': { query: (c) => ({ q: '张', grid: c.codes[0], jurisdiction: String(c.communityId), limit: '10', offset: '0' }) },
  'GET /api/residents/export': { query: (c) => ({ q: '张', grid: c.codes[0], jurisdiction: String(c.communityId), format: 'xlsx' }) },
  'GET /api/households': { query: () => ({ q: '2单元 1', limit: '20', offset: '0' }) },
  'POST /api/residents': { body: (c) => ({ householdId: c.householdId, name: '测试', phone: '13800138000', gender: 'F', birthDate: '1990-01-01', relation: 'other', specialGroups: [] }) },
  'PATCH /api/residents/:id': { body: () => ({ version: 1, name: '测试', phone: '13800138000', gender: 'F', birthDate: '1990-01-01', specialGroups: [] }) },
  'POST /api/residents/:id/reveal': { body: () => ({ fields: ['phone'], reason: 'fuzz test' }) },
  'POST /api/households': { body: (c) => ({ buildingId: c.buildingId, entrance: 1, room: '101', housing: 'owned' }) },
  'PATCH /api/households/:id': { body: (c) => ({ version: 1, buildingId: c.buildingId, entrance: 1, room: '102', housing: 'rented' }) },
  'GET /api/admin/users': { query: () => ({ q: 'a', limit: '10', offset: '0' }) },
  'POST /api/admin/users': { body: (c) => ({ username: 'fuzz.user', displayName: '模糊', phone: '13800138000', password: 'Fuzzed!2026-password', grants: [{ role: 'viewer', jurisdictionId: c.communityId }] }) },
  'PATCH /api/admin/users/:id': { body: () => ({ displayName: '模糊', phone: '13800138000', active: true }) },
  'PUT /api/admin/users/:id/grants': { body: (c) => [{ role: 'viewer', jurisdictionId: c.communityId }] },
  'POST /api/admin/api-keys': { body: (c) => ({ userId: c.viewerId, name: 'fuzz' }) },
  'GET /api/audit': { query: () => ({ user: 'admin', action: 'admin.*', entity: 'user', entityId: '1', from: '2020-01-01', to: '2030-01-01', limit: '10', offset: '0' }) },
  'GET /api/plans': { query: (c) => ({ jurisdictionId: String(c.communityId), status: 'draft' }) },
  'POST /api/plans': { body: (c) => ({ jurisdictionId: c.communityId, name: '模糊方案', description: 'fuzz' }) },
  'POST /api/plans/:id/comments': { body: (c) => ({ body: '意见', gridCode: c.codes[0] }) },
  'POST /api/plans/:id/grids': { body: (c) => ({ version: c.version, geom: square(c.point), name: '新网格' }) },
  'PUT /api/plans/:id/grids/:code/geometry': { body: (c) => ({ version: c.version, geom: square(c.point) }) },
  'POST /api/plans/:id/grids/:code/split': { body: (c) => ({ version: c.version, line: { type: 'LineString', coordinates: [[c.point[0] - 0.01, c.point[1]], [c.point[0] + 0.01, c.point[1]]] } }) },
  'PATCH /api/plans/:id/grids/:code': { body: (c) => ({ version: c.version, name: '改名', locked: false, justification: 'fuzz' }) },
  'DELETE /api/plans/:id/grids/:code': { body: (c) => ({ version: c.version }) },
  'POST /api/plans/:id/merge': { body: (c) => ({ version: c.version, codes: c.codes, name: '合并' }) },
  'POST /api/plans/:id/reassign': { body: (c) => ({ version: c.version, toCode: c.codes[0], within: square(c.point), restrict: { unassignedOnly: true } }) },
  'POST /api/plans/:id/auto': { body: (c) => ({ jurisdictionId: c.communityId, band, alternatives: 1, weights: { households: 1 }, seed: 1 }) },
  'POST /api/plans/:id/rebalance': { body: (c) => ({ gridCodes: c.codes, alternatives: 1, weights: { households: 1 } }) },
  'POST /api/plans/:id/replan': { body: (c) => ({ jurisdictionId: c.communityId, band, weights: { households: 1 } }) },
  'POST /api/plans/:id/proposals/:proposalId/accept': { body: (c) => ({ alternative: 0, version: c.version }) },
  'POST /api/plans/:id/operations/:opId/revert': { body: (c) => ({ version: c.version }) },
  'POST /api/plans/:id/submit': { body: (c) => ({ version: c.version, note: 'fuzz' }) },
  'POST /api/plans/:id/approve': { body: (c) => ({ version: c.version, comment: 'fuzz' }) },
  'POST /api/plans/:id/reject': { body: (c) => ({ version: c.version, comment: 'please fix' }) },
  'POST /api/plans/:id/publish': { body: (c) => ({ version: c.version, validFrom: '2030-01-01' }) },
  'GET /api/plans/:id/diff': { query: (c) => ({ against: String(c.publishedId) }) },
  'GET /api/plans/:id/export': { query: () => ({ format: 'geojson' }) },
  'POST /api/plans/:id/import': { query: (c) => ({ format: 'geojson', version: String(c.version) }), body: () => fc({ name: '导入', justification: 'fuzz' }), upload: UPLOAD_FIELDS(['name', 'justification']) },
  'POST /api/imports/:kind': {
    query: () => ({ jurisdiction: COMMUNITY, mode: 'add', crs: 'wgs84', dryRun: 'true' }),
    body: () => fc({ households: 10, id: 'fuzz-1', name: '楼', address: '路', floors: 6, kind: 'residential', compound: '小区' }),
    upload: UPLOAD_FIELDS(['households', 'id', 'name', 'address', 'floors', 'kind', 'compound']),
  },
  'GET /api/grids/at': { query: (c) => ({ lon: String(c.point[0]), lat: String(c.point[1]) }) },
  'GET /api/search': { query: (c) => ({ q: `富润 ${c.codes[0].slice(-3)}`, limit: '10' }) },
  'GET /api/incident-categories': { query: () => ({ kind: 'event', active: 'true' }) },
  // a category's code is the only thing to break: the path param gets the fuzz's catalogue
  'GET /api/incident-categories/:code': {},
  // incidents' reference data: a code that exists (409 category_exists) and a version nobody has (409), so well-formed calls change nothing
  'POST /api/admin/incident-categories': { body: () => ({ code: '0102', nameZh: '模糊', nameEn: 'fuzz', filing: { zh: '立案', en: 'file' }, closing: { zh: '结案', en: 'close' }, limit: { value: 1, unit: 'working_days' }, responsible: 'sanitation', active: true, sortOrder: 1 }) },
  'PATCH /api/admin/incident-categories/:code': { body: () => ({ version: 999_999, nameZh: '模糊', nameEn: 'fuzz', filing: { zh: '立案', en: 'file' }, closing: { zh: '结案' }, limit: { value: 2, unit: 'working_hours' }, responsible: 'water', active: true, sortOrder: 2 }) },
  'GET /api/admin/departments': { query: (c) => ({ jurisdiction: String(c.communityId) }) },
  // a community is no place for a department: the well-formed call is a 400 that changes nothing
  'POST /api/admin/departments': { body: (c) => ({ jurisdictionId: c.communityId, name: '模糊', kind: 'water', phone: '010-0000 0000', active: true }) },
  'PATCH /api/admin/departments/:id': { body: () => ({ name: '模糊', kind: 'water', phone: '010-0000 0000', active: true }) },
  'PUT /api/admin/departments/:id/members': { body: (c) => [c.viewerId] },
  'GET /api/admin/work-calendar': { query: () => ({ year: '2026' }) },
  'PUT /api/admin/work-calendar/days/:date': { body: () => ({ kind: 'holiday', nameZh: '模糊', nameEn: 'fuzz' }) },
  // the list, the removals and a year's declaration have only their path to break
  'GET /api/admin/incident-categories': {},
  'DELETE /api/admin/work-calendar/days/:date': {},
  'PUT /api/admin/work-calendar/years/:year': {},
  'DELETE /api/admin/work-calendar/years/:year': {},
  'PUT /api/jurisdictions/:id/working-hours': { body: () => ({ hours: ['08:30-12:00', '13:30-17:30'] }) },
  'POST /api/incidents': { body: (c) => ({ categoryCode: '0102', lon: c.point[0], lat: c.point[1], crs: 'wgs84', description: '模糊', source: 'patrol', address: '路', reporterName: '张三', reporterPhone: '13800138000', anonymous: false }) },
  'GET /api/incidents': { query: (c) => ({ status: 'reported,accepted', category: '01', grid: c.codes[0], jurisdiction: COMMUNITY, source: 'patrol', from: '2020-01-01', to: '2030-01-01', overdue: 'false', mine: 'false', q: '垃圾', sort: 'due_asc', limit: '10', offset: '0' }) },
  'GET /api/incidents/stats': { query: () => ({ jurisdiction: COMMUNITY, from: '2026-01-01', to: '2026-02-01', level: 'grid' }) },
  // patrol coverage of the demo community: a past day, the gaps of a week and their export (reads; the computation writes only figures)
  'GET /api/coverage': { query: () => ({ jurisdiction: COMMUNITY, date: '2026-01-05' }) },
  'GET /api/coverage/gaps': { query: () => ({ jurisdiction: COMMUNITY, days: '7' }) },
  'GET /api/coverage/gaps/export': { query: () => ({ jurisdiction: COMMUNITY, days: '7' }) },
  'GET /api/incidents/export': { query: (c) => ({ status: 'reported', category: '01', grid: c.codes[0], jurisdiction: COMMUNITY, source: 'patrol', from: '2020-01-01', to: '2030-01-01', overdue: 'false', mine: 'false', q: '垃圾', sort: 'due_asc', format: 'csv' }) },
  'GET /api/incidents/duplicates': { query: (c) => ({ categoryCode: '0102', lon: String(c.point[0]), lat: String(c.point[1]), crs: 'gcj02' }) },
  // photos: the upload's body is a multipart file (every broken body is sent as the photo: none is an image); the reads have only their ids to break
  'POST /api/incidents/:id/photos': { multipart: true },
  'GET /api/incidents/:id/photos/:photoId': {},
  'GET /api/incidents/:id/photos/:photoId/thumb': {},
  // a version the incident never has: a well-formed call changes nothing either (409), so every broken one must not
  'POST /api/incidents/:id/merge': { body: () => ({ into: 1, version: 999_999, note: '重复' }) },
  'POST /api/incidents/:id/transitions': { body: () => ({ action: 'escalate', version: 999_999, note: '上报', attachments: [], assignee: { kind: 'department', unitId: '1' }, extra: { amount: 1, unit: 'working_days' }, until: '2030-01-01', rating: 5 }) },
  // the public pages: the follow link's case is open, so a well-formed rating is a 409 that changes nothing
  'GET /api/public/incidents': { query: () => ({ from: '2020-01-01', to: '2030-01-01', category: '01', jurisdiction: COMMUNITY, limit: '10', offset: '0' }) },
  'GET /api/public/track/:token': {},
  'POST /api/public/track/:token/rating': { body: () => ({ rating: 5, comment: '满意' }) },
  'POST /api/public/reports': { body: (c) => ({ categoryCode: '0102', lon: c.point[0], lat: c.point[1], crs: 'wgs84', description: '模糊', name: '张三', phone: '13800138000' }) },
  'GET /api/public/my-grid': { query: (c) => ({ lon: String(c.point[0]), lat: String(c.point[1]), crs: 'wgs84' }) },
  // a worker of the admin's county: a well-formed call answers their route (reads only)
  'GET /api/patrols/route': { query: (c) => ({ date: '2026-12-07', user: String(c.leaderId) }) },
  'GET /api/notifications': { query: () => ({ unread: 'true', limit: '20', offset: '0' }) },
  // patrols: a fix an hour before the patrol began (refused, outside_patrol: nothing stored); an import for a worker nobody has (404)
  'POST /api/patrols/:id/fixes': { body: (c) => ({ fixes: [{ at: '2020-01-01T00:00:00Z', lon: c.point[0], lat: c.point[1], accuracy: 5, speed: 1, heading: 90, altitude: 50 }], crs: 'wgs84' }) },
  'POST /api/patrols/:id/stop': { body: () => ({ at: '2099-01-01T00:00:00Z' }) },
  'POST /api/patrols/import': { query: () => ({ userId: '999999999' }) },
  'GET /api/patrols': { query: () => ({ user: '1', from: '2026-01-01', to: '2026-02-01', grid: '110108010031001' }) },
  'GET /api/patrols/positions': { query: () => ({ minutes: '60' }) },
  // the stream takes no parameters: every call the fuzz makes has one too many (400), so none stays open
  'GET /api/patrols/live': {},
  'GET /api/patrols/:id/track': {},
  // an identifier already bound (409): a well-formed call changes nothing either
  'POST /api/devices': { body: (c) => ({ userId: c.viewerId, protocol: 'osmand', identifier: 'fuzz-phone', label: '模糊' }) },
  // the phones' own protocols: a device nobody bound (400/404/401), answered in each protocol's own shape
  'GET /gps/osmand': { query: () => ({ id: 'nobody-phone', timestamp: '1700000000', lat: '39.98', lon: '116.35', speed: '1.0', accuracy: '5' }) },
  'POST /gps/osmand': { body: () => ({ device_id: 'nobody-phone', location: { timestamp: '2026-01-01T00:00:00Z', coords: { latitude: 39.98, longitude: 116.35, accuracy: 5, speed: 1 } } }) },
  'POST /gps/owntracks': { body: () => ({ _type: 'location', lat: 39.98, lon: 116.35, tst: 1700000000, acc: 5, tid: 'ab' }) },
  // the stream takes no parameters: every call the fuzz makes has one too many (400), so none stays open
  'GET /api/notifications/stream': {},
  'POST /api/notifications/read-all': {},
  // the id is the only thing to break (a notification of the admin's, made above)
  'POST /api/notifications/:id/read': {},
  'POST /api/jurisdictions': { body: () => ({ code: '310115', name: '浦东新区', level: 'county', householdMin: 200, householdMax: 500 }) },
  'GET /api/jurisdictions/divisions': { query: () => ({ q: '浦东', parentCode: '310115', level: 'town', limit: '10' }) },
  // a place's totals: only its id, which every route's path params get fuzzed with; nothing else to break
  'GET /api/jurisdictions/:id/summary': {},
  'DELETE /api/plans/:id': { body: () => ({ version: 2_000_000_000 }) },
  // the path's id is a community: every well-formed call ends in 400 not_a_town_or_county before any planning
  'POST /api/jurisdictions/:id/districts': { body: () => ({ band, districts: 2, alternatives: 1, seed: 1 }) },
  'GET /tiles/:layer/:z/:x/:y': { query: () => ({ v: '1' }) },
  'GET /tiles/incidents/:z/:x/:y': { query: () => ({ from: '2026-01-01', to: '2026-02-01', category: '01', status: 'reported,closed' }) },
  // Open311: errors in the spec's shape (read by readErrors below); a well-formed POST carries a key that exists nowhere (403, nothing written)
  ...Object.fromEntries((['json', 'xml'] as const).flatMap((f): [string, Spec][] => [
    [`GET /open311/v2/discovery.${f}`, { query: () => ({ jurisdiction_id: '110108' }) }],
    [`GET /open311/v2/services.${f}`, { query: () => ({ jurisdiction_id: '110108' }) }],
    [`GET /open311/v2/requests.${f}`, { query: () => ({ service_request_id: '1,2', service_code: '0102,0501', start_date: '2026-11-01T00:00:00+08:00', end_date: '2026-12-01', status: 'open,closed', jurisdiction_id: '110108' }) }],
    [`POST /open311/v2/requests.${f}`, { body: (c) => ({ api_key: `wgk_fuzzfuzz_${'f'.repeat(32)}`, service_code: '0102', lat: c.point[1], long: c.point[0], description: '模糊', first_name: '磊', last_name: '王', phone: '13800138000', email: 'a@example.com', address_string: '路', attribute: { a: '1' } }) }],
  ])),
  'GET /open311/v2/services/:code': {},
  'GET /open311/v2/requests/:id': {},
  'GET /open311/v2/tokens/:token': {},
};

const planOf = (path: string): Plan =>
  /\/(submit|approve|reject|publish)$/.test(path) ? 'workflow' : /\/import$/.test(path) ? 'import' : /\/(auto|rebalance|replan|proposals\/)/.test(path) ? 'auto' : 'edit';

/** The real value of a path param of `path`. */
function param(path: string, name: string, c: Ctx): string {
  // Open311's path params carry their format: {id}.json, {code}.json, {token}.json
  if (path.startsWith('/open311/')) return `${({ id: String(c.incidentId), code: '0102' } as Record<string, string>)[name] ?? 'A'.repeat(24)}.json`;
  if (name === 'id') {
    if (path.startsWith('/api/plans')) return String(c.plans[planOf(path)]);
    const byPrefix: [string, number][] = [['/api/residents', c.residentId], ['/api/households', c.householdId], ['/api/admin/users', c.viewerId],
      ['/api/admin/api-keys', c.apiKeyId], ['/api/jurisdictions', c.communityId], ['/api/grids', c.gridId], ['/api/incidents', c.incidentId],
      ['/api/notifications', c.notificationId], ['/api/admin/departments', c.departmentId], ['/api/patrols', c.patrolId], ['/api/devices', c.deviceId]];
    return String(byPrefix.find(([p]) => path.startsWith(p))![1]);
  }
  if (name === 'token') return c.token;
  if (path.startsWith('/api/admin/incident-categories')) return '0102';
  const [z, x, y] = c.tile;
  const fixed: Record<string, string> = { code: c.codes[1], opId: String(c.opId), proposalId: String(c.proposalId), kind: 'buildings',
    layer: 'grids', z: String(z), x: String(x), y: `${y}.mvt`, photoId: String(c.photoId), date: '2031-03-03', year: '2031' };
  return fixed[name]!;
}

/** One request of the fuzz: where the bad value went, and what to send. */
interface Case { where: string; params?: Record<string, string>; query?: Record<string, string> | string; body?: string }

/** Every malformed request for one route (path params, query parameters, body places), made as it is sent: bodies carry the current plan version. */
function* cases(method: string, path: string, spec: Spec, rnd: Random): Generator<Case> {
  for (const name of path.match(/:[A-Za-z]+/g) ?? []) {
    for (const v of [...BAD_TEXT, controlString(rnd, 8)]) yield { where: `param ${name}=${show(v)}`, params: { [name.slice(1)]: v } };
  }
  for (const k of [...Object.keys(spec.query?.(ctx) ?? {}), 'fuzz']) {
    const values = k === 'fuzz' ? ['\u0000', '\ud800', 'x'.repeat(100_000)] : BAD_TEXT;
    for (const v of [...values, controlString(rnd, 8)]) yield { where: `query ${k}=${show(v)}`, query: { [k]: v } };
    yield { where: `query ${k} twice`, query: `${k}=1&${k}=2` };
  }
  if (method === 'GET') return;
  for (const v of ['', '{', '\u0000', '"\\u0000"', '{"a":"\\u0000"}', ...CORE_JSON, ...pick(rnd, MORE_JSON, 4)]) yield { where: `body=${show(v)}`, body: v };
  if (!spec.body) return;
  const geometries = badGeometries(ctx.point);
  for (const at of spec.upload ?? fieldPaths(spec.body(ctx))) {
    const geometric = /^(geom|within|line|geometry|coordinates)$/.test(String(at[at.length - 1]));
    const values = [...CORE_JSON, ...pick(rnd, MORE_JSON, 6), JSON.stringify(controlString(rnd, 12)), ...(geometric ? geometries : pick(rnd, geometries, 2))];
    for (const v of values) yield { where: `body.${at.join('.')}=${show(v)}`, body: bodyWith(spec.body(ctx), at, v) };
  }
}
const show = (v: string) => JSON.stringify(v.length > 40 ? `${v.slice(0, 20)}…(${v.length})` : v);

/** Row counts of the main tables, to compare around a request that was refused. */
async function counts(): Promise<string> {
  const [r] = await db.sql`select (select count(*) from app_user) app_user, (select count(*) from resident) resident,
    (select count(*) from household) household, (select count(*) from building) building, (select count(*) from grid) grid,
    (select count(*) from grid_plan) grid_plan, (select count(*) from plan_operation) plan_operation,
    (select count(*) from role_assignment) role_assignment, (select count(*) from api_key) api_key,
    (select count(*) from jurisdiction) jurisdiction, (select count(*) from road) road,
    (select count(*) from incident) incident, (select count(*) from incident_event) incident_event, (select max(version) from incident) incident_version,
    (select count(*) from incident_photo) incident_photo,
    (select count(*) || ':' || sum(version) from incident_category) incident_category,
    (select md5(string_agg(concat_ws('|', name, kind, phone, active), ',' order by id)) from department) department,
    (select md5(string_agg(concat_ws('|', department_id, user_id), ',' order by department_id, user_id)) from department_member) department_member,
    (select md5(string_agg(concat_ws('|', day, kind, name_zh, source), ',' order by day)) from work_calendar_day where source = 'admin') calendar_day,
    (select count(*) from work_calendar_year) calendar_year,
    (select count(*) from gps_fix) gps_fix, (select count(*) || ':' || count(ended_at) from patrol) patrol,
    (select count(*) || ':' || count(revoked_at) from device) device`;
  return JSON.stringify(r);
}

/** Who sends: the admin; logout ends its own session and a password check would slow the admin's next ones, so those get a new one. */
async function sessionFor(key: string) {
  if (key === 'POST /api/auth/logout') return createSession(db.sql, await one(db.sql`select id from app_user where username = 'admin'`));
  if (key !== 'POST /api/auth/password') return admin;
  const [u] = await db.sql`insert into app_user (username, display_name, password_hash)
    values (${`fuzz.pw${++freshUsers}`}, 'fuzz', ${freshHash}) returning id`;
  return createSession(db.sql, Number(u!.id));
}

/** An Open311 error answer ([{code, description}] or <errors>) read as the app's error body. */
function open311Error(text: string) {
  const errors = readErrors(text);
  return errors ? { code: errors[0]!.code, message: errors.map((e) => e.description).join('; ') } : undefined;
}

const lastLogged: string[] = [];
/** Sends one case; returns what is wrong with the answer, if anything. */
async function exchange(method: string, path: string, key: string, c: Case): Promise<string | null> {
  const spec = SPECS[key] ?? {};
  if (path.startsWith('/api/plans/:id')) ctx.version = await one(db.sql`select version as id from grid_plan where id = ${param(path, 'id', ctx)}`);
  const url = path.replace(/:([A-Za-z]+)/g, (_, n: string) => urlText(c.params?.[n] ?? param(path, n, ctx)));
  const query = typeof c.query === 'string' ? c.query
    : Object.entries({ ...spec.query?.(ctx), ...c.query }).map(([k, v]) => `${urlText(k)}=${urlText(v)}`).join('&');
  const body = method === 'GET' ? undefined : c.body ?? (spec.body ? JSON.stringify(spec.body(ctx)) : undefined);
  const session = await sessionFor(key);
  const headers: Record<string, string> = { Cookie: session.cookie, 'X-CSRF-Token': session.csrfToken };
  const form = spec.multipart && body !== undefined ? new FormData() : undefined;
  form?.append('photo', new File([body!], 'fuzz.jpg', { type: 'image/jpeg' }));
  if (body !== undefined && !form) headers['Content-Type'] = spec.upload ? 'application/geo+json' : 'application/json';
  const before = method === 'GET' ? '' : await counts();
  lastLogged.length = 0;
  const res = await createApp({ sql: db.sql }).request(query ? `${url}?${query}` : url, { method, headers, body: form ?? body });
  const text = await res.text();
  if (res.status >= 500) return `${res.status} ${text.slice(0, 200)} ${lastLogged.join(' ').slice(0, 400)}`;
  if (res.status < 400) return null;
  // the phone apps' endpoints answer errors in their protocols' own shapes (plain text, OwnTracks' JSON): only nothing-changed holds
  if (url.startsWith('/gps/')) return before && (await counts()) !== before ? `${res.status} but rows changed` : null;
  let error: { code?: unknown; message?: unknown } | undefined;
  try {
    error = url.startsWith('/open311/') ? open311Error(text) : (JSON.parse(text) as { error?: typeof error }).error;
  } catch {
    return `${res.status} not JSON: ${text.slice(0, 100)}`;
  }
  if (typeof error?.code !== 'string' || typeof error.message !== 'string') return `${res.status} not an error body: ${text.slice(0, 100)}`;
  if (RAW_DB_MESSAGE.test(error.message)) return `${res.status} ${error.code} echoes the database: ${error.message.slice(0, 200)}`;
  if (before && (await counts()) !== before) return `${res.status} ${error.code} but rows changed`;
  return null;
}

// the route list is read at collection time: postgres.js connects lazily, so a never-used client will do
const lazySql = postgres('postgres://nobody@127.0.0.1:1/none', { max: 1 });
// Hono lists a route once per handler (validators included): one entry per method and path
const ROUTES = [...new Map(createApp({ sql: lazySql }).routes.filter((r) => r.method !== 'ALL')
  .map((r) => [`${r.method} ${r.path}`, { method: r.method, path: r.path, key: `${r.method} ${r.path}` }])).values()];
let sent = 0;
let started = 0;

describe('fuzz', () => {
  beforeAll(() => {
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => { lastLogged.push(args.map(String).join(' ')); });
    started = performance.now();
  });
  afterAll(() => {
    vi.restoreAllMocks();
    console.log(`[fuzz] ${sent} requests over ${ROUTES.length} routes in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  });

  it('knows a call for real routes only, and fills path params with real ids', () => {
    expect(Object.keys(SPECS).filter((k) => !(k in ROUTE_PERMISSIONS))).toEqual([]);
    const { point: _p, codes, tile: _t, plans, token: _token, ...ids } = ctx;
    for (const [name, id] of Object.entries({ ...ids, ...plans })) expect(Number.isInteger(id) && id > 0, name).toBe(true);
    expect(codes.every((c) => /^\d{15}$/.test(c))).toBe(true);
  });

  it.each(ROUTES)('$key', async ({ method, path, key }) => {
    const failures: string[] = [];
    for (const c of cases(method, path, SPECS[key] ?? {}, createRandom(SEED).fork(key))) {
      const wrong = await exchange(method, path, key, c);
      sent += 1;
      if (wrong) failures.push(`${c.where}: ${wrong}`);
    }
    expect(failures).toEqual([]);
  }, 600_000);
});
