import { describe, expect, it } from 'vitest';
import { addressWords, buildingWords, groupsWords, roomWords, wordOf, GENDER_WORDS, RELATION_WORDS } from './ledger-words.domain.ts';
import { maskName } from './residents.domain.ts';

const at = (over: Partial<Parameters<typeof addressWords>[0]> = {}) => ({
  compound: '农大小区-北区', community: '学院路社区', building: { name: null, number: '3', address: null }, entrance: 2, room: '703', ...over,
});

describe('addresses in words', () => {
  it('reads compound, building number, entrance and room', () => {
    expect(addressWords(at())).toBe('农大小区-北区 3号楼 2单元 703室');
  });
  it('prefers a building\'s name to its number, and falls back to the street address, then the community', () => {
    expect(addressWords(at({ building: { name: '学生公寓3号楼', number: null, address: null } }))).toBe('农大小区-北区 学生公寓3号楼 2单元 703室');
    expect(addressWords(at({ compound: null, building: { name: '10号楼', number: null, address: '学院路 18号' } }))).toBe('学院路 18号 10号楼 2单元 703室');
    expect(addressWords(at({ compound: null }))).toBe('学院路社区 3号楼 2单元 703室');
    expect(buildingWords({ name: null, number: null, address: null })).toBe('');
  });
  it('adds 室 only to rooms that are numbers', () => {
    expect(roomWords('1203')).toBe('1203室');
    expect(roomWords('B1203')).toBe('B1203');
  });
});

describe('codes in words', () => {
  it('says every code in Chinese and keeps an unknown one rather than dropping it', () => {
    expect(wordOf(GENDER_WORDS, 'M')).toBe('男');
    expect(wordOf(GENDER_WORDS, null)).toBe('');
    expect(wordOf(RELATION_WORDS, 'head')).toBe('户主');
    expect(wordOf(RELATION_WORDS, 'cousin')).toBe('cousin');
    expect(groupsWords(['elderly_alone', 'low_income'])).toBe('独居老人、低保户');
  });
});

describe('maskName', () => {
  it('keeps the surname and, from three characters, the last one', () => {
    expect(maskName('张三丰')).toBe('张*丰');
    expect(maskName('李四')).toBe('李*');
    expect(maskName('欧阳娜娜')).toBe('欧**娜');
    expect(maskName('王')).toBe('王');
    expect(maskName(null)).toBe(null);
  });
});
