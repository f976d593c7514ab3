import type { RefusalReason } from './fix.ts';

/** Reading the values phone apps send: what the OsmAnd and OwnTracks parsers share. */

/** One knot in metres per second (1,852 m an hour). */
export const KNOT_MPS = 1852 / 3600;
/** One kilometre an hour in metres per second. */
export const KMH_MPS = 1000 / 3600;

/** Attributes a fix may carry, and how long each may be: a device must not fill the table with junk. */
export const MAX_ATTRIBUTES = 40;
export const MAX_ATTRIBUTE_CHARS = 1000;

/** A value the parsers cannot read: thrown inside a parser, answered as its refusal. */
export class ValueRefused extends Error {
  constructor(readonly reason: RefusalReason, message: string) {
    super(message);
  }
}

/** Refuses the payload as invalid, with a message naming what is wrong. */
export function invalid(message: string): never {
  throw new ValueRefused('invalid', message);
}

/** A JSON number field: null when absent or null, refused when it is anything but a finite number. */
export function numberField(obj: Record<string, unknown>, key: string, path: string): number | null {
  const v = obj[key];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'number' || !Number.isFinite(v)) invalid(`${path ? `${path}.` : ''}${key} is not a number`);
  return v;
}

/** A JSON object (not null, not an array). */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// plain decimals only: Number() would read '', ' ', '0x1f' and 'Infinity' as numbers
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A decimal number from text, or null when the text is not one. */
export function parseDecimal(text: string): number | null {
  const t = text.trim();
  if (!DECIMAL.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

/** Apps send -1 (or any negative) for what the phone does not know. */
export function unknownIfNegative(n: number | null): number | null {
  return n === null || n < 0 ? null : n;
}

const LOCAL_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/i;

function fromParts(m: RegExpExecArray): Date | null {
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const ms = m[7] ? Math.floor(Number(m[7]) * 1000) : 0;
  const utc = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  const check = new Date(utc);
  // Date.UTC rolls 2024-02-30 over into March: a date that does not round-trip is not a date
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d
    || check.getUTCHours() !== h || check.getUTCMinutes() !== mi || check.getUTCSeconds() !== s) return null;
  const zone = m[8];
  if (!zone || zone.toUpperCase() === 'Z') return check;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const offsetMin = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
  if (offsetMin > 18 * 60) return null;
  return new Date(utc - sign * offsetMin * 60_000);
}

/** Epoch seconds, or milliseconds from 2^31 on (as Traccar reads them): a Date, or null when out of range. */
export function fromEpoch(n: number): Date | null {
  if (!Number.isFinite(n) || n < 0) return null;
  const d = new Date(n >= 2 ** 31 ? n : n * 1000);
  return Number.isFinite(d.getTime()) ? d : null;
}

/**
 * A fix time as the apps write it: epoch seconds, epoch milliseconds (≥ 2^31), ISO 8601, or
 * `yyyy-MM-dd HH:mm:ss`; without a zone it is UTC (Traccar's reading). Null when it is none of these.
 */
export function parseTimestamp(text: string): Date | null {
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return fromEpoch(Number(t));
  const m = LOCAL_TIME.exec(t);
  return m ? fromParts(m) : null;
}

/** Whether attributes stay within what a fix may carry; the reason in words when they do not. */
export function attributesProblem(attributes: Record<string, unknown>): string | null {
  const entries = Object.entries(attributes);
  if (entries.length > MAX_ATTRIBUTES) return `Too many attributes: ${entries.length} (at most ${MAX_ATTRIBUTES})`;
  for (const [key, value] of entries) {
    const size = key.length + (typeof value === 'string' ? value.length : JSON.stringify(value)?.length ?? 0);
    if (size > MAX_ATTRIBUTE_CHARS) return `Attribute ${key.slice(0, 40)} is too long (at most ${MAX_ATTRIBUTE_CHARS} characters)`;
  }
  return null;
}

/** The message a refusal carries when a fix's values are wrong, in words a device owner can act on. */
export function refusalMessage(reason: 'invalid' | 'out_of_range' | 'zero'): string {
  switch (reason) {
    case 'invalid': return 'The fix has a value that is not a finite number';
    case 'out_of_range': return 'The fix has a coordinate or measure out of its range (latitude ±90, longitude ±180, battery 0–100 %, heading 0–360°)';
    case 'zero': return 'The fix is at 0,0: the phone had no position';
  }
}
