import { describe, expect, it } from 'vitest';
import { importsApi } from '../../api/imports.ts';
import { en } from '../../i18n/en.ts';
import { zhCN } from '../../i18n/zh-CN.ts';
import { defaultHouseholds, featureText, formKey, importQuery, locationText, PROBLEM_CODES, problemKey, problemsOf } from './imports.ts';

describe('import form rules', () => {
  const file = { name: 'b.geojson', size: 10, lastModified: 1 } as File;
  it('keys the form so a changed file or option needs a new dry run', () => {
    const f = { kind: 'buildings' as const, jurisdiction: '110108010', mode: 'add' as const, crs: 'wgs84' as const, file, derive: defaultHouseholds() };
    expect(formKey(f)).toBe(formKey({ ...f }));
    expect(formKey(f)).not.toBe(formKey({ ...f, mode: 'replace' }));
    expect(formKey(f)).not.toBe(formKey({ ...f, derive: { ...f.derive, households: 'footprint' } }));
    expect(formKey({ ...f, file: null })).toBe('');
  });
  it('sends the crs only when chosen, and only the household options of the chosen source, for buildings', () => {
    const f = { kind: 'buildings' as const, jurisdiction: '310115', mode: 'replace' as const, crs: 'auto' as const, file, derive: defaultHouseholds() };
    expect(importQuery(f, true)).toEqual({ jurisdiction: '310115', mode: 'replace', dryRun: 'true' });
    expect(importQuery({ ...f, crs: 'gcj02', derive: { ...f.derive, households: 'footprint', defaultFloors: 6 } }, false)).toEqual({
      jurisdiction: '310115', mode: 'replace', dryRun: 'false', crs: 'gcj02', households: 'footprint', floorsProperty: 'floors', defaultFloors: '6', m2PerHousehold: '120',
    });
    expect(importQuery({ ...f, derive: { ...f.derive, households: 'population', populationProperty: ' pop ' } }, true)).toMatchObject({
      households: 'population', populationProperty: 'pop', householdSize: '2.62',
    });
    expect(importQuery({ ...f, kind: 'water', derive: { ...f.derive, households: 'population' } }, true)).not.toHaveProperty('households');
  });
  it('says coded problems in its own words and leaves the rest to the server\'s message', () => {
    expect(problemKey({ code: 'crs_shift', params: { crs: 'gcj02' } })).toEqual({ key: 'imports.problems.crs_shift', params: { crs: 'gcj02' } });
    expect(problemKey({ code: 'missing_properties', params: { hint: 'derive' } })!.key).toBe('imports.problems.missing_properties.derive');
    expect(problemKey({ code: 'something_new' })).toBeNull();
    expect(problemKey({})).toBeNull();
    for (const code of PROBLEM_CODES) {
      expect(zhCN.imports.problems, code).toHaveProperty([code]);
      expect(en.imports.problems, code).toHaveProperty([code]);
    }
  });
  it('reads problems only from import_invalid errors', () => {
    const problems = [{ index: 0, message: 'x' }];
    expect(problemsOf({ code: 'import_invalid', details: { problems } })).toBe(problems);
    expect(problemsOf({ code: 'forbidden' })).toBeNull();
  });
  it('numbers features from 1 and writes locations to 6 decimals', () => {
    expect(featureText({ index: 0, id: 'b1' }, 'file')).toBe('#1 (b1)');
    expect(featureText({ index: null }, 'file')).toBe('file');
    expect(locationText({ location: [116.1234567, 40] })).toBe('116.123457, 40.000000');
    expect(locationText({})).toBe('');
  });
  it('builds export links on the typed client', () => {
    expect(importsApi.planExportUrl(12, 'kml')).toBe('/api/plans/12/export?format=kml');
  });
});
