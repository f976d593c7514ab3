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
    expect(createErrorKey({ status: 409, code: 'code_taken' })).toBe('admin.places.errors.code_taken');
    expect(createErrorKey({ status: 500, code: 'internal_error' })).toBeUndefined();
  });
});
