import { describe, expect, it } from 'vitest';
import {
  can,
  checkPasswordForm,
  describeScope,
  initials,
  isSessionLost,
  loginErrorKey,
  retryMinutes,
  newPasswordProblem,
  passwordChangeErrors,
  primaryRole,
  roleLabelKey,
  sortRoles,
  type RoleScope,
} from './auth.ts';

const everywhere: RoleScope = { jurisdiction: null, gridCodes: null };
const furun: RoleScope = { jurisdiction: { id: 7, code: '110108010031', name: '富润社区', level: 'community' }, gridCodes: null };
const err = (status: number, code: string, details?: unknown) => ({ status, code, details, message: 'x' });

describe('roles', () => {
  it('lists the most powerful role first, then by scope', () => {
    const roles = [
      { role: 'viewer' as const, scope: everywhere },
      { role: 'grid_leader' as const, scope: { jurisdiction: null, gridCodes: ['110108010031002'] } },
      { role: 'grid_leader' as const, scope: { jurisdiction: null, gridCodes: ['110108010031001'] } },
      { role: 'community_manager' as const, scope: furun },
    ];
    const sorted = sortRoles(roles);
    expect(sorted.map((r) => r.role)).toEqual(['community_manager', 'grid_leader', 'grid_leader', 'viewer']);
    expect(sorted[1]?.scope.gridCodes).toEqual(['110108010031001']);
    expect(roles[0]?.role).toBe('viewer'); // input untouched
    expect(primaryRole(roles)).toBe('community_manager');
    expect(primaryRole([])).toBeNull();
  });
  it('labels known roles and falls back for a role this client does not know', () => {
    expect(roleLabelKey('grid_assistant')).toBe('auth.roles.grid_assistant');
    expect(roleLabelKey('auditor')).toBe('auth.roles.other');
    expect(sortRoles([{ role: 'auditor', scope: everywhere }, { role: 'admin', scope: everywhere }]).map((r) => r.role)).toEqual(['admin', 'auditor']);
  });
});

describe('describeScope', () => {
  it('names a jurisdiction', () => {
    expect(describeScope(furun)).toEqual({ key: 'auth.scope.jurisdiction', params: { name: '富润社区' } });
  });
  it('names one grid, or the lowest code and how many', () => {
    expect(describeScope({ jurisdiction: null, gridCodes: ['110108010031001'] })).toEqual({ key: 'auth.scope.grid', params: { code: '110108010031001' } });
    expect(describeScope({ jurisdiction: null, gridCodes: ['110108010031003', '110108010031001'] })).toEqual({
      key: 'auth.scope.grids',
      params: { code: '110108010031001', n: '2' },
    });
  });
  it('names grids by name and community once they are known, never by a bare code then', () => {
    const named = new Map([
      ['110108010031001', { name: '富润家园网格', community: '富润社区' }],
      ['110108010031002', { name: '富润社区第2网格', community: '富润社区' }],
      ['110108010031003', { name: '农大网格', community: null }],
    ]);
    const one = (code: string) => describeScope({ jurisdiction: null, gridCodes: [code] }, named);
    expect(one('110108010031001')).toEqual({ key: 'auth.scope.gridIn', params: { name: '富润家园网格', community: '富润社区' } });
    // a name that already says its community is not told it twice; a community not yet known is left out
    expect(one('110108010031002')).toEqual({ key: 'auth.scope.gridNamed', params: { name: '富润社区第2网格' } });
    expect(one('110108010031003')).toEqual({ key: 'auth.scope.gridNamed', params: { name: '农大网格' } });
    expect(one('110108010031009')).toEqual({ key: 'auth.scope.grid', params: { code: '110108010031009' } });
    expect(describeScope({ jurisdiction: null, gridCodes: ['110108010031003', '110108010031001'] }, named)).toEqual({
      key: 'auth.scope.gridsNamed',
      params: { name: '富润家园网格', n: '2' },
    });
  });
  it('tells everywhere from no grids at all', () => {
    expect(describeScope(everywhere)).toEqual({ key: 'auth.scope.all' });
    expect(describeScope({ jurisdiction: null, gridCodes: [] })).toEqual({ key: 'auth.scope.none' });
  });
});

describe('can', () => {
  it('grants exact permissions only', () => {
    expect(can(['map:read', 'residents:read'], 'residents:read')).toBe(true);
    expect(can(['map:read'], 'residents:read')).toBe(false);
    expect(can([], 'map:read')).toBe(false);
    expect(can(['residents:read'], 'residents:reveal')).toBe(false);
  });
  it('understands a global and a family wildcard, but not a prefix that only looks alike', () => {
    expect(can(['*'], 'users:manage')).toBe(true);
    expect(can(['residents:*'], 'residents:reveal')).toBe(true);
    expect(can(['residents.*'], 'residents.reveal')).toBe(true);
    expect(can(['residents:*'], 'residentsx:read')).toBe(false);
    expect(can(['residents:*'], 'grids:read')).toBe(false);
  });
});

describe('initials', () => {
  it('takes the first character of a Chinese name and two Latin initials', () => {
    expect(initials('王建国')).toBe('王');
    expect(initials('Grid Leader')).toBe('GL');
    expect(initials('admin')).toBe('A');
    expect(initials('  ')).toBe('?');
  });
});

describe('sign-in failures', () => {
  it('read the same for a wrong password, an unknown user and a locked account', () => {
    expect(loginErrorKey(err(401, 'invalid_credentials'))).toBe('auth.errors.invalidCredentials');
    expect(loginErrorKey(err(401, 'account_locked'))).toBe('auth.errors.invalidCredentials');
  });
  it('tell rate limits, bad input, network and server failures apart', () => {
    expect(loginErrorKey(err(429, 'rate_limited'))).toBe('auth.errors.rateLimited');
    expect(retryMinutes(err(429, 'rate_limited', { retryAfterS: 61 }))).toBe(2);
    expect(retryMinutes(err(429, 'rate_limited'))).toBe(10);
    expect(loginErrorKey(err(400, 'invalid_input'))).toBe('auth.errors.missingFields');
    expect(loginErrorKey(err(0, 'network_error'))).toBe('errors.network');
    expect(loginErrorKey(err(503, 'unavailable'))).toBe('errors.server');
    expect(loginErrorKey(new Error('boom'))).toBe('auth.errors.failed');
  });
  it('a lost session is any 401 except wrong credentials', () => {
    expect(isSessionLost(401, 'unauthenticated')).toBe(true);
    expect(isSessionLost(401, 'http_error')).toBe(true);
    expect(isSessionLost(401, 'invalid_credentials')).toBe(false);
    expect(isSessionLost(403, 'forbidden')).toBe(false);
  });
});

describe('password change', () => {
  it('checks the form before asking the server', () => {
    expect(checkPasswordForm('', '', '', 'leader.furun1')).toEqual({ currentPassword: 'auth.passwordForm.required', newPassword: 'auth.passwordForm.required', confirmPassword: 'auth.passwordForm.required' });
    expect(checkPasswordForm('old-pass', 'old-pass', 'old-pass', 'x')).toEqual({ newPassword: 'auth.passwordForm.sameAsCurrent' });
    expect(checkPasswordForm('old-pass', 'New-pass-10', 'New-pass-20', 'x')).toEqual({ confirmPassword: 'auth.passwordForm.mismatch' });
    expect(checkPasswordForm('old-pass', 'New-pass-10', 'New-pass-10', 'x')).toEqual({});
  });
  it("applies the server's password rule: 10+ characters, letters and digits, not the username", () => {
    expect(newPasswordProblem('Abc-12345', 'x')).toBe('auth.passwordForm.tooShort');
    expect(newPasswordProblem('Abc-123456', 'x')).toBeUndefined();
    expect(newPasswordProblem('a1'.repeat(101), 'x')).toBe('auth.passwordForm.tooLong');
    expect(newPasswordProblem('abcdefghijk', 'x')).toBe('auth.passwordForm.lettersAndDigits');
    expect(newPasswordProblem('12345678901', 'x')).toBe('auth.passwordForm.lettersAndDigits');
    expect(newPasswordProblem('2026-Admin-9', 'admin')).toBe('auth.passwordForm.containsUsername');
  });
  it('puts server errors on the field they concern', () => {
    expect(passwordChangeErrors(err(401, 'invalid_credentials'))).toEqual({ currentPassword: 'auth.passwordForm.currentWrong' });
    expect(passwordChangeErrors(err(400, 'weak_password'))).toEqual({ newPassword: 'auth.passwordForm.weak' });
    expect(passwordChangeErrors(err(429, 'account_locked', { retryAfterS: 900 }))).toEqual({ form: 'auth.passwordForm.locked' });
    expect(passwordChangeErrors(err(400, 'weak_password', [{ field: 'newPassword', message: 'at least 10 characters' }]))).toEqual({ newPassword: 'auth.passwordForm.tooShort' });
    expect(passwordChangeErrors(err(400, 'weak_password', [{ field: 'newPassword', message: 'must not contain the username' }]))).toEqual({ newPassword: 'auth.passwordForm.containsUsername' });
    expect(passwordChangeErrors(err(400, 'invalid_input', { fieldErrors: { newPassword: ['too short'] } }))).toEqual({ newPassword: 'auth.passwordForm.weak' });
    expect(passwordChangeErrors(err(400, 'invalid_input', [{ path: ['currentPassword'], message: 'required' }]))).toEqual({ currentPassword: 'auth.passwordForm.invalid' });
    expect(passwordChangeErrors(err(400, 'invalid_input'))).toEqual({ form: 'auth.passwordForm.failed' });
    expect(passwordChangeErrors(err(500, 'internal_error'))).toEqual({ form: 'errors.server' });
    expect(passwordChangeErrors(err(0, 'network_error'))).toEqual({ form: 'errors.network' });
  });
});
