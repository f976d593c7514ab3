import { describe, expect, it } from 'vitest';
import { actionFilter } from './audit.domain.ts';

describe('action filter', () => {
  it('matches exactly, or by prefix when it ends with *', () => {
    expect(actionFilter(undefined)).toEqual({ exact: null, prefix: null });
    expect(actionFilter('login')).toEqual({ exact: 'login', prefix: null });
    expect(actionFilter('admin.user.*')).toEqual({ exact: null, prefix: 'admin.user.' });
    expect(actionFilter('*')).toEqual({ exact: null, prefix: '' });
  });
});
