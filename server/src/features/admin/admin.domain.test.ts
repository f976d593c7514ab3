import { describe, expect, it } from 'vitest';
import { parseApiKey, passwordProblem } from '../auth/auth.domain.ts';
import { grantsProblem, isLocked, leavesNoAdmin, newApiKey, normalizeGrant, temporaryPassword } from './admin.domain.ts';

describe('temporary passwords', () => {
  it('are strong, unique, and pass the password rule for their user', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const p = temporaryPassword('ab');
      expect(p).toMatch(/^[A-Za-z2-9]{4}(-[A-Za-z2-9]{4}){3}$/);
      expect(passwordProblem(p, 'ab')).toBeUndefined();
      expect(p.toLowerCase()).not.toContain('ab');
      seen.add(p);
    }
    expect(seen.size).toBe(200);
  });
});

describe('API keys', () => {
  it('have the wgk_<8 alnum>_<secret> format that parseApiKey reads back', () => {
    const k = newApiKey();
    expect(k.prefix).toMatch(/^[A-Za-z0-9]{8}$/);
    expect(parseApiKey(k.key)).toEqual({ prefix: k.prefix, secret: k.secret });
    expect(newApiKey().key).not.toBe(k.key);
  });
});

describe('grants', () => {
  it('refuses a repeated grant, naming it, whatever the order of grid codes', () => {
    expect(grantsProblem([{ role: 'viewer', jurisdictionId: 1 }, { role: 'planner', jurisdictionId: 1 }])).toBeUndefined();
    expect(grantsProblem([{ role: 'viewer', jurisdictionId: 1 }, { role: 'viewer', jurisdictionId: 1 }])?.field).toBe('grants.1');
    expect(grantsProblem([
      { role: 'grid_leader', gridCodes: ['1', '2'] }, { role: 'viewer', jurisdictionId: 3 }, { role: 'grid_leader', gridCodes: ['2', '1', '1'] },
    ])?.field).toBe('grants.2');
  });

  it('drops repeated grid codes and keeps only the scope given', () => {
    expect(normalizeGrant({ role: 'grid_leader', gridCodes: ['b', 'a', 'b'] })).toEqual({ role: 'grid_leader', gridCodes: ['b', 'a'] });
    expect(normalizeGrant({ role: 'viewer', jurisdictionId: 7 })).toEqual({ role: 'viewer', jurisdictionId: 7 });
  });
});

describe('last admin', () => {
  it('is protected only when the change takes away the only active admin', () => {
    expect(leavesNoAdmin({ holdsAdminNow: true, holdsAdminAfter: false, otherActiveAdmins: 0 })).toBe(true);
    expect(leavesNoAdmin({ holdsAdminNow: true, holdsAdminAfter: false, otherActiveAdmins: 1 })).toBe(false);
    expect(leavesNoAdmin({ holdsAdminNow: true, holdsAdminAfter: true, otherActiveAdmins: 0 })).toBe(false);
    expect(leavesNoAdmin({ holdsAdminNow: false, holdsAdminAfter: false, otherActiveAdmins: 0 })).toBe(false);
  });
});

describe('lock state', () => {
  it('is locked only until the lock time', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(isLocked(null, now)).toBe(false);
    expect(isLocked(new Date(now.getTime() + 1), now)).toBe(true);
    expect(isLocked(now, now)).toBe(false);
  });
});
