/** The ledger in words, as the exports write it: Chinese values for every code, addresses from their parts. Pure. */
import type { SpecialGroup } from '../grids/grids.domain.ts';

export const GENDER_WORDS: Record<string, string> = { M: '男', F: '女' };
export const RELATION_WORDS: Record<string, string> = { head: '户主', spouse: '配偶', child: '子女', parent: '父母', grandchild: '孙辈', other: '其他' };
export const GROUP_WORDS: Record<SpecialGroup, string> = {
  elderly_alone: '独居老人', disabled: '残疾人', low_income: '低保户', unemployed: '失业人员', migrant: '流动人口', renter: '租户', key_person: '重点人员',
};
export const HOUSING_WORDS: Record<string, string> = { owned: '自有住房', rented: '租住', public: '公房', other: '其他' };

/** Where a household is, as the database holds it. */
export interface AddressParts {
  compound: string | null;
  community: string | null;
  building: { name: string | null; number: string | null; address: string | null };
  entrance: number;
  room: string;
}

/** The place a building stands in: its compound, else its street address, else its community. */
export function placeWords(p: AddressParts): string {
  return p.compound ?? p.building.address ?? p.community ?? '';
}

/** A building by its name, else its number: "学生公寓3号楼", "3号楼". */
export function buildingWords(b: AddressParts['building']): string {
  return b.name ?? (b.number ? `${b.number}号楼` : '');
}

/** A room as written on a door: digits get 室 ("703室"), anything else stays as entered ("B1203", "地下室"). */
export function roomWords(room: string): string {
  return /^\d+$/.test(room) ? `${room}室` : room;
}

/** The whole address: "农大小区-北区 3号楼 2单元 703室". */
export function addressWords(p: AddressParts): string {
  return [placeWords(p), buildingWords(p.building), `${p.entrance}单元`, roomWords(p.room)].filter(Boolean).join(' ');
}

/** A value's word, or the value itself when it has none (never an empty cell for a recorded code). */
export function wordOf(words: Record<string, string>, code: string | null): string {
  return code === null ? '' : (words[code] ?? code);
}

/** Special groups in words, joined with 、 */
export function groupsWords(groups: readonly string[]): string {
  return groups.map((g) => wordOf(GROUP_WORDS, g)).join('、');
}
