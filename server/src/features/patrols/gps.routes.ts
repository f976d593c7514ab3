import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { sameSecret, tokenHash } from '../auth/auth.domain.ts';
import type { AuthEnv } from '../../http/auth.ts';
import { findBadText } from '../../http/text.ts';
import type { DeviceCache } from './device-cache.ts';
import type { FixWriter } from './fix-writer.ts';
import type { RawFix } from './fix.ts';
import { parseOsmandJson, parseOsmandParams, type OsmandParse } from './osmand.domain.ts';
import { parseBasicAuth, parseOwntracks } from './owntracks.domain.ts';
import { refusal } from './track-hygiene.domain.ts';

/** A phone sends one fix per request: a few kilobytes at most. */
export const MAX_GPS_BODY = 64 * 1024;

const plain = (c: Context, status: 200 | 400 | 401 | 404 | 413 | 415, text = '') => c.body(text, status, { 'content-type': 'text/plain; charset=utf-8' });

/** What a fix must not carry into the database (NUL and the like in an attribute): the reason, or null. */
const badText = (fix: RawFix) => findBadText(fix.attributes)?.message ?? null;

/**
 * The phone apps' own endpoints, outside /api (the apps know nothing of sessions or keys):
 * - /gps/osmand — Traccar Client (OsmAnd protocol): GET or POST, query string or form body, or JSON.
 *   200 with an empty body once the fix is stored; an unknown or revoked device is 400 (404 for JSON), a
 *   fix refused (malformed, out of range, far in the future, too old) 400, and nothing is stored.
 * - /gps/owntracks — OwnTracks in HTTP mode: Basic auth (identifier and secret), `_type: location` stored,
 *   other types and empty bodies acknowledged; `[]` in reply. A wrong credential is 401.
 * A fix sent twice is stored once (the apps resend what they are unsure of).
 */
export function gpsRoutes(devices: DeviceCache, writer: FixWriter, clock: () => Date) {
  const limit = bodyLimit({ maxSize: MAX_GPS_BODY, onError: (c) => plain(c, 413, 'payload too large') });

  async function store(deviceId: number, userId: number, fix: RawFix) {
    await writer.write([{ deviceId, userId, fix }]);
  }

  const osmand = async (c: Context<AuthEnv>) => {
    const type = c.req.header('content-type') ?? '';
    const now = clock();
    let parsed: OsmandParse;
    let json = false;
    if (c.req.method === 'POST' && /application\/json/i.test(type)) {
      json = true;
      let body: unknown;
      try {
        body = await c.req.json();
      } catch {
        return plain(c, 400, 'malformed JSON');
      }
      parsed = parseOsmandJson(body, now);
    } else {
      const params: Record<string, string> = { ...c.req.query() };
      if (c.req.method === 'POST' && /application\/x-www-form-urlencoded|multipart\/form-data/i.test(type)) {
        const form = await c.req.parseBody().catch(() => null);
        if (!form) return plain(c, 400, 'malformed form');
        for (const [k, v] of Object.entries(form)) if (typeof v === 'string') params[k] = v;
      } else if (c.req.method === 'POST' && type && !/text\/plain/i.test(type)) {
        return plain(c, 415, 'send a query string, a form or JSON');
      }
      parsed = parseOsmandParams(params, now);
    }
    if (!parsed.ok && parsed.reason === 'missing_device') return plain(c, 400, parsed.message);
    const device = parsed.deviceId && (await devices.live('osmand', parsed.deviceId));
    if (!device) return plain(c, json ? 404 : 400, 'unknown device');
    if (!parsed.ok) return plain(c, 400, parsed.message);
    const why = refusal(parsed.fix, now) ?? badText(parsed.fix);
    if (why) return plain(c, 400, `fix refused: ${why}`);
    await store(device.id, device.userId, parsed.fix);
    return plain(c, 200);
  };

  return new Hono<AuthEnv>()
    .use('*', limit)
    .get('/osmand', osmand)
    .post('/osmand', osmand)
    .post('/owntracks', async (c) => {
      const auth = parseBasicAuth(c.req.header('authorization'));
      const device = auth && (await devices.live('owntracks', auth.user));
      if (!auth || !device || !device.secretHash || !sameSecret(tokenHash(auth.password), device.secretHash)) {
        return c.body('unauthorized', 401, { 'www-authenticate': 'Basic realm="wangge", charset="UTF-8"', 'content-type': 'text/plain; charset=utf-8' });
      }
      const text = await c.req.text();
      if (!text.trim()) return c.json([]);
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return c.json({ error: 'malformed JSON' }, 400);
      }
      const now = clock();
      const parsed = parseOwntracks(body, now);
      if (parsed.kind === 'ignored') return c.json([]);
      if (parsed.kind === 'invalid') return c.json({ error: parsed.message }, 400);
      const why = refusal(parsed.fix, now) ?? badText(parsed.fix);
      if (why) return c.json({ error: `fix refused: ${why}` }, 400);
      await store(device.id, device.userId, parsed.fix);
      return c.json([]);
    });
}
