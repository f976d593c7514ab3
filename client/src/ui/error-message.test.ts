import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client.ts';
import { createAppI18n } from '../i18n/index.ts';
import type { Locale } from '../i18n/messages.ts';
import { describeError, sayError } from './error-message.ts';

const say = (locale: Locale) => {
  const { t, te } = createAppI18n(locale).global;
  return (err: unknown) => sayError(describeError(err), t as never, te as never);
};
const zh = say('zh-CN');
const en = say('en');

describe('describeError', () => {
  it('maps network failures and 5xx to polite texts', () => {
    expect(describeError(new ApiError(0, 'network_error', 'Failed to fetch'))).toEqual({ key: 'errors.network' });
    expect(zh(new ApiError(500, 'something_broke', 'Internal server error'))).toBe('服务器暂时出现问题，请稍后再试。');
  });

  it('says every code it knows by its own text, whatever the status', () => {
    expect(describeError(new ApiError(404, 'grid_not_found', 'No grid'))).toEqual({ key: 'errors.codes.grid_not_found' });
    expect(describeError(new ApiError(503, 'query_timeout', 'The request took too long'))).toEqual({ key: 'errors.codes.query_timeout' });
    expect(zh(new ApiError(409, 'grid_locked', 'Grid 1 is locked; unlock it first'))).toBe('该网格已锁定，请先解锁。');
    expect(en(new ApiError(400, 'scope_too_large', 'Draft a plan for a street office or a community'))).toBe('Plans are drafted for a street office or a community; choose one.');
  });

  it('never shows the server\'s English: a code it does not know is named, any other reply is generic', () => {
    const newer = new ApiError(400, 'brand_new_rule', 'A rule this client has never heard of');
    expect(describeError(newer)).toEqual({ key: 'errors.unknownCode', params: { code: 'brand_new_rule' } });
    expect(zh(newer)).toBe('服务器未接受这次操作（代码 brand_new_rule），此版本的页面无法说明原因。请刷新页面后重试；仍不行请联系管理员。');
    expect(zh(new ApiError(400, '{"error":{}}', 'x'))).toBe('操作未完成，请稍后再试。');
    expect(describeError(new ApiError(404, '', 'Not Found'))).toEqual({ key: 'errors.notFound' });
    expect(describeError(new TypeError('boom'))).toEqual({ key: 'errors.generic' });
    expect(describeError(null)).toEqual({ key: 'errors.generic' });
  });

  it('says each refused field of an invalid_request by its name and the rule it breaks', () => {
    const refused = new ApiError(400, 'invalid_request', 'name: Too big: expected string to have <=60 characters; validFrom: a date is YYYY-MM-DD', [
      { field: 'name', message: 'Too big', reason: 'text_too_long', params: { max: 60 } },
      { field: 'validFrom', message: 'a date is YYYY-MM-DD', reason: 'format' },
    ]);
    expect(zh(refused)).toBe('名称最多 60 个字；生效日期的格式不正确。请修改后重试。');
    expect(en(refused)).toBe('The name must be at most 60 characters; The effective date is not written in the expected form. Correct it and try again.');
    expect(zh(new ApiError(400, 'invalid_request', 'x', [{ field: 'grids.0.mystery', message: 'Required', reason: 'required' }]))).toBe('提交的一项内容必须填写。请修改后重试。');
    expect(zh(new ApiError(400, 'invalid_request', 'x', [{ field: 'name', message: 'contains a NUL', reason: 'bad_text', params: { textIssue: 'nul' } }])))
      .toBe('名称含有空字符（U+0000），无法保存。请修改后重试。');
    // a newer server's reason, or details without one, still never in English
    expect(zh(new ApiError(400, 'invalid_request', 'x', [{ field: 'name', message: 'Shiny new rule', reason: 'shiny' }]))).toBe('名称无效。请修改后重试。');
    expect(zh(new ApiError(400, 'invalid_request', 'lon: lon must be ≤ 180'))).toBe('提交的内容有误，请检查后重试。');
  });

  it('says what is wrong with a refused geometry, from the schema, the service or PostGIS', () => {
    const schema = new ApiError(400, 'invalid_geometry', 'geom: polygon ring 0 is not closed', [
      { field: 'geom', message: 'polygon ring 0 is not closed', reason: 'geometry', problem: { code: 'ring_not_closed', params: { ring: 1 } } },
    ]);
    expect(zh(schema)).toBe('图形无效：环（外边界）没有闭合：首尾两点不同。请修改图形后重试。');
    const service = new ApiError(400, 'invalid_geometry', 'geom: Self-intersection', [
      { field: 'geom', message: 'Self-intersection', reason: 'geometry', problem: { code: 'invalid_geometry', params: { defect: 'self_intersection' } }, location: [116.3, 40] },
    ]);
    expect(zh(service)).toBe('图形无效：边界自相交。请修改图形后重试。');
    expect(en(service)).toBe('The shape is not valid: the boundary crosses itself. Correct the shape and try again.');
    expect(zh(new ApiError(400, 'invalid_geometry', 'The geometry is not valid: it has a Z', { defect: 'has_z' }))).toBe('图形无效：带有高程（Z）坐标，只能使用经度和纬度。请修改图形后重试。');
    expect(zh(new ApiError(400, 'invalid_geometry', 'x', { defect: 'from_the_future' }))).toBe('图形无效：不符合几何图形规范。请修改图形后重试。');
    expect(zh(new ApiError(400, 'invalid_geometry', 'x'))).toBe('图形无效（如边界自相交或环没有闭合），请修改图形后重试。');
    // a geometry among other refused fields
    expect(zh(new ApiError(400, 'invalid_request', 'x', [
      { field: 'within', message: 'x', reason: 'geometry', problem: { code: 'no_rings', params: {} } }, { field: 'toCode', message: 'x', reason: 'format' },
    ]))).toBe('圈选范围无效：面至少需要一个环；目标网格的格式不正确。请修改后重试。');
  });
});
