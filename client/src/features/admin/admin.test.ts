import { describe, expect, it } from 'vitest';
import { checkGrants, checkUserForm, defaultScopeKind, draftsFromGrants, emptyGrant, formField, jurisdictionOptions, parseGridCodes, saveErrors, userState, type UserGrant } from './admin.ts';

const GRID = '11010801003101';

describe('grant form', () => {
  it('scopes grid workers to grids and everyone else to a jurisdiction', () => {
    expect(defaultScopeKind('grid_leader')).toBe('grids');
    expect(defaultScopeKind('grid_assistant')).toBe('grids');
    expect(defaultScopeKind('community_manager')).toBe('jurisdiction');
    expect(defaultScopeKind('')).toBe('jurisdiction');
  });

  it('reads grid codes typed with any separator, once each', () => {
    expect(parseGridCodes(` ${GRID}，110108010031002、${GRID}\n110108010031003 `)).toEqual([GRID, '110108010031002', '110108010031003']);
    expect(parseGridCodes('  ')).toEqual([]);
  });

  it('turns complete rows into API grants', () => {
    const { grants, errors } = checkGrants([
      { role: 'grid_leader', kind: 'grids', jurisdictionId: null, gridCodes: GRID },
      { role: 'officer', kind: 'jurisdiction', jurisdictionId: 7, gridCodes: 'ignored' },
    ]);
    expect(errors).toEqual({});
    expect(grants).toEqual([{ role: 'grid_leader', gridCodes: [GRID] }, { role: 'officer', jurisdictionId: 7 }]);
  });

  it('names the missing role and scope of each row', () => {
    const { grants, errors } = checkGrants([emptyGrant(), { role: 'viewer', kind: 'grids', jurisdictionId: null, gridCodes: '' }]);
    expect(grants).toEqual([]);
    expect(errors).toEqual({
      'grants.0.role': { key: 'admin.grants.roleRequired' },
      'grants.0.scope': { key: 'admin.grants.jurisdictionRequired' },
      'grants.1.scope': { key: 'admin.grants.gridsRequired' },
    });
  });

  it('refuses malformed grid codes, naming them', () => {
    const { errors } = checkGrants([{ role: 'grid_leader', kind: 'grids', jurisdictionId: null, gridCodes: `${GRID} 12345` }]);
    expect(errors['grants.0.scope']).toEqual({ key: 'admin.grants.gridCodeFormat', params: { codes: '12345' } });
  });

  it('refuses a row that repeats another, whatever the grid order', () => {
    const { errors } = checkGrants([
      { role: 'grid_leader', kind: 'grids', jurisdictionId: null, gridCodes: `${GRID} 110108010031002` },
      { role: 'grid_leader', kind: 'grids', jurisdictionId: null, gridCodes: `110108010031002 ${GRID}` },
      { role: 'grid_assistant', kind: 'grids', jurisdictionId: null, gridCodes: GRID },
    ]);
    expect(errors).toEqual({ 'grants.1.role': { key: 'admin.grants.repeated' } });
  });

  it('edits a user\'s grants as rows and back without change', () => {
    const grants: UserGrant[] = [
      { role: 'grid_leader', scope: { jurisdiction: null, gridCodes: [GRID] } },
      { role: 'officer', scope: { jurisdiction: { id: 7, code: '110108010031', name: '富润社区', level: 'community' }, gridCodes: null } },
    ];
    expect(checkGrants(draftsFromGrants(grants)).grants).toEqual([{ role: 'grid_leader', gridCodes: [GRID] }, { role: 'officer', jurisdictionId: 7 }]);
  });
});

describe('user form', () => {
  it('accepts a complete form, with or without a phone', () => {
    expect(checkUserForm({ username: 'Leader.New', displayName: '张三', phone: '' }, true)).toEqual({});
    expect(checkUserForm({ username: 'x1', displayName: '张三', phone: '010-62345678' }, true)).toEqual({});
  });

  it('names each bad field', () => {
    expect(checkUserForm({ username: '张三', displayName: ' ', phone: '12345' }, true)).toEqual({
      username: { key: 'admin.users.errors.username' },
      displayName: { key: 'admin.users.errors.required' },
      phone: { key: 'admin.users.errors.phone' },
    });
    expect(checkUserForm({ username: '', displayName: 'x'.repeat(51), phone: '' }, true)).toEqual({
      username: { key: 'admin.users.errors.required' },
      displayName: { key: 'admin.users.errors.displayNameLong' },
    });
  });

  it('does not check the username when editing, since it cannot change', () => {
    expect(checkUserForm({ username: '', displayName: '张三', phone: '13800138000' }, false)).toEqual({});
  });
});

describe('server errors', () => {
  it('maps server field paths onto the form', () => {
    expect(formField('username')).toBe('username');
    expect(formField('grants.1.gridCodes')).toBe('grants.1.scope');
    expect(formField('0.jurisdictionId')).toBe('grants.0.scope');
    expect(formField('grants.2.role')).toBe('grants.2.role');
    expect(formField('grants.3')).toBe('grants.3.scope');
  });

  it('puts 400 details under their fields', () => {
    const err = { status: 400, code: 'unknown_grid', details: [{ field: 'grants.0.gridCodes', message: 'not in any published plan: 11010801003199' }] };
    expect(saveErrors(err)).toEqual({ 'grants.0.scope': { key: 'admin.grants.unknownGrids', params: { detail: '11010801003199' } } });
    const phone = { status: 400, code: 'invalid_request', details: [{ field: 'phone', message: 'phone must be…' }] };
    expect(saveErrors(phone)).toEqual({ phone: { key: 'admin.users.errors.phone' } });
  });

  it('says a taken username under the field, and 409 guards as a sentence', () => {
    expect(saveErrors({ status: 409, code: 'username_taken', details: [{ field: 'username', message: 'taken' }] }))
      .toEqual({ username: { key: 'admin.users.errors.usernameTaken' } });
    expect(saveErrors({ status: 409, code: 'last_admin' })).toEqual({ form: { key: 'admin.users.errors.lastAdmin' } });
    expect(saveErrors({ status: 409, code: 'cannot_deactivate_self' })).toEqual({ form: { key: 'admin.users.errors.deactivateSelf' } });
    expect(saveErrors({ status: 409, code: 'cannot_reset_self' })).toEqual({ form: { key: 'admin.users.errors.resetSelf' } });
  });

  it('leaves anything else to the generic message', () => {
    expect(saveErrors({ status: 500, code: 'internal_error' })).toEqual({ form: { key: '' } });
    expect(saveErrors(new Error('x'))).toEqual({ form: { key: '' } });
  });
});

describe('display', () => {
  it('shows deactivated before locked before active', () => {
    expect(userState({ active: false, locked: true })).toBe('inactive');
    expect(userState({ active: true, locked: true })).toBe('locked');
    expect(userState({ active: true, locked: false })).toBe('active');
  });

  it('lists jurisdictions in tree order with their depth', () => {
    const leaf = (id: number, name: string) => ({ id, code: String(id), name, level: 'community' as const, bbox: null, children: [] });
    const tree = [{ id: 1, code: '1', name: '海淀区', level: 'county' as const, bbox: null, children: [{ ...leaf(2, '学院路街道'), level: 'town' as const, children: [leaf(3, '富润社区')] }] }];
    expect(jurisdictionOptions(tree).map((o) => [o.label, o.depth])).toEqual([['海淀区', 0], ['学院路街道', 1], ['富润社区', 2]]);
  });
});
