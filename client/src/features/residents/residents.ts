// Pure rules of the residents ledger UI: ages, labels, paging, the edit form and the mapping of
// the server's field errors to messages. No Vue, no HTTP: tested on its own.
import { SPECIAL_GROUPS, type SpecialGroup } from '../../api/types.ts';
import type { GridWords } from '../auth/auth.ts';

export { SPECIAL_GROUPS };
export type { SpecialGroup };

/** Whole years between an ISO birth date and today (calendar arithmetic, no time zones); null if unknown. */
export function ageOn(birthDate: string | null, today: Date): number | null {
  const m = birthDate ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate) : null;
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [ty, tm, td] = [today.getFullYear(), today.getMonth() + 1, today.getDate()];
  const age = ty - y - (tm < mo || (tm === mo && td < d) ? 1 : 0);
  return age >= 0 ? age : null;
}

/** Message key of a gender code; unknown or missing genders read as "not recorded". */
export function genderKey(gender: string | null): string {
  return gender === 'M' || gender === 'F' ? `residents.gender.${gender}` : 'residents.gender.unknown';
}

/** Message keys of a resident's special groups in the canonical order; unknown tags are dropped. */
export function groupKeys(groups: readonly string[]): string[] {
  return SPECIAL_GROUPS.filter((g) => groups.includes(g)).map((g) => `grid.groups.${g}`);
}

/** One piece of an address: text as stored (a compound's name), or a message with its parameters ("3号楼"). */
export type Words = { text: string } | { key: string; params: Record<string, string | number> };

/** Where a building is, as the server gives it. */
export interface BuildingPlace {
  building: { name: string | null; number?: string | null; address?: string | null };
  compound?: string | null;
  community?: string | null;
}

/** The place a building stands in: its compound, else its street address, else its community; null when none is known. */
export function placeOf(p: BuildingPlace): string | null {
  return p.compound ?? p.building.address ?? p.community ?? null;
}

/** A building by its name, else its number ("3号楼"); null for neither. */
export function buildingWords(b: BuildingPlace['building']): Words | null {
  if (b.name) return { text: b.name };
  return b.number ? { key: 'residents.address.building', params: { n: b.number } } : null;
}

/** Entrance and room in words: "2单元 703室" (a room that is not a number stays as entered). */
export function flatWords(h: { entrance: number; room: string }): Words[] {
  return [{ key: 'residents.address.entrance', params: { n: h.entrance } }, /^\d+$/.test(h.room) ? { key: 'residents.address.room', params: { room: h.room } } : { text: h.room }];
}

/** A household's address: compound (or street address, or community), building, entrance, room. */
export function addressWords(p: BuildingPlace & { household: { entrance: number; room: string } }): { place: Words[]; flat: Words[] } {
  const place = placeOf(p);
  const building = buildingWords(p.building);
  return { place: [...(place ? [{ text: place }] : []), ...(building ? [building] : [])], flat: flatWords(p.household) };
}

/** Words as one line, each piece translated by `t`. */
export function sayWords(words: readonly Words[], t: (key: string, params: Record<string, string | number>) => string): string {
  return words.map((w) => ('text' in w ? w.text : t(w.key, w.params))).join(' ');
}

/** A page of a list: which rows it shows (1-based, inclusive), of how many, and where the buttons may go. */
export interface PageInfo {
  from: number;
  to: number;
  page: number;
  /** Pages in all, when the total is exact. */
  pages: number | null;
  total: number | null;
  /** The total is a floor ("100,000+"), not a count. */
  totalCapped: boolean;
  hasPrev: boolean;
  hasNext: boolean;
}

/** Paging from the server's {offset, limit, more, total?, totalExact?} and the count of rows on this page. */
export function pageInfo(offset: number, limit: number, count: number, more: boolean, total?: number, totalExact = true): PageInfo {
  const known = typeof total === 'number';
  return {
    from: count ? offset + 1 : 0,
    to: offset + count,
    page: Math.floor(offset / limit) + 1,
    pages: known && totalExact ? Math.max(1, Math.ceil(total / limit)) : null,
    total: known ? total : null,
    totalCapped: known && !totalExact,
    hasPrev: offset > 0,
    hasNext: more,
  };
}

/** The range line's message: "共 1,234 条，第 1–50 条", "共 100,000+ 条…", or without a total the old "后面还有". */
export function rangeMessage(info: PageInfo, locale: string): { key: string; params: Record<string, string | number> } | null {
  if (!info.from && info.total === null) return null;
  const n = (x: number) => x.toLocaleString(locale);
  if (info.total === null) return { key: info.hasNext ? 'residents.rangeMore' : 'residents.range', params: { from: n(info.from), to: n(info.to) } };
  if (!info.from) return { key: 'residents.totalNone', params: {} };
  return { key: info.totalCapped ? 'residents.totalCapped' : 'residents.total', params: { total: n(info.total), from: n(info.from), to: n(info.to) } };
}

/** A grid in the filter: "富润家园一网格（110108010031002）", or the bare code when its name is not known yet. */
export interface GridChoice {
  code: string;
  name: string | null;
}

/**
 * Grid names learned so far plus those in new rows (code → name and community); a grid without a
 * name is left out, and a community once said is kept when a later source (the map's own grids) has none.
 */
export function learnGridNames(
  prev: ReadonlyMap<string, GridWords>, rows: readonly { gridCode: string | null; gridName?: string | null; community?: string | null }[],
): Map<string, GridWords> {
  const next = new Map(prev);
  for (const r of rows) {
    if (r.gridCode && r.gridName) next.set(r.gridCode, { name: r.gridName, community: r.community ?? next.get(r.gridCode)?.community ?? null });
  }
  return next;
}

/** The offset of the page before or after; never negative. */
export function stepOffset(offset: number, limit: number, dir: -1 | 1): number {
  return Math.max(0, offset + dir * limit);
}

/** A grid code as the server accepts it in ?grid= (14 or 15 digits). */
export function isGridCode(s: string): boolean {
  return /^\d{14,15}$/.test(s);
}

/** Grid codes for the filter: the user's grid scopes, the grid picked on the map, those seen in results; sorted, unique. */
export function gridOptions(...sources: readonly (readonly (string | null | undefined)[])[]): string[] {
  const all = sources.flat().filter((c): c is string => typeof c === 'string' && isGridCode(c));
  return [...new Set(all)].sort();
}

export const REASON_MIN = 4;

/** Whether a reveal reason is long enough for the server (it trims, then needs 4 characters). */
export function reasonOk(reason: string): boolean {
  return [...reason.trim()].length >= REASON_MIN;
}

export type EditField = 'name' | 'idNumber' | 'phone' | 'gender' | 'birthDate' | 'specialGroups';

/** The edit form; ID number and phone start empty because the record only has them masked. */
export interface EditForm {
  name: string;
  idNumber: string;
  phone: string;
  gender: '' | 'M' | 'F';
  birthDate: string;
  specialGroups: string[];
}

interface Editable {
  name: string;
  gender: string | null;
  birthDate: string | null;
  specialGroups: string[];
}

/** A fresh form for a record: masked values are never copied in, so they cannot be saved back. */
export function formFrom(r: Editable): EditForm {
  return {
    name: r.name,
    idNumber: '',
    phone: '',
    gender: r.gender === 'M' || r.gender === 'F' ? r.gender : '',
    birthDate: r.birthDate ?? '',
    specialGroups: SPECIAL_GROUPS.filter((g) => r.specialGroups.includes(g)),
  };
}

/** Only what the user changed, as a PATCH body; empty ID number or phone means "keep". */
export function patchFrom(form: EditForm, r: Editable): Partial<Record<EditField, unknown>> {
  const patch: Partial<Record<EditField, unknown>> = {};
  if (form.name.trim() !== r.name) patch.name = form.name.trim();
  if (form.idNumber.trim()) patch.idNumber = form.idNumber.trim().toUpperCase();
  if (form.phone.trim()) patch.phone = form.phone.trim();
  if (form.gender && form.gender !== r.gender) patch.gender = form.gender;
  if (form.birthDate && form.birthDate !== r.birthDate) patch.birthDate = form.birthDate;
  const groups = SPECIAL_GROUPS.filter((g) => form.specialGroups.includes(g));
  const before = SPECIAL_GROUPS.filter((g) => r.specialGroups.includes(g));
  if (groups.join() !== before.join()) patch.specialGroups = groups;
  return patch;
}

export type FieldErrors = Partial<Record<EditField | 'form', string>>;

/** The server's English reasons per field (zod messages), mapped to message keys; first match wins. */
const REASONS: [EditField, RegExp, string][] = [
  ['name', /required/i, 'residents.errors.nameRequired'],
  ['name', /./, 'residents.errors.nameInvalid'],
  ['idNumber', /17 digits/i, 'residents.errors.idFormat'],
  ['idNumber', /future/i, 'residents.errors.idFuture'],
  ['idNumber', /birth date/i, 'residents.errors.idDate'],
  ['idNumber', /check/i, 'residents.errors.idChecksum'],
  ['idNumber', /already registered/i, 'residents.errors.idTaken'],
  ['idNumber', /./, 'residents.errors.idInvalid'],
  ['phone', /./, 'residents.errors.phone'],
  ['gender', /./, 'residents.errors.gender'],
  ['birthDate', /past/i, 'residents.errors.birthPast'],
  ['birthDate', /./, 'residents.errors.birthDate'],
  ['specialGroups', /./, 'residents.errors.groups'],
];

/** Errors whose details name fields: a 400, or a 409 for an ID number or flat someone else holds. */
export function isFieldError(err: unknown): boolean {
  const e = err as { status?: unknown; code?: unknown } | null;
  return e?.status === 400 || (e?.status === 409 && (e.code === 'duplicate_id_number' || e.code === 'duplicate_household'));
}

/** Maps a 400's (or duplicate 409's) details [{field, message}] to messages under the fields; the rest goes to the form. */
export function fieldErrors(details: unknown): FieldErrors {
  const errors: FieldErrors = {};
  for (const d of Array.isArray(details) ? details : []) {
    const field = typeof d?.field === 'string' ? d.field.split('.')[0] : '';
    const message = typeof d?.message === 'string' ? d.message : '';
    const hit = REASONS.find(([f, re]) => f === field && re.test(message));
    if (hit) errors[hit[0]] ??= hit[2];
    else errors.form ??= 'residents.errors.invalid';
  }
  return Object.keys(errors).length ? errors : { form: 'residents.errors.invalid' };
}

/** The current record carried by a 409 version_conflict, if the error has one. */
export function conflictCurrent<T>(err: unknown): T | null {
  const e = err as { status?: unknown; code?: unknown; details?: { current?: unknown } } | null;
  if (e?.status !== 409 || e.code !== 'version_conflict') return null;
  const current = e.details?.current;
  return current && typeof current === 'object' ? (current as T) : null;
}
