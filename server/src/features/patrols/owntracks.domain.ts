import type { RawFix, RefusalReason } from './fix.ts';
import {
  KMH_MPS, ValueRefused, attributesProblem, fromEpoch, invalid, isRecord, numberField, refusalMessage, unknownIfNegative,
} from './protocol-values.domain.ts';
import { valueRefusal } from './track-hygiene.domain.ts';

/**
 * OwnTracks in HTTP mode: one JSON message per POST. Only `_type: location` is a fix; the other types
 * (transition, waypoint, lwt, card, cmd, status, encrypted…) are acknowledged and set aside.
 */
export type OwntracksParse =
  | { kind: 'location'; fix: RawFix; tid: string | null }
  | { kind: 'ignored'; type: string }
  | { kind: 'invalid'; reason: RefusalReason; message: string };

// read into the fix itself; every other key of a location is kept as an attribute
const READ = new Set(['_type', 'lat', 'lon', 'tst', 'acc', 'alt', 'vel', 'cog', 'batt']);

/** bs: 0 unknown, 1 unplugged, 2 charging, 3 full. */
function charging(bs: number | null): boolean | null {
  if (bs === 1) return false;
  return bs === 2 || bs === 3 ? true : null;
}

function attributesOf(message: Record<string, unknown>): Record<string, unknown> {
  const entries = Object.entries(message).filter(([key]) => !READ.has(key));
  const charge = charging(numberField(message, 'bs', ''));
  if (charge !== null) entries.push(['charge', charge]);
  // fromEntries: a key such as __proto__ stays an ordinary key
  return Object.fromEntries(entries);
}

function required(message: Record<string, unknown>, key: string): number {
  return numberField(message, key, '') ?? invalid(`${key} is required in a location`);
}

function locationFix(message: Record<string, unknown>): RawFix {
  const lat = required(message, 'lat');
  const lon = required(message, 'lon');
  const at = fromEpoch(required(message, 'tst')) ?? invalid('tst is not a time in epoch seconds');
  const vel = unknownIfNegative(numberField(message, 'vel', ''));
  return {
    at, lat, lon,
    accuracy: unknownIfNegative(numberField(message, 'acc', '')),
    speed: vel === null ? null : vel * KMH_MPS,
    heading: unknownIfNegative(numberField(message, 'cog', '')),
    altitude: numberField(message, 'alt', ''),
    battery: unknownIfNegative(numberField(message, 'batt', '')),
    attributes: attributesOf(message),
  };
}

/** Reads one OwnTracks message; `now` is unused by the format (tst is required) but kept for symmetry. */
export function parseOwntracks(body: unknown, _now: Date): OwntracksParse {
  if (!isRecord(body)) return { kind: 'invalid', reason: 'invalid', message: 'The body is not a JSON object' };
  const type = body._type;
  if (typeof type !== 'string' || type === '') return { kind: 'invalid', reason: 'invalid', message: '_type is missing' };
  if (type !== 'location') return { kind: 'ignored', type: type.slice(0, 40) };
  try {
    const fix = locationFix(body);
    const problem = attributesProblem(fix.attributes);
    if (problem) return { kind: 'invalid', reason: 'invalid', message: problem };
    const wrong = valueRefusal(fix);
    if (wrong) return { kind: 'invalid', reason: wrong, message: refusalMessage(wrong) };
    return { kind: 'location', fix, tid: typeof body.tid === 'string' && body.tid !== '' ? body.tid : null };
  } catch (e) {
    if (e instanceof ValueRefused) return { kind: 'invalid', reason: e.reason, message: e.message };
    throw e;
  }
}

const BASIC = /^basic\s+([A-Za-z0-9+/]+={0,2})\s*$/i;

/** The user and password of an HTTP Basic `Authorization` header (RFC 7617, UTF-8), or null. */
export function parseBasicAuth(header: string | undefined): { user: string; password: string } | null {
  const m = header ? BASIC.exec(header.trim()) : null;
  if (!m || m[1]!.length % 4 !== 0) return null;
  let text: string;
  try {
    const bytes = Uint8Array.from(atob(m[1]!), (c) => c.charCodeAt(0));
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
  const colon = text.indexOf(':');
  if (colon <= 0) return null;
  return { user: text.slice(0, colon), password: text.slice(colon + 1) };
}
