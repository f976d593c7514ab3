import { describe, expect, it } from 'vitest';
import { INCIDENT_ACTIONS } from '../incidents/incidents.vocabulary.ts';
import {
  ACTION_KINDS, audienceOfAction, audienceOfOverdue, audienceOfReminder, CENTER_GRANTS, dispatchingLevel, isEmpty, union, type CaseFacts,
} from './notifications.domain.ts';

const atCommunity: CaseFacts = { level: 'community', assignee: null };
const toDepartment: CaseFacts = { level: 'community', assignee: { kind: 'department', unitId: '42' } };
const toGrid: CaseFacts = { level: 'community', assignee: { kind: 'grid', unitId: '110108010031002' } };
const none = { centers: [], departmentId: null, reporter: false, followers: false };

describe('who an action concerns', () => {
  it('dispatch tells the unit it went to: a department\'s members, or the centre of a community or grid', () => {
    expect(audienceOfAction('dispatch', toDepartment)).toEqual({ ...none, departmentId: 42 });
    expect(audienceOfAction('dispatch', toGrid)).toEqual({ ...none, centers: ['grid'] });
    expect(audienceOfAction('dispatch', { level: 'street', assignee: { kind: 'community', unitId: '110108010031' } })).toEqual({ ...none, centers: ['community'] });
    // a malformed unit id names no department rather than a wrong one
    expect(audienceOfAction('dispatch', { level: 'community', assignee: { kind: 'department', unitId: 'x' } })).toEqual(none);
  });

  it('feed_back tells the level that dispatched and the reporter; a grid\'s case is dispatched by its community', () => {
    expect(audienceOfAction('feed_back', toDepartment)).toEqual({ ...none, centers: ['community'], reporter: true });
    expect(audienceOfAction('feed_back', { ...toDepartment, level: 'street' })).toEqual({ ...none, centers: ['street'], reporter: true });
    expect(dispatchingLevel('grid')).toBe('community');
  });

  it('escalate, forward and send_back tell the level that holds the case now', () => {
    expect(audienceOfAction('escalate', { level: 'community', assignee: null })).toEqual({ ...none, centers: ['community'] });
    expect(audienceOfAction('forward', { level: 'county', assignee: null })).toEqual({ ...none, centers: ['county'] });
    expect(audienceOfAction('send_back', { level: 'grid', assignee: null })).toEqual({ ...none, centers: ['grid'] });
  });

  it('requests go to the dispatching centre, their answers to the handler', () => {
    expect(audienceOfAction('request_extension', toDepartment)).toEqual({ ...none, centers: ['community'] });
    expect(audienceOfAction('request_deferral', { ...toDepartment, level: 'street' })).toEqual({ ...none, centers: ['street'] });
    expect(audienceOfAction('approve_request', toDepartment)).toEqual({ ...none, departmentId: 42 });
    expect(audienceOfAction('refuse_request', toGrid)).toEqual({ ...none, centers: ['grid'] });
    expect(audienceOfAction('rework', toDepartment)).toEqual({ ...none, departmentId: 42 });
  });

  it('closing or voiding tells the reporter and the followers', () => {
    for (const a of ['verify', 'self_handle', 'void']) expect(audienceOfAction(a, atCommunity)).toEqual({ ...none, reporter: true, followers: true });
  });

  it('every other action tells nobody, and every action that tells someone is a kind', () => {
    const telling = INCIDENT_ACTIONS.filter((a) => audienceOfAction(a, toDepartment) !== null);
    expect(telling.sort()).toEqual([...ACTION_KINDS].sort());
    expect(audienceOfAction('accept', atCommunity)).toBeNull();
    expect(audienceOfAction('report', atCommunity)).toBeNull();
  });
});

describe('reminders and overdue flags', () => {
  it('remind the handler and the centre holding the case', () => {
    expect(audienceOfReminder(toDepartment)).toEqual({ ...none, centers: ['community'], departmentId: 42 });
    expect(audienceOfReminder(toGrid)).toEqual({ ...none, centers: ['grid', 'community'] });
    expect(audienceOfReminder({ level: 'grid', assignee: null })).toEqual({ ...none, centers: ['grid'] });
  });

  it('flag overdue cases to the level above too, and the county has none above it', () => {
    expect(audienceOfOverdue(toDepartment)).toEqual({ ...none, centers: ['community', 'street'], departmentId: 42 });
    expect(audienceOfOverdue({ level: 'grid', assignee: null })).toEqual({ ...none, centers: ['grid', 'community'] });
    expect(audienceOfOverdue({ level: 'county', assignee: null })).toEqual({ ...none, centers: ['county'] });
  });

  it('union keeps each level once and isEmpty sees nobody', () => {
    expect(union({ ...none, centers: ['grid'] }, { ...none, centers: ['grid', 'street'], followers: true })).toEqual({ ...none, centers: ['grid', 'street'], followers: true });
    expect(isEmpty(none)).toBe(true);
    expect(isEmpty({ ...none, reporter: true })).toBe(false);
  });
});

describe('the centres as grants', () => {
  it('name one rule per level, commanders of a street office apart from those of the county', () => {
    expect(CENTER_GRANTS.map((g) => g.level)).toEqual(['grid', 'community', 'street', 'county']);
    const street = CENTER_GRANTS.find((g) => g.level === 'street')!;
    const county = CENTER_GRANTS.find((g) => g.level === 'county')!;
    expect('110108'.length >= street.minCode).toBe(false);
    expect('110108010'.length).toBeLessThanOrEqual(street.maxCode);
    expect('110108'.length).toBeLessThanOrEqual(county.maxCode);
    expect('110108010'.length <= county.maxCode).toBe(false);
    expect(CENTER_GRANTS.flatMap((g) => g.roles)).not.toContain('admin');
  });
});
