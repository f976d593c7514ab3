import { describe, expect, it } from 'vitest';
import type { JurisdictionNode } from '../../api/types.ts';
import { codeHint, createErrorKey, parentChoices } from './places.ts';

const node = (code: string, level: JurisdictionNode['level'], children: JurisdictionNode[] = []): JurisdictionNode =>
  ({ id: Number(code), code, name: code, level, bbox: null, children });
const tree = [node('110108', 'county', [node('110108010', 'town', [node('110108010031', 'community')])]), node('310115', 'county')];

describe('adding a place', () => {
  it('offers counties as parents of street offices, street offices of communities, nothing for a county', () => {
    expect(parentChoices(tree, 'town').map((n) => n.code)).toEqual(['110108', '310115']);
    expect(parentChoices(tree, 'community').map((n) => n.code)).toEqual(['110108010']);
    expect(parentChoices(tree, 'county')).toEqual([]);
  });
  it('checks the code as it is typed: digits, length by level, the parent as prefix', () => {
    expect(codeHint('31011', 'county', undefined)).toBe('admin.places.errors.length_county');
    expect(codeHint('31011a', 'county', undefined)).toBe('admin.places.errors.digits');
    expect(codeHint('310116004', 'town', '310115')).toBe('admin.places.errors.prefix');
    expect(codeHint('310115004', 'town', '310115')).toBeUndefined();
  });
  it('says the server\'s refusals in words, and leaves other failures to the general message', () => {
    const form = { code: '310115004', name: '潍坊新村街道', level: 'town' as const, parentCode: '310115' };
    expect(createErrorKey({ status: 409, code: 'code_taken' }, form)).toBe('admin.places.errors.code_taken');
    expect(createErrorKey({ status: 500, code: 'internal_error' }, form)).toBeUndefined();
  });
  it('says a 400 invalid_request by the field it names, never with the server\'s English', () => {
    const form = { code: '310115004', name: '潍坊新村街道', level: 'town' as const, parentCode: '310115' };
    const refused = (field: string) => ({ status: 400, code: 'invalid_request', message: `${field}: something in English`, details: [{ field, message: 'x' }] });
    expect(createErrorKey(refused('name'), form)).toBe('errors.codes.invalid_text');
    expect(createErrorKey(refused('name'), { ...form, name: ' ' })).toBe('admin.places.errors.name');
    expect(createErrorKey(refused('code'), { ...form, code: '31011500' })).toBe('admin.places.errors.length_town');
    expect(createErrorKey(refused('parentCode'), form)).toBe('admin.places.errors.parent_required');
    expect(createErrorKey(refused('householdMax'), form)).toBe('errors.generic');
  });
});
