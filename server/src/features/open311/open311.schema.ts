import { z } from 'zod';
import { textProblem } from '../../http/text.ts';
import { DESCRIPTION_MAX } from './open311.domain.ts';
import { Open311Error } from './open311-format.domain.ts';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** Text of a parameter: no control characters but tab and line breaks, nothing PostgreSQL cannot store. */
const text = (name: string, max: number) => z.string().max(max, `${name} is at most ${max} characters`)
  .refine((v) => !CONTROL.test(v) && textProblem(v) === null, `${name} contains control characters or invalid text`);

const decimal = (name: string, min: number, max: number) => z.string().trim()
  .regex(/^[+-]?(\d+(\.\d*)?|\.\d+)$/, `${name} must be a decimal number`).transform(Number)
  .pipe(z.number().min(min, `${name} must be ≥ ${min}`).max(max, `${name} must be ≤ ${max}`));

/** A W3C datetime (a date alone is midnight in Beijing; a time without a zone is Beijing time). */
const w3cDate = (name: string) => z.string().trim()
  .regex(/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/, `${name} must be a W3C datetime, e.g. 2026-12-07T08:00:00+08:00`)
  .transform((v) => {
    const local = /^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00+08:00` : /(Z|[+-]\d{2}:?\d{2})$/.test(v) ? v : `${v}+08:00`;
    return new Date(local.replace(' ', 'T'));
  })
  .refine((d) => !Number.isNaN(d.getTime()), `${name} is not a valid date`);

const list = <T extends z.ZodType<string, string>>(name: string, item: T, max: number) => z.string().max(20_000)
  .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
  .pipe(z.array(item).min(1, `${name} lists nothing`).max(max, `${name} lists more than ${max}`));

const jurisdiction = text('jurisdiction_id', 100).optional();

/** Parameters every GET accepts (one endpoint serves one jurisdiction: any jurisdiction_id is taken). */
export const commonQuery = z.object({ jurisdiction_id: jurisdiction });

/** GET requests.{fmt}: by ids (then nothing else counts), or by services, period and status. */
export const requestsQuery = z.object({
  jurisdiction_id: jurisdiction,
  service_request_id: list('service_request_id', z.string().regex(/^[1-9]\d{0,15}$/, 'service_request_id lists request ids'), 1000).optional(),
  service_code: list('service_code', z.string().regex(/^\d{4}$/, 'service_code lists 4-digit service codes'), 200).optional(),
  start_date: w3cDate('start_date').optional(),
  end_date: w3cDate('end_date').optional(),
  status: list('status', z.enum(['open', 'closed'], { error: 'status is open, closed or both' }), 2).optional(),
});
export type RequestsQuery = z.infer<typeof requestsQuery>;

const required = (name: string) => z.string({ error: `${name} is required` }).trim().min(1, `${name} is required`);

/** POST requests.{fmt}: the spec's fields; media_url, device_id, account_id and attributes are taken and ignored. */
export const postFields = z.object({
  api_key: required('api_key').max(200, 'api_key is not a valid key'),
  jurisdiction_id: jurisdiction,
  service_code: required('service_code').max(20, 'service_code is at most 20 characters'),
  lat: decimal('lat', -90, 90).optional(),
  long: decimal('long', -180, 180).optional(),
  address_string: text('address_string', 200).optional(),
  address_id: text('address_id', 200).optional(),
  description: text('description', DESCRIPTION_MAX).transform((v) => v.trim()).optional(),
  email: text('email', 254).optional(),
  first_name: text('first_name', 50).optional(),
  last_name: text('last_name', 50).optional(),
  phone: z.string().trim().regex(/^[0-9+\-() ]{5,20}$/, 'phone must be 5–20 digits').optional(),
  device_id: text('device_id', 200).optional(),
  account_id: text('account_id', 200).optional(),
  media_url: text('media_url', 2000).optional(),
});
export type PostFields = z.infer<typeof postFields>;

/** The parsed value, or a 400 that lists every problem. */
export function parseOr400<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  throw new Open311Error(400, r.error.issues.map((i) => i.message));
}

/**
 * A request body's fields as text: a form (urlencoded or multipart, files refused) or a JSON object
 * whose values are text, numbers or booleans (`attribute` may be an object: there are no attributes).
 */
export function bodyFields(body: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) {
    const bad = textProblem(k);
    if (bad) throw new Open311Error(400, [`a field name ${bad}`]);
    if (k === 'attribute' && v !== null && typeof v === 'object' && !Array.isArray(v)) continue;
    if (v === null || v === undefined) continue;
    if (Array.isArray(v)) throw new Open311Error(400, [`${k.slice(0, 40)} is given more than once`]);
    if (typeof v === 'object') throw new Open311Error(400, [`${k.slice(0, 40)} must be text${v instanceof Blob ? ', not a file' : ''}`]);
    const s = String(v);
    const problem = textProblem(s);
    if (problem) throw new Open311Error(400, [`${k.slice(0, 40)} ${problem}`]);
    // an empty field is an absent one (forms send optional fields empty)
    if (s.trim() !== '') out[k] = s;
  }
  return out;
}
