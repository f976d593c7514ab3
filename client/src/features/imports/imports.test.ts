import { describe, expect, it } from 'vitest';
import { checkFeatures, readFeatureCollection } from '../../../../server/src/features/imports/geojson.domain.ts';
import { parseImport } from '../../../../server/src/features/imports/imports.domain.ts';
import { IMPORT_PROBLEM_CODES, importsApi, PLAN_FILE_PROBLEM_CODES, PROBLEM_WORDS, type ImportProblem } from '../../api/imports.ts';
import { en } from '../../i18n/en.ts';
import { createAppI18n } from '../../i18n/index.ts';
import type { Locale } from '../../i18n/messages.ts';
import { zhCN } from '../../i18n/zh-CN.ts';
import {
  defaultHouseholds, failureText, featureText, formKey, importQuery, locationText, problemKey, problemsOf, problemText, WORD_KEYS,
} from './imports.ts';

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
  it('keys coded problems (of base-data and plan files) by their code, and knows no other', () => {
    expect(problemKey({ code: 'crs_shift', params: { crs: 'gcj02' } })).toEqual({ key: 'imports.problems.crs_shift', params: { crs: 'gcj02' } });
    expect(problemKey({ code: 'missing_properties', params: { hint: 'derive' } })!.key).toBe('imports.problems.missing_properties.derive');
    expect(problemKey({ code: 'building_twice', params: { grid: 'A', row: 2 } })!.key).toBe('imports.problems.building_twice');
    expect(problemKey({ code: 'something_new' as never })).toBeNull();
  });
  it('reads problems only from import_invalid errors', () => {
    const problems = [{ index: 0, code: 'empty_file' as const, message: 'x' }];
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

// every code and word the server can put in a problem has a text in both languages: a code or word
// added on the server without one fails here
describe('texts for every import problem the server can emit', () => {
  const has = (messages: object, path: string) => path.split('.').reduce<unknown>((m, k) => (m as Record<string, unknown> | undefined)?.[k], messages);
  it.each([['zh-CN', zhCN], ['en', en]] as const)('%s has a message for every code', (_, messages) => {
    for (const code of [...IMPORT_PROBLEM_CODES, ...PLAN_FILE_PROBLEM_CODES]) {
      const keys = code === 'missing_properties' ? PROBLEM_WORDS.hint.map((h) => `imports.problems.${code}.${h}`) : [`imports.problems.${code}`];
      for (const key of keys) expect(typeof has(messages, key), key).toBe('string');
    }
  });
  it.each([['zh-CN', zhCN], ['en', en]] as const)('%s has a word for every value of every word param', (_, messages) => {
    expect(Object.keys(WORD_KEYS).sort()).toEqual(Object.keys(PROBLEM_WORDS).filter((k) => k !== 'hint').sort());
    for (const [param, ns] of Object.entries(WORD_KEYS)) {
      for (const v of PROBLEM_WORDS[param as keyof typeof WORD_KEYS]) expect(typeof has(messages, `${ns}.${v}`), `${ns}.${v}`).toBe('string');
    }
  });
});

describe('problemText', () => {
  const say = (locale: Locale) => {
    const { t, te } = createAppI18n(locale).global;
    return (p: ImportProblem) => problemText(p, t as never, te as never);
  };
  const fc = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });
  const sq = [[116.3, 40], [116.301, 40], [116.301, 40.001], [116.3, 40.001], [116.3, 40]];

  it('says what the server found, in Chinese by default, with the property, the rule and the value', () => {
    const zh = say('zh-CN');
    const parsed = parseImport('buildings', fc([{ type: 'Feature', geometry: { type: 'Polygon', coordinates: [sq] }, properties: { households: 2.5 } }]),
      { jurisdiction: '110108010', crs: 'wgs84' });
    expect(zh(parsed.problems[0]!)).toBe('属性 households 应为 0 到 10000 之间的整数（文件中是 2.5）');
    expect(say('en')(parsed.problems[0]!)).toBe('Property households must be a whole number from 0 to 10000 (the file has 2.5)');
    const levels = parseImport('jurisdictions', fc([{ type: 'Feature', geometry: { type: 'Polygon', coordinates: [sq] }, properties: { code: '110108010001', name: '社区', level: 'town' } }]),
      { jurisdiction: '110108010', crs: 'wgs84' });
    expect(zh(levels.problems[0]!)).toBe('属性 level 与代码不符：12 位代码是社区（村），不是街道（乡镇）（文件中是 "town"）');
  });

  it('says where in a geometry: the outer ring, a hole, a part', () => {
    const zh = say('zh-CN');
    const open = sq.slice(0, 4);
    const lines = { type: 'MultiLineString', coordinates: [[[116.3, 40], [116.31, 40]], [[116.3, 40]]] };
    const feature = (geometry: unknown) => ({ type: 'Feature', properties: {}, geometry });
    const { problems } = checkFeatures([feature({ type: 'Polygon', coordinates: [open] }), feature({ type: 'Polygon', coordinates: [sq, open] }), feature(lines)], 'polygon');
    expect(problems.map(zh)).toEqual(['环（外边界）没有闭合：首尾两点不同', '环（第 1 个内洞）没有闭合：首尾两点不同',
      '几何类型 MultiLineString 不能用于此处，应为面（Polygon 或 MultiPolygon）']);
    expect(zh(checkFeatures([feature(lines)], 'line').problems[0]!)).toBe('线（第 2 部分）只有 1 个点，至少需要 2 个');
    expect(zh(readFeatureCollection('{"type": "FeatureCollection", "features": [}').problems[0]!)).toBe('文件不是有效的 JSON：第 1 行第 44 列有误');
  });

  it('translates the words in params: a geometry defect, what a jurisdiction still has, the coordinate system', () => {
    const zh = say('zh-CN');
    expect(zh({ index: 0, code: 'invalid_geometry', params: { defect: 'self_intersection' }, message: 'Invalid geometry: Self-intersection' })).toBe('图形无效：边界自相交');
    expect(zh({ index: null, code: 'jurisdiction_in_use', params: { code: '110108010031', name: '富润社区', uses: 'buildings,grid_plans' }, message: 'x' }))
      .toBe('已有辖区 110108010031 富润社区 不在文件中，但仍有楼栋、网格方案：请在文件中保留它，或先迁走这些数据');
    expect(say('en')({ index: null, code: 'jurisdiction_in_use', params: { code: '1', name: 'n', uses: 'buildings,grid_plans' }, message: 'x' })).toMatch(/still has buildings, grid plans:/);
    expect(zh({ index: null, code: 'crs_shift', params: { offsetM: 500, crs: 'gcj02', ref: 'buildings', against: 'x', asIs: '2%', corrected: '90%' }, message: 'x' }))
      .toMatch(/^数据与已有楼栋整体偏移约 500 米.*按 GCJ-02（高德、腾讯） 转换后 90% 吻合/);
  });

  it('says the problems of plan files in the user\'s language too', () => {
    expect(say('zh-CN')({ index: 1, code: 'building_twice', params: { grid: '110108010024001', row: 2 }, message: 'x' }))
      .toBe('这栋楼在第 2 行已分给网格 110108010024001，一栋楼只能属于一个网格');
    expect(say('en')({ index: null, code: 'grid_outside_scope', params: { scope: '110108010024' }, message: 'x' })).toMatch(/^The grid lies outside this draft's scope 110108010024:/);
  });

  it('never shows the server\'s English: a code it does not know (a newer server) is named as such', () => {
    expect(say('zh-CN')({ index: null, code: 'brand_new' as never, message: 'The CSV holds no rows' })).toBe('文件有一处问题（代码 brand_new），此版本的页面无法说明：请刷新页面后重试');
  });
});

describe('failureText', () => {
  const { t } = createAppI18n('zh-CN').global;
  it('names the household option the server refused and its limits, and the jurisdiction; leaves general errors to the app', () => {
    expect(failureText({ code: 'invalid_request', details: [{ field: 'defaultFloors', message: 'must be ≥ 1' }] }, t as never)).toBe('“缺省层数”应为 1 到 200 之间的整数');
    expect(failureText({ code: 'invalid_request', details: [{ field: 'floorsProperty', message: 'x' }] }, t as never)).toBe('“层数属性名”不能为空，也不能含空格');
    expect(failureText({ code: 'invalid_request', details: [{ field: 'kind', message: 'x' }] }, t as never)).toBe('导入请求有误，请刷新页面后重试');
    expect(failureText({ code: 'jurisdiction_not_found' }, t as never)).toBe('所选辖区不存在，或不在您的管辖范围内');
    expect(failureText({ code: 'forbidden' }, t as never)).toBeNull();
  });
});

