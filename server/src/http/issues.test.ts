import { Hono } from 'hono';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { onError } from './errors.ts';
import { FIELD_REASONS, type FieldIssue } from './issues.ts';
import { validate } from './validate.ts';

// A refused field reaches clients as the rule it breaks and that rule's numbers, never only as
// zod's English: each reason below is what validate() answers for a value a form could send.
const body = z.object({
  name: z.string().trim().min(1).max(60),
  code: z.string().min(3).regex(/^\d+$/, 'digits only').optional(),
  floors: z.number().int().min(1).max(200).optional(),
  share: z.number().positive().lt(1).optional(),
  codes: z.array(z.string()).min(2).max(3).optional(),
  level: z.enum(['county', 'town']).optional(),
  agreed: z.literal(true).optional(),
  note: z.string().refine((s) => !s.includes('!'), 'no shouting').optional(),
}).strict();

const app = new Hono().post('/x', validate('json', body), (c) => c.json({ ok: true }));
app.onError(onError);

async function refused(value: unknown): Promise<FieldIssue[]> {
  const res = await app.request('/x', { method: 'POST', body: JSON.stringify(value), headers: { 'Content-Type': 'application/json' } });
  expect(res.status).toBe(400);
  const { error } = (await res.json()) as { error: { code: string; details: FieldIssue[] } };
  expect(error.code).toBe('invalid_request');
  return error.details;
}

describe('validate() details', () => {
  it.each([
    ['a missing value', {}, { field: 'name', reason: 'required' }],
    ['a number for a text', { name: 5 }, { field: 'name', reason: 'wrong_type' }],
    ['an empty text', { name: ' ' }, { field: 'name', reason: 'text_empty' }],
    ['a long text', { name: '长'.repeat(61) }, { field: 'name', reason: 'text_too_long', params: { max: 60 } }],
    ['a short text', { name: 'a', code: '12' }, { field: 'code', reason: 'text_too_short', params: { min: 3 } }],
    ['a text of the wrong form', { name: 'a', code: '12a' }, { field: 'code', reason: 'format' }],
    ['a fraction for a whole number', { name: 'a', floors: 2.5 }, { field: 'floors', reason: 'wrong_type' }],
    ['too small a number', { name: 'a', floors: 0 }, { field: 'floors', reason: 'at_least', params: { min: 1 } }],
    ['too large a number', { name: 'a', floors: 201 }, { field: 'floors', reason: 'at_most', params: { max: 200 } }],
    ['zero for a positive number', { name: 'a', share: 0 }, { field: 'share', reason: 'above', params: { min: 0 } }],
    ['one for less than one', { name: 'a', share: 1 }, { field: 'share', reason: 'below', params: { max: 1 } }],
    ['too few items', { name: 'a', codes: ['1'] }, { field: 'codes', reason: 'too_few', params: { min: 2 } }],
    ['too many items', { name: 'a', codes: ['1', '2', '3', '4'] }, { field: 'codes', reason: 'too_many', params: { max: 3 } }],
    ['a value not offered', { name: 'a', level: 'city' }, { field: 'level', reason: 'one_of', params: { options: 'county, town' } }],
    ['a literal not given', { name: 'a', agreed: false }, { field: 'agreed', reason: 'one_of', params: { options: 'true' } }],
    ['a rule of the schema', { name: 'a', note: 'hi!' }, { field: 'note', reason: 'invalid' }],
    ['an unknown key', { name: 'a', colour: 'red' }, { field: '', reason: 'unknown_keys', params: { keys: 'colour' } }],
    ['text PostgreSQL cannot store', { name: 'a\u0000b' }, { field: 'name', reason: 'bad_text', params: { textIssue: 'nul' } }],
  ])('%s: %j', async (_, value, want) => {
    const details = await refused(value);
    expect(details[0]).toMatchObject({ ...want, message: expect.any(String) });
    for (const d of details) expect(FIELD_REASONS).toContain(d.reason);
  });
});
