import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Sql } from 'postgres';
import { clientIp, fromApiKey, type AuthEnv, type Caller } from '../../http/auth.ts';
import { AppError, onError } from '../../http/errors.ts';
import { textProblem } from '../../http/text.ts';
import { tokenHash } from '../auth/auth.domain.ts';
import type { AuthRepo } from '../auth/auth.repo.ts';
import { grantsFor } from '../auth/permissions.domain.ts';
import type { IncidentBus } from '../incidents/incident-bus.ts';
import { createIncidentsService } from '../incidents/incidents.service.ts';
import {
  createdDoc, discoveryDoc, pointOf, reporterName, requestDoc, requestWindow, serviceDefinitionDoc, serviceDoc, statusesFor,
} from './open311.domain.ts';
import { errorDoc, FORMATS, formatOfPath, Open311Error, renderDoc, splitFormat, type Doc, type Format } from './open311-format.domain.ts';
import { createOpen311Repo } from './open311.repo.ts';
import { bodyFields, commonQuery, parseOr400, postFields, requestsQuery, type PostFields } from './open311.schema.ts';

const MAX_BODY = 64 * 1024;

function send(c: Context, format: Format, root: string, doc: Doc) {
  const { body, contentType } = renderDoc(format, root, doc);
  return c.body(body, 200, { 'Content-Type': contentType });
}

function errorResponse(format: Format, status: number, descriptions: string[]) {
  const { body, contentType } = errorDoc(format, status, descriptions);
  return new Response(body, { status, headers: { 'Content-Type': contentType } });
}

/** Query parameters (names too) PostgreSQL could not store are refused, as the /api chain's text guard does. */
function checkQuery(c: Context) {
  for (const [name, values] of Object.entries(c.req.queries())) {
    if ([name, ...values].some((v) => textProblem(v) !== null)) throw new Open311Error(400, [`query parameter ${JSON.stringify(name.slice(0, 40))} holds invalid text`]);
  }
}

/** The path's `{name}.{format}`, or 404 for any other ending. */
function fileOf(c: Context, param: string, pattern: RegExp, what: string): { name: string; format: Format } {
  const raw = c.req.param(param) ?? '';
  const file = splitFormat(raw);
  if (!file) throw new Open311Error(404, [`${c.req.path.slice(0, 80)}: the format must be .json or .xml`]);
  if (!pattern.test(file.name)) throw new Open311Error(404, [`no ${what} ${file.name.slice(0, 40)}`]);
  return file;
}

/**
 * Every error answer under /open311 in the spec's shape, in the format the path asks for: the ones the
 * app's middleware (authenticate, authorize) and error mapper answered in the /api shape are rewritten here.
 */
export const open311Errors: MiddlewareHandler = async (c, next) => {
  await next();
  if (c.res.status < 400 || !/json/.test(c.res.headers.get('Content-Type') ?? '')) return;
  const body = (await c.res.clone().json().catch(() => null)) as { error?: { message?: unknown } } | null;
  if (typeof body?.error?.message !== 'string') return;
  c.res = errorResponse(formatOfPath(c.req.path), c.res.status, [body.error.message]);
};

/** The Open311 body as fields: form-encoded (the spec's way, multipart too) or a JSON object. */
async function readBody(c: Context): Promise<Record<string, unknown>> {
  const type = (c.req.header('Content-Type') ?? '').toLowerCase();
  if (type.startsWith('application/json')) {
    const v: unknown = await c.req.json().catch(() => undefined);
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Open311Error(400, ['the body must be a JSON object of the request\'s fields']);
    return v as Record<string, unknown>;
  }
  if (type.startsWith('multipart/form-data')) {
    return c.req.parseBody({ all: true }).catch(() => { throw new Open311Error(400, ['the multipart body cannot be read']); });
  }
  if (type === '' || type.startsWith('application/x-www-form-urlencoded')) {
    const form = new URLSearchParams(await c.req.text());
    const out: Record<string, string | string[]> = {};
    for (const [k, v] of form) out[k] = k in out ? [...[out[k]!].flat(), v] : v;
    return out;
  }
  throw new Open311Error(400, ['send the fields form-encoded (application/x-www-form-urlencoded) or as JSON']);
}

/** GET and POST under /open311/v2 (GeoReport v2), each in .json and .xml; POST needs a Wangge API key in api_key. */
export function open311Routes(sql: Sql, auth: AuthRepo, clock: () => Date, bus: IncidentBus) {
  const repo = createOpen311Repo(sql);
  const incidents = createIncidentsService(sql, { clock, bus });

  /** The key's user, if the key is live and they may report somewhere; 403 otherwise (the spec's answer to a bad key). */
  async function callerOf(key: string): Promise<Caller> {
    const caller = await fromApiKey(auth, key, clock()).then((l) => l.caller, (e: unknown) => {
      if (e instanceof AppError && e.status === 401) throw new Open311Error(403, ['api_key is not valid or was revoked']);
      throw e;
    });
    if (grantsFor(caller.grants, 'incidents.report').length === 0) throw new Open311Error(403, ['the account of this api_key may not report incidents']);
    return caller;
  }

  /** Files the request as a report of the key's user (grid, deadline and news as any report), with a follow token for the resident. */
  async function file(c: Context<AuthEnv>, f: PostFields) {
    const point = pointOf(f);
    const name = reporterName(f.first_name, f.last_name);
    if (name !== null && [...name].length > 50) throw new Open311Error(400, ['first_name and last_name together are at most 50 characters']);
    const caller = await callerOf(f.api_key);
    const [service] = await repo.services(f.service_code);
    if (!service) throw new Open311Error(404, [`service_code ${f.service_code.slice(0, 20)} is not a service of this endpoint`]);
    const { record } = await incidents.report(caller, {
      categoryCode: service.code, lon: point.lon, lat: point.lat, crs: 'wgs84', description: f.description || service.name, source: 'open311',
      address: f.address_string, reporterName: name ?? undefined, reporterPhone: f.phone, anonymous: false, acknowledgeDuplicates: true,
    }).catch((e: unknown) => {
      // outside every community (400), outside the places the key's user may report in (403)
      if (e instanceof AppError && (e.status === 400 || e.status === 403)) throw new Open311Error(e.status, [e.message]);
      throw e;
    });
    const token = await incidents.addFollowToken(record.id);
    await auth.audit({ userId: caller.userId, action: 'incident.report', entity: 'incident', entityId: record.id, ip: clientIp(c), details: { via: 'open311' } });
    const [created] = await repo.cases({ ids: [record.id] });
    return createdDoc(created!, token);
  }

  const app = new Hono<AuthEnv>();
  // set before the routes: Hono wraps each route in the error handler the app has when it is mounted
  app.onError((err, c) => (err instanceof Open311Error ? errorResponse(formatOfPath(c.req.path), err.status, err.descriptions) : onError(err, c)));
  for (const format of FORMATS) {
    app.get(`/v2/discovery.${format}`, (c) => {
      checkQuery(c);
      parseOr400(commonQuery, c.req.query());
      return send(c, format, 'discovery', discoveryDoc(`${new URL(c.req.url).origin}/open311/v2/`));
    });
    app.get(`/v2/services.${format}`, async (c) => {
      checkQuery(c);
      parseOr400(commonQuery, c.req.query());
      return send(c, format, 'services', (await repo.services()).map(serviceDoc));
    });
    app.get(`/v2/requests.${format}`, async (c) => {
      checkQuery(c);
      const q = parseOr400(requestsQuery, c.req.query());
      const cases = await repo.cases(q.service_request_id
        ? { ids: q.service_request_id.map(Number) }
        : { codes: q.service_code, statuses: q.status && statusesFor(q.status), ...requestWindow(q.start_date, q.end_date, clock()) });
      return send(c, format, 'service_requests', cases.map(requestDoc));
    });
    app.post(`/v2/requests.${format}`, bodyLimit({ maxSize: MAX_BODY, onError: () => { throw new Open311Error(413, [`the body exceeds ${MAX_BODY} bytes`]); } }), async (c) => {
      checkQuery(c);
      const fields = parseOr400(postFields, bodyFields({ ...c.req.query(), ...(await readBody(c)) }));
      return send(c, format, 'service_requests', await file(c, fields));
    });
  }
  app.get('/v2/services/:code', async (c) => {
    checkQuery(c);
    const { name, format } = fileOf(c, 'code', /^\d{4}$/, 'service');
    if (!(await repo.services(name)).length) throw new Open311Error(404, [`no service ${name}`]);
    return send(c, format, 'service_definition', serviceDefinitionDoc(name));
  });
  app.get('/v2/requests/:id', async (c) => {
    checkQuery(c);
    const { name, format } = fileOf(c, 'id', /^[1-9]\d{0,15}$/, 'request');
    const cases = await repo.cases({ ids: [Number(name)] });
    if (!cases.length) throw new Open311Error(404, [`no request ${name}`]);
    return send(c, format, 'service_requests', cases.map(requestDoc));
  });
  app.get('/v2/tokens/:token', async (c) => {
    checkQuery(c);
    const { name, format } = fileOf(c, 'token', /^[A-Za-z0-9_-]{16,64}$/, 'token');
    const id = await repo.caseOfToken(tokenHash(name));
    if (id === undefined) throw new Open311Error(404, ['no request has this token']);
    return send(c, format, 'service_requests', [{ service_request_id: String(id), token: name }]);
  });
  // anything else under /open311 is a 404 in the spec's shape (never the app's page)
  app.all('/*', (c) => {
    throw new Open311Error(404, [`no Open311 resource at ${c.req.path.slice(0, 80)}`]);
  });
  return app;
}
