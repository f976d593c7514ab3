import { describe, expect, it } from 'vitest';
import {
  buildingLabel, buildingOptions, conflictHousehold, hitOption, householdLabel, emptyHousehold, emptyResident, householdBody, householdErrors, householdOptions, householdVersionOf, moveBody, residentBody, sameHousehold,
} from './households.ts';

const row = (bid: number, name: string | null, hid: number, entrance: number, room: string) =>
  ({ building: { id: bid, name }, household: { id: hid, entrance, room } });

describe('building and household choices from the rows seen', () => {
  it('keeps each building once, sorted by name then id, and adds new ones', () => {
    const first = buildingOptions([], [row(2, '乙楼', 10, 1, '101'), row(1, '甲楼', 11, 1, '102'), row(2, '乙楼', 12, 1, '103')]);
    expect(first.map((b) => b.id)).toEqual([1, 2]);
    expect(buildingOptions(first, [row(3, null, 13, 1, '1')]).map((b) => b.id)).toEqual([3, 1, 2]);
  });
  it('lets a newer row of a household replace the old one (a move)', () => {
    const before = householdOptions([], [row(1, 'A', 10, 1, '101'), row(1, 'A', 11, 2, '9')]);
    expect(before.map((h) => h.id)).toEqual([10, 11]);
    const after = householdOptions(before, [row(2, 'B', 10, 3, '301')]);
    expect(after.find((h) => h.id === 10)).toEqual({ id: 10, building: { id: 2, name: 'B', compound: null, community: null }, entrance: 3, room: '301' });
  });
  it('names buildings and households in words: compound, name or number, entrance, room', () => {
    const say = (ws: ReturnType<typeof buildingLabel>) => ws.map((w) => ('text' in w ? w.text : `${w.key}:${Object.values(w.params).join()}`)).join(' ');
    const b = { id: 7, name: null, number: '3', address: null, compound: '农大小区', community: '东升社区' };
    expect(say(buildingLabel(b))).toBe('农大小区 residents.address.building:3');
    expect(say(householdLabel({ id: 1, building: b, entrance: 2, room: '703' }))).toBe('农大小区 residents.address.building:3 residents.address.entrance:2 residents.address.room:703');
    const hit = { id: 5, entrance: 1, room: '101', building: { id: 7, name: null, number: '3', address: null }, compound: '农大小区', community: null, head: '张*', members: 3 };
    expect(hitOption(hit)).toEqual({ id: 5, building: { ...hit.building, compound: '农大小区', community: null }, entrance: 1, room: '101' });
  });
});

describe('household bodies', () => {
  it('needs a building, trims the room and sends the entrance as a number', () => {
    expect(householdBody(emptyHousehold())).toEqual({ missing: 'buildingId' });
    expect(householdBody({ buildingId: 5, entrance: ' 2 ', room: ' 301 ', housing: 'rented' })).toEqual({ body: { buildingId: 5, entrance: 2, room: '301', housing: 'rented' } });
  });
  it('passes a non-number entrance on as NaN so the server names the field', () => {
    expect(householdBody({ buildingId: 5, entrance: '2a', room: '1', housing: 'owned' }).body?.entrance).toBeNaN();
  });
  it('moves only what changed', () => {
    const seen = { id: 10, building: { id: 1, name: 'A' }, entrance: 1, room: '101' };
    expect(moveBody(seen, { buildingId: 1, entrance: '1', room: '101', housing: 'owned' })).toEqual({});
    expect(moveBody(seen, { buildingId: 2, entrance: '', room: '', housing: 'owned' })).toEqual({ buildingId: 2 });
    expect(moveBody(seen, { buildingId: 2, entrance: '3', room: '302', housing: 'owned' })).toEqual({ buildingId: 2, entrance: 3, room: '302' });
  });
  it('tells a 409 that only lacked the version from one where the household really moved', () => {
    const seen = { id: 10, building: { id: 1, name: 'A' }, entrance: 1, room: '101' };
    expect(sameHousehold(seen, { id: 10, buildingId: 1, entrance: 1, room: '101', version: 4 })).toBe(true);
    expect(sameHousehold(seen, { id: 10, buildingId: 7, entrance: 1, room: '101', version: 4 })).toBe(false);
    expect(sameHousehold(seen, { id: 10, buildingId: 1, entrance: 1, room: '102', version: 4 })).toBe(false);
  });
  it('reads a household version only when the row has a real one', () => {
    expect(householdVersionOf({})).toBeUndefined();
    expect(householdVersionOf({ version: 0 })).toBeUndefined();
    expect(householdVersionOf({ version: 3 })).toBe(3);
  });
});

describe('resident bodies', () => {
  it('needs a household and leaves empty optional fields out', () => {
    expect(residentBody(emptyResident())).toEqual({ missing: 'householdId' });
    expect(residentBody({ ...emptyResident(7), name: ' 李四 ' })).toEqual({ body: { householdId: 7, name: '李四', relation: 'head', specialGroups: [] } });
  });
  it('upper-cases the ID number and orders the groups canonically', () => {
    const { body } = residentBody({ ...emptyResident(7), name: 'a', idNumber: '11010519491231002x', phone: '13800001111', gender: 'F', birthDate: '1949-12-31',
      relation: 'spouse', specialGroups: ['key_person', 'elderly_alone'] });
    expect(body).toEqual({ householdId: 7, name: 'a', idNumber: '11010519491231002X', phone: '13800001111', gender: 'F', birthDate: '1949-12-31',
      relation: 'spouse', specialGroups: ['elderly_alone', 'key_person'] });
  });
});

describe('household field errors', () => {
  it('puts each server reason under its field and the rest on the form', () => {
    expect(householdErrors([{ field: 'buildingId', message: 'not in your scope' }, { field: 'room', message: 'room is required' }, { field: 'entrance', message: 'entrance must be ≤ 99' }]))
      .toEqual({ buildingId: 'households.errors.buildingScope', room: 'households.errors.roomRequired', entrance: 'households.errors.entrance' });
    expect(householdErrors([{ field: 'room', message: 'already taken in this building and entrance' }])).toEqual({ room: 'households.errors.roomTaken' });
    expect(householdErrors([{ field: '', message: 'nothing to change' }])).toEqual({ form: 'residents.errors.invalid' });
    expect(householdErrors(undefined)).toEqual({ form: 'residents.errors.invalid' });
  });
});

describe('household conflicts', () => {
  it('reads the current household from a 409 version_conflict only', () => {
    const current = { id: 10, buildingId: 1, entrance: 1, room: '101', housing: 'owned', version: 3 };
    expect(conflictHousehold({ status: 409, code: 'version_conflict', details: { current } })).toEqual(current);
    expect(conflictHousehold({ status: 409, code: 'version_conflict', details: { current: { id: 10 } } })).toBeNull();
    expect(conflictHousehold({ status: 400, code: 'invalid_request', details: { current } })).toBeNull();
  });
});
