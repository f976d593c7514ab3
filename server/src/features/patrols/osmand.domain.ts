import type { RawFix, RefusalReason } from './fix.ts';
import {
  KNOT_MPS, ValueRefused, attributesProblem, invalid, isRecord, numberField, parseDecimal, parseTimestamp, refusalMessage,
  unknownIfNegative,
} from './protocol-values.domain.ts';
import { valueRefusal } from './track-hygiene.domain.ts';

/**
 * Traccar Client and OsmAnd (the OsmAnd protocol): one fix per request, in the query string, a form
 * body or (Traccar Client ≥ 9) JSON. The parsers judge only the fix's own values; the clock's limits
 * (future, too old) are the writer's refusal().
 */
export type OsmandParse =
  | { ok: true; deviceId: string; fix: RawFix }
  | { ok: false; deviceId: string | null; reason: 'missing_device' | RefusalReason; message: string };

type Failure = Extract<OsmandParse, { ok: false }>;

const NAMED = new Set([
  'id', 'deviceid', 'timestamp', 'lat', 'lon', 'location', 'speed', 'bearing', 'heading', 'altitude',
  'accuracy', 'hdop', 'batt', 'charge', 'valid',
]);

/** A number parameter: null when absent or empty, refused when it is not a number. */
function numberParam(params: Record<string, string>, key: string): number | null {
  const text = params[key];
  if (text === undefined || text.trim() === '') return null;
  return parseDecimal(text) ?? invalid(`${key} is not a number: ${text.slice(0, 40)}`);
}

function position(params: Record<string, string>): { lat: number; lon: number } {
  let lat = numberParam(params, 'lat');
  let lon = numberParam(params, 'lon');
  const location = params.location;
  if ((lat === null || lon === null) && location !== undefined) {
    const parts = location.split(',');
    if (parts.length !== 2) invalid(`location is not lat,lon: ${location.slice(0, 40)}`);
    lat = parseDecimal(parts[0]!) ?? invalid(`location's latitude is not a number: ${location.slice(0, 40)}`);
    lon = parseDecimal(parts[1]!) ?? invalid(`location's longitude is not a number: ${location.slice(0, 40)}`);
  }
  if (lat === null || lon === null) invalid('The fix has no position (lat and lon, or location=lat,lon)');
  return { lat, lon };
}

function fixTime(text: string | undefined, now: Date): Date {
  if (text === undefined) return now;
  return parseTimestamp(text) ?? invalid(`timestamp is neither epoch seconds or milliseconds, ISO 8601 nor yyyy-MM-dd HH:mm:ss: ${text.slice(0, 40)}`);
}

function flag(text: string): boolean {
  return text.trim().toLowerCase() === 'true' || text.trim() === '1';
}

function paramsAttributes(params: Record<string, string>): Record<string, unknown> {
  const entries: [string, unknown][] = Object.entries(params).filter(([key]) => !NAMED.has(key));
  const hdop = numberParam(params, 'hdop');
  if (hdop !== null) entries.push(['hdop', hdop]);
  if (params.charge !== undefined) entries.push(['charge', flag(params.charge)]);
  // fromEntries: a key such as __proto__ stays an ordinary key
  return Object.fromEntries(entries);
}

/** Checks the fix's own values and answers the parse. */
function judged(deviceId: string, fix: RawFix): OsmandParse {
  const problem = attributesProblem(fix.attributes);
  if (problem) return { ok: false, deviceId, reason: 'invalid', message: problem };
  const wrong = valueRefusal(fix);
  if (wrong) return { ok: false, deviceId, reason: wrong, message: refusalMessage(wrong) };
  return { ok: true, deviceId, fix };
}

function refused(deviceId: string | null, e: unknown): Failure {
  if (e instanceof ValueRefused) return { ok: false, deviceId, reason: e.reason, message: e.message };
  throw e;
}

function identifier(value: unknown): string | null {
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : typeof value === 'string' ? value.trim() : '';
  return text === '' ? null : text;
}

const MISSING_DEVICE = 'The device is not named: id or deviceid (device_id in JSON) is required';

/** Reads one fix from the query string or form body (merged into one record). */
export function parseOsmandParams(params: Record<string, string>, now: Date): OsmandParse {
  const deviceId = identifier(params.id) ?? identifier(params.deviceid);
  if (deviceId === null) return { ok: false, deviceId: null, reason: 'missing_device', message: MISSING_DEVICE };
  try {
    if (params.valid !== undefined && !flag(params.valid)) invalid('The app marked the fix as not valid');
    const at = fixTime(params.timestamp, now);
    const { lat, lon } = position(params);
    const speedKnots = unknownIfNegative(numberParam(params, 'speed'));
    const fix: RawFix = {
      at, lat, lon,
      accuracy: unknownIfNegative(numberParam(params, 'accuracy')),
      speed: speedKnots === null ? null : speedKnots * KNOT_MPS,
      heading: unknownIfNegative(numberParam(params, 'bearing') ?? numberParam(params, 'heading')),
      altitude: numberParam(params, 'altitude'),
      battery: unknownIfNegative(numberParam(params, 'batt')),
      attributes: paramsAttributes(params),
    };
    return judged(deviceId, fix);
  } catch (e) {
    return refused(deviceId, e);
  }
}

function jsonTime(v: unknown, now: Date): Date {
  if (v === undefined || v === null) return now;
  if (typeof v === 'string') return fixTime(v, now);
  if (typeof v === 'number') return fixTime(String(v), now);
  return invalid('location.timestamp is neither a date-time text nor a number');
}

function jsonBattery(battery: unknown, attributes: Record<string, unknown>): number | null {
  if (!isRecord(battery)) return null;
  if (typeof battery.is_charging === 'boolean') attributes.charge = battery.is_charging;
  const level = unknownIfNegative(numberField(battery, 'level', 'location.battery'));
  // 0..1 in the JSON; a whole percentage would read as 100× (out of range) rather than silently wrong
  return level === null ? null : Math.round(level * 1000) / 10;
}

function jsonAttributes(location: Record<string, unknown>): Record<string, unknown> {
  const attributes: Record<string, unknown> = {};
  if (typeof location.is_moving === 'boolean') attributes.motion = location.is_moving;
  if (typeof location.odometer === 'number') attributes.odometer = location.odometer;
  if (typeof location.event === 'string') attributes.event = location.event;
  if (typeof location.mock === 'boolean') attributes.mock = location.mock;
  if (typeof location.uuid === 'string') attributes.uuid = location.uuid;
  if (isRecord(location.activity) && typeof location.activity.type === 'string') attributes.activity = location.activity.type;
  if (isRecord(location.extras) && Object.keys(location.extras).length > 0) attributes.extras = location.extras;
  return attributes;
}

function jsonFix(location: Record<string, unknown>, now: Date): RawFix {
  const coords = isRecord(location.coords) ? location.coords : invalid('location.coords is missing');
  const lat = numberField(coords, 'latitude', 'location.coords') ?? invalid('location.coords.latitude is missing');
  const lon = numberField(coords, 'longitude', 'location.coords') ?? invalid('location.coords.longitude is missing');
  const attributes = jsonAttributes(location);
  // an altitude with a negative accuracy is one the phone does not know; a negative altitude is real
  const altitudeKnown = (numberField(coords, 'altitude_accuracy', 'location.coords') ?? 0) >= 0;
  return {
    at: jsonTime(location.timestamp, now), lat, lon,
    accuracy: unknownIfNegative(numberField(coords, 'accuracy', 'location.coords')),
    speed: unknownIfNegative(numberField(coords, 'speed', 'location.coords')),
    heading: unknownIfNegative(numberField(coords, 'heading', 'location.coords')),
    altitude: altitudeKnown ? numberField(coords, 'altitude', 'location.coords') : null,
    battery: jsonBattery(location.battery, attributes),
    attributes,
  };
}

/** Reads one fix from Traccar Client's JSON body (≥ v9, Transistorsoft's location format). */
export function parseOsmandJson(body: unknown, now: Date): OsmandParse {
  if (!isRecord(body)) return { ok: false, deviceId: null, reason: 'invalid', message: 'The body is not a JSON object' };
  const deviceId = identifier(body.device_id);
  if (deviceId === null) return { ok: false, deviceId: null, reason: 'missing_device', message: MISSING_DEVICE };
  if (!isRecord(body.location)) return { ok: false, deviceId, reason: 'invalid', message: 'location is missing or not an object' };
  try {
    return judged(deviceId, jsonFix(body.location, now));
  } catch (e) {
    return refused(deviceId, e);
  }
}
