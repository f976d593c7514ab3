import { describe, expect, it } from 'vitest';
import {
  ageOn, conflictCurrent, fieldErrors, formFrom, isFieldError, genderKey, gridOptions, groupKeys, learnGridNames, pageInfo, rangeMessage, addressWords, sayWords, patchFrom, reasonOk, stepOffset,
} from './residents.ts';

const day = (iso: string) => new Date(`${iso}T12:00:00`);
const record = { name: '张航', gender: 'M', birthDate: '1989-08-03', specialGroups: ['renter', 'elderly_alone'] };

describe('age', () => {
  it('counts whole years, turning a year older on the birthday', () => {
    expect(ageOn('1989-08-03', day('2026-08-02'))).toBe(36);
    expect(ageOn('1989-08-03', day('2026-08-03'))).toBe(37);
    expect(ageOn('2000-02-29', day('2025-02-28'))).toBe(24);
    expect(ageOn('2000-02-29', day('2025-03-01'))).toBe(25);
  });
  it('is unknown without a date or for a date after today', () => {
    expect(ageOn(null, day('2026-01-01'))).toBeNull();
    expect(ageOn('not a date', day('2026-01-01'))).toBeNull();
    expect(ageOn('2027-01-01', day('2026-01-01'))).toBeNull();
  });
});

describe('labels', () => {
  it('names genders, with a fallback for missing ones', () => {
    expect(genderKey('F')).toBe('residents.gender.F');
    expect(genderKey(null)).toBe('residents.gender.unknown');
    expect(genderKey('X')).toBe('residents.gender.unknown');
  });
  it('lists special groups in the canonical order and drops unknown tags', () => {
    expect(groupKeys(['renter', 'elderly_alone', 'alien'])).toEqual(['grid.groups.elderly_alone', 'grid.groups.renter']);
  });
});

describe('paging', () => {
  it('describes the rows shown and the way on', () => {
    expect(pageInfo(0, 50, 50, true)).toMatchObject({ from: 1, to: 50, page: 1, pages: null, total: null, hasPrev: false, hasNext: true });
    expect(pageInfo(100, 50, 12, false)).toMatchObject({ from: 101, to: 112, page: 3, hasPrev: true, hasNext: false });
    expect(pageInfo(0, 50, 0, false)).toMatchObject({ from: 0, to: 0, page: 1, hasPrev: false, hasNext: false });
  });
  it('counts pages from an exact total, and none from a capped one', () => {
    expect(pageInfo(50, 50, 50, true, 1234, true)).toMatchObject({ page: 2, pages: 25, total: 1234, totalCapped: false });
    expect(pageInfo(0, 50, 50, true, 100_000, false)).toMatchObject({ pages: null, total: 100_000, totalCapped: true });
    expect(pageInfo(0, 50, 0, false, 0, true)).toMatchObject({ pages: 1, total: 0 });
  });
  it('says the total first, grouped as the locale groups digits', () => {
    expect(rangeMessage(pageInfo(50, 50, 50, true, 1234), 'zh-CN')).toEqual({ key: 'residents.total', params: { total: '1,234', from: '51', to: '100' } });
    expect(rangeMessage(pageInfo(0, 50, 50, true, 100_000, false), 'en')).toMatchObject({ key: 'residents.totalCapped', params: { total: '100,000' } });
    expect(rangeMessage(pageInfo(0, 50, 0, false, 0), 'zh-CN')).toEqual({ key: 'residents.totalNone', params: {} });
    expect(rangeMessage(pageInfo(0, 50, 7, false), 'zh-CN')).toEqual({ key: 'residents.range', params: { from: '1', to: '7' } });
  });
  it('steps by a page and never below zero', () => {
    expect(stepOffset(50, 50, 1)).toBe(100);
    expect(stepOffset(30, 50, -1)).toBe(0);
  });
});

describe('grid filter options', () => {
  it('merges sources, keeps only grid codes, sorted and unique', () => {
    expect(gridOptions(['110108010031002'], [null, '110108010031001'], ['110108010031002', 'abc', undefined])).toEqual([
      '110108010031001', '110108010031002',
    ]);
  });
});

describe('grid names', () => {
  it('learns names from rows and keeps what it knew', () => {
    const first = learnGridNames(new Map(), [{ gridCode: '110108010031002', gridName: '富润家园' }, { gridCode: null, gridName: null }]);
    const next = learnGridNames(first, [{ gridCode: '110108010031003', gridName: null }]);
    expect([...next]).toEqual([['110108010031002', { name: '富润家园', community: null }]]);
    // a row says the grid's community; the map's own grids, which do not, keep it
    const told = learnGridNames(next, [{ gridCode: '110108010031002', gridName: '富润家园', community: '富润社区' }]);
    expect(learnGridNames(told, [{ gridCode: '110108010031002', gridName: '富润家园' }]).get('110108010031002')).toEqual({ name: '富润家园', community: '富润社区' });
  });
});

describe('addresses in words', () => {
  const say = (ws: Parameters<typeof sayWords>[0]) => sayWords(ws, (k, p) => `${k}:${Object.values(p).join('/')}`);
  it('reads compound, building number, entrance and room, never a database id', () => {
    const w = addressWords({ compound: '农大小区', community: '东升社区', building: { name: null, number: '3', address: null }, household: { entrance: 2, room: '703' } });
    expect(say(w.place)).toBe('农大小区 residents.address.building:3');
    expect(say(w.flat)).toBe('residents.address.entrance:2 residents.address.room:703');
  });
  it('falls back to the street address, then the community, and keeps a room that is not a number as written', () => {
    expect(say(addressWords({ compound: null, community: '东升社区', building: { name: '动力楼', number: null, address: '学院路 18号' }, household: { entrance: 1, room: 'B12' } }).place)).toBe('学院路 18号 动力楼');
    expect(say(addressWords({ compound: null, community: '东升社区', building: { name: null, number: '9' }, household: { entrance: 1, room: 'B12' } }).flat)).toBe('residents.address.entrance:1 B12');
    expect(addressWords({ building: { name: null }, household: { entrance: 1, room: '1' } }).place).toEqual([]);
  });
});

describe('reveal reason', () => {
  it('needs four characters after trimming, counting Chinese characters as one each', () => {
    expect(reasonOk('  abc ')).toBe(false);
    expect(reasonOk('入户走访')).toBe(true);
    expect(reasonOk('核实')).toBe(false);
  });
});

describe('edit form', () => {
  it('starts from the record without the masked ID number and phone', () => {
    expect(formFrom({ ...record, gender: null, birthDate: null })).toEqual({
      name: '张航', idNumber: '', phone: '', gender: '', birthDate: '', specialGroups: ['elderly_alone', 'renter'],
    });
  });
  it('sends only what changed; an empty ID number or phone keeps the stored one', () => {
    const form = formFrom(record);
    expect(patchFrom(form, record)).toEqual({});
    form.name = ' 张航宇 ';
    form.phone = '13812345678';
    form.idNumber = '11010519491231002x';
    form.specialGroups = ['renter'];
    expect(patchFrom(form, record)).toEqual({ name: '张航宇', phone: '13812345678', idNumber: '11010519491231002X', specialGroups: ['renter'] });
  });
});

describe('server errors', () => {
  it('puts each 400 detail under its field', () => {
    expect(fieldErrors([
      { field: 'idNumber', message: 'idNumber has a wrong check character' },
      { field: 'phone', message: 'phone must be a mobile (11 digits from 13…19) or a landline with area code' },
      { field: 'birthDate', message: 'birthDate must be a past date' },
    ])).toEqual({ idNumber: 'residents.errors.idChecksum', phone: 'residents.errors.phone', birthDate: 'residents.errors.birthPast' });
    expect(fieldErrors([{ field: 'idNumber', message: 'idNumber has a birth date in the future' }])).toEqual({ idNumber: 'residents.errors.idFuture' });
    expect(fieldErrors([{ field: 'name', message: 'name is required' }])).toEqual({ name: 'residents.errors.nameRequired' });
  });
  it('puts an ID number or a flat someone else holds (409) under its field, and no other 409', () => {
    expect(fieldErrors([{ field: 'idNumber', message: 'already registered to another resident' }])).toEqual({ idNumber: 'residents.errors.idTaken' });
    expect(isFieldError({ status: 409, code: 'duplicate_id_number' })).toBe(true);
    expect(isFieldError({ status: 409, code: 'duplicate_household' })).toBe(true);
    expect(isFieldError({ status: 400, code: 'invalid_request' })).toBe(true);
    expect(isFieldError({ status: 409, code: 'version_conflict' })).toBe(false);
    expect(isFieldError({ status: 404, code: 'resident_not_found' })).toBe(false);
  });
  it('sends unknown fields and missing details to the form', () => {
    expect(fieldErrors([{ field: '', message: 'nothing to change' }])).toEqual({ form: 'residents.errors.invalid' });
    expect(fieldErrors(undefined)).toEqual({ form: 'residents.errors.invalid' });
  });
  it('finds the current record in a version conflict only', () => {
    const current = { id: 1, version: 3 };
    expect(conflictCurrent({ status: 409, code: 'version_conflict', details: { current } })).toBe(current);
    expect(conflictCurrent({ status: 409, code: 'other', details: { current } })).toBeNull();
    expect(conflictCurrent({ status: 400, code: 'version_conflict' })).toBeNull();
  });
});
