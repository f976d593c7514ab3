import { describe, expect, it } from 'vitest';
import type { AdminCategory } from '../../api/incident-admin.ts';
import {
  categoryForm, categoryPatch, categoryTree, checkCategoryForm, checkDayForm, checkDepartmentForm, departmentPlaces, manageCodes, newCategoryBody,
  nextClassCode, nextMinorCode, stillWrong, weekday,
} from './incident-admin.ts';

const cat = (code: string, extra: Partial<AdminCategory> = {}): AdminCategory => ({
  code, parentCode: code.length === 4 ? code.slice(0, 2) : null, name: `类${code}`, nameEn: `C${code}`, kind: 'event',
  filing: code.length === 4 ? { zh: '立案', en: 'file' } : null, closing: code.length === 4 ? { zh: '结案', en: 'close' } : null,
  limit: code.length === 4 ? { value: 4, unit: 'working_hours' } : null, responsible: code.length === 4 ? 'sanitation' : null,
  active: true, sortOrder: 0, version: 3, updatedAt: '2026-01-01T00:00:00.000Z', ...extra,
});

describe('the category tree', () => {
  const tree = categoryTree([cat('01'), cat('0101'), cat('0102'), cat('0104'), cat('20', { kind: 'local' }), cat('2001', { kind: 'local' })]);

  it('puts each minor class under its class, in the list’s order', () => {
    expect(tree.map((n) => [n.cls.code, n.minors.map((m) => m.code)])).toEqual([['01', ['0101', '0102', '0104']], ['20', ['2001']]]);
  });

  it('offers the first free codes', () => {
    expect(nextMinorCode(tree[0]!)).toBe('0103');
    expect(nextClassCode(tree)).toBe('21');
    expect(nextClassCode(categoryTree([cat('01')]))).toBe('20');
  });
});

describe('the category form', () => {
  it('checks what the server would refuse: codes, names, conditions, unit kind and limits', () => {
    const f = { ...categoryForm(undefined, '0199'), nameZh: '新小类', filingZh: '条件', closingZh: '结案', responsible: 'water' };
    expect(checkCategoryForm(f, { isClass: false, creating: true, parentCode: '01' })).toEqual({});
    const wrong = (patch: Partial<typeof f>) => Object.keys(checkCategoryForm({ ...f, ...patch }, { isClass: false, creating: true, parentCode: '01' }));
    expect(wrong({ code: '0299' })).toEqual(['code']);
    expect(wrong({ code: '0100' })).toEqual(['code']);
    expect(wrong({ code: '019' })).toEqual(['code']);
    expect(wrong({ limitUnit: 'working_days', limitValue: '0' })).toEqual(['limit']);
    expect(wrong({ limitUnit: 'working_days', limitValue: '1.5' })).toEqual(['limit']);
    expect(wrong({ limitUnit: 'working_hours', limitValue: '1.5' })).toEqual([]);
    expect(wrong({ limitUnit: 'hours', limitValue: '3651' })).toEqual(['limit']);
    expect(wrong({ nameZh: ' ', filingZh: '', responsible: '' })).toEqual(['nameZh', 'filingZh', 'responsible']);
    expect(Object.keys(checkCategoryForm({ ...f, code: '19', filingZh: '' }, { isClass: true, creating: true }))).toEqual(['code']);
    expect(Object.keys(checkCategoryForm({ ...f, code: '2101' }, { isClass: false, creating: true, parentCode: '20' }, 'minor.'))).toEqual(['minor.code']);
  });

  it('sends a local class with its first minor class, and a limit only with its unit', () => {
    const cls = { ...categoryForm(undefined, '20'), nameZh: '防汛 ' };
    const minor = { ...categoryForm(undefined, '2001'), nameZh: '积水', filingZh: '积水超过 10 厘米', closingZh: '已排除', responsible: 'water', limitValue: '2', limitUnit: 'working_days' as const };
    expect(newCategoryBody(cls, minor)).toEqual({
      code: '20', nameZh: '防汛', active: true,
      minors: [{ code: '2001', nameZh: '积水', filing: { zh: '积水超过 10 厘米' }, closing: { zh: '已排除' }, limit: { value: 2, unit: 'working_days' }, responsible: 'water', active: true }],
    });
    expect(newCategoryBody({ ...minor, limitUnit: '' })).toMatchObject({ code: '2001', limit: null });
  });

  it('patches only what changed', () => {
    const c = cat('0102');
    expect(categoryPatch(categoryForm(c), c)).toEqual({});
    expect(categoryPatch({ ...categoryForm(c), limitValue: '2', active: false }, c)).toEqual({ limit: { value: 2, unit: 'working_hours' }, active: false });
    expect(categoryPatch({ ...categoryForm(c), limitUnit: '' }, c)).toEqual({ limit: null });
    // a class never sends conditions, limits or units
    const cls = cat('01');
    expect(categoryPatch({ ...categoryForm(cls), nameZh: '市容', limitUnit: 'hours', limitValue: '1' }, cls)).toEqual({ nameZh: '市容' });
  });
});

describe('departments and days', () => {
  it('offers the street offices and counties under the admin’s grants', () => {
    const tree = [{ id: 1, code: '110108', name: '海淀区', level: 'county', children: [
      { id: 2, code: '110108010', name: '学院路街道', level: 'town', children: [{ id: 3, code: '110108010031', name: '富润社区', level: 'community' }] },
      { id: 4, code: '110108011', name: '清河街道', level: 'town' },
    ] }];
    expect(departmentPlaces(tree, ['110108']).map((p) => [p.label, p.depth])).toEqual([['海淀区', 0], ['学院路街道', 1], ['清河街道', 1]]);
    expect(departmentPlaces(tree, ['110108010']).map((p) => [p.label, p.depth])).toEqual([['学院路街道', 0]]);
    const roles = [{ role: 'admin', scope: { jurisdiction: { code: '110108' } } }, { role: 'planner', scope: { jurisdiction: { code: '120101' } } }];
    expect(manageCodes(roles)).toEqual(['110108']);
  });

  it('checks a department and a local day before sending', () => {
    expect(checkDepartmentForm({ name: '城管队', kind: 'urban_management', phone: '010-0000 1001', active: true })).toEqual({});
    expect(Object.keys(checkDepartmentForm({ name: '', kind: '', phone: 'call me', active: true }))).toEqual(['name', 'kind', 'phone']);
    expect(checkDayForm({ date: '2026-12-07', kind: 'holiday', nameZh: '区庆' })).toEqual({});
    expect(Object.keys(checkDayForm({ date: '2026-02-30', kind: 'festival', nameZh: '' }))).toEqual(['date', 'kind', 'nameZh']);
    expect([weekday('2026-12-07'), weekday('2026-12-06')]).toEqual(['mon', 'sun']);
  });

  it('keeps only the messages of fields still wrong as a form is mended, flagging nothing new', () => {
    const before = checkDayForm({ date: '', kind: 'holiday', nameZh: '' });
    expect(Object.keys(stillWrong(before, checkDayForm({ date: '2026-12-07', kind: 'festival', nameZh: '' })))).toEqual(['nameZh']);
  });
});
