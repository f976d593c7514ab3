import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client.ts';
import { messageKeys } from '../i18n/messages.ts';
import { zhCN } from '../i18n/zh-CN.ts';
import { describeError, GENERAL_CODES } from './error-message.ts';

describe('describeError', () => {
  it('maps network failures, 404 and 5xx to polite keys', () => {
    expect(describeError(new ApiError(0, 'network_error', 'Failed to fetch'))).toEqual({ key: 'errors.network' });
    expect(describeError(new ApiError(404, 'grid_not_found', 'No grid'))).toEqual({ key: 'errors.notFound' });
    expect(describeError(new ApiError(500, 'internal_error', 'Internal server error'))).toEqual({ key: 'errors.server' });
  });
  it('shows a short server message for other 4xx, never a JSON blob', () => {
    expect(describeError(new ApiError(400, 'invalid_request', 'lon: lon must be ≤ 180'))).toEqual({ key: 'errors.badRequest', params: { message: 'lon: lon must be ≤ 180' } });
    expect(describeError(new ApiError(400, 'x', '{"error":{}}'))).toEqual({ key: 'errors.generic' });
  });
  it('says the general server codes in the user\'s language, whatever the status', () => {
    expect(describeError(new ApiError(400, 'invalid_text', 'q contains a NUL character'))).toEqual({ key: 'errors.codes.invalid_text' });
    expect(describeError(new ApiError(503, 'query_timeout', 'The request took too long and was stopped'))).toEqual({ key: 'errors.codes.query_timeout' });
    expect(describeError(new ApiError(413, 'too_many_features', 'x'))).toEqual({ key: 'errors.codes.too_many_features' });
    const keys = new Set(messageKeys(zhCN));
    expect(GENERAL_CODES.filter((c) => !keys.has(`errors.codes.${c}`))).toEqual([]);
  });
  it('falls back for anything else', () => {
    expect(describeError(new TypeError('boom'))).toEqual({ key: 'errors.generic' });
    expect(describeError(null)).toEqual({ key: 'errors.generic' });
  });
});
