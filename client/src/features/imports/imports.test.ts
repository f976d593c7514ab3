import { describe, expect, it } from 'vitest';
import { importsApi } from '../../api/imports.ts';
import { featureText, formKey, locationText, problemsOf } from './imports.ts';

describe('import form rules', () => {
  const file = { name: 'b.geojson', size: 10, lastModified: 1 } as File;
  it('keys the form so a changed file or option needs a new dry run', () => {
    const f = { kind: 'buildings' as const, jurisdiction: '110108010', mode: 'add' as const, crs: 'wgs84' as const, file };
    expect(formKey(f)).toBe(formKey({ ...f }));
    expect(formKey(f)).not.toBe(formKey({ ...f, mode: 'replace' }));
    expect(formKey({ ...f, file: null })).toBe('');
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
