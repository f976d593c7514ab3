// Pure rules for adding households and residents and moving a household: the building and
// household choices (there is no endpoint listing buildings, so they come from the ledger rows
// the user has seen), request bodies from the forms, and the server's field errors as messages.
import { addressWords, buildingWords, conflictCurrent, placeOf, SPECIAL_GROUPS, type Words } from './residents.ts';

export const HOUSING = ['owned', 'rented', 'public', 'other'] as const;
export const RELATIONS = ['head', 'spouse', 'child', 'parent', 'grandchild', 'other'] as const;
export type Housing = (typeof HOUSING)[number];
export type Relation = (typeof RELATIONS)[number];

/** What a ledger row tells about where a resident lives. */
export interface SeenRow {
  building: { id: number; name: string | null; number?: string | null; address?: string | null };
  compound?: string | null;
  community?: string | null;
  household: { id: number; entrance: number; room: string };
}

/** A building to choose, with what names it in words (compound, name or number). */
export interface BuildingOption {
  id: number;
  name: string | null;
  number?: string | null;
  address?: string | null;
  compound?: string | null;
  community?: string | null;
}

/** The "more buildings" control the forms show under their building select. */
export interface MoreBuildings {
  load: () => void;
  busy: boolean;
  done: boolean;
}

export interface HouseholdOption {
  id: number;
  building: BuildingOption;
  entrance: number;
  room: string;
}

/** A household the picker's search found (GET /api/households): head's name masked by the server. */
export interface HouseholdHit {
  id: number;
  entrance: number;
  room: string;
  building: { id: number; name: string | null; number: string | null; address: string | null };
  compound: string | null;
  community: string | null;
  head: string | null;
  members: number;
}

/** A search hit as a household option. */
export function hitOption(h: HouseholdHit): HouseholdOption {
  return { id: h.id, building: { ...h.building, compound: h.compound, community: h.community }, entrance: h.entrance, room: h.room };
}

const text = (s: string | null | undefined) => s ?? '';
const byName = (a: BuildingOption, b: BuildingOption) =>
  text(a.compound).localeCompare(text(b.compound), 'zh-CN') || text(a.name).localeCompare(text(b.name), 'zh-CN')
  || text(a.number).localeCompare(text(b.number), 'zh-CN', { numeric: true }) || a.id - b.id;

/** A row's building as an option: the building and the compound and community around it. */
const optionOf = (r: SeenRow): BuildingOption => ({ ...r.building, compound: r.compound ?? null, community: r.community ?? null });

/** Buildings met so far plus those of new rows; unique by id, sorted by compound, name, number. */
export function buildingOptions(prev: readonly BuildingOption[], rows: readonly SeenRow[]): BuildingOption[] {
  const all = new Map(prev.map((b) => [b.id, b]));
  for (const r of rows) all.set(r.building.id, optionOf(r));
  return [...all.values()].sort(byName);
}

/** A building in words: its compound (or street address, or community), then its name or number. */
export function buildingLabel(b: BuildingOption): Words[] {
  const place = placeOf({ building: b, compound: b.compound, community: b.community });
  const building = buildingWords(b);
  return [...(place ? [{ text: place }] : []), ...(building ? [building] : [])];
}

/** A household in words: building label, entrance and room. */
export function householdLabel(h: HouseholdOption): Words[] {
  const { place, flat } = addressWords({ building: h.building, compound: h.building.compound, community: h.building.community, household: h });
  return [...place, ...flat];
}

/** Households met so far plus those of new rows (a newer row wins, e.g. after a move); sorted by building, entrance, room. */
export function householdOptions(prev: readonly HouseholdOption[], rows: readonly SeenRow[]): HouseholdOption[] {
  const all = new Map(prev.map((h) => [h.id, h]));
  for (const r of rows) all.set(r.household.id, { id: r.household.id, building: optionOf(r), entrance: r.household.entrance, room: r.household.room });
  return [...all.values()].sort((a, b) => byName(a.building, b.building) || a.entrance - b.entrance || a.room.localeCompare(b.room, 'zh-CN', { numeric: true }));
}

export interface HouseholdForm {
  buildingId: number | null;
  entrance: string;
  room: string;
  housing: Housing;
}

/** An empty household form; entrance 1 is the server's default too. */
export function emptyHousehold(buildingId: number | null = null): HouseholdForm {
  return { buildingId, entrance: '1', room: '', housing: 'owned' };
}

/** Entrance as the server takes it; a non-number goes as NaN (sent as null) so the server names the field. */
const entranceOf = (s: string) => (/^\s*\d+\s*$/.test(s) ? Number(s) : Number.NaN);

/** The POST /api/households body, or the field a person must fill first. */
export function householdBody(form: HouseholdForm) {
  if (form.buildingId === null) return { missing: 'buildingId' as const };
  return { body: { buildingId: form.buildingId, entrance: entranceOf(form.entrance), room: form.room.trim(), housing: form.housing } };
}

/** Only what changes in a move (building, entrance, room), compared with the household as seen. */
export function moveBody(seen: HouseholdOption, form: HouseholdForm): { buildingId?: number; entrance?: number; room?: string } {
  const patch: { buildingId?: number; entrance?: number; room?: string } = {};
  if (form.buildingId !== null && form.buildingId !== seen.building.id) patch.buildingId = form.buildingId;
  if (form.entrance.trim() && entranceOf(form.entrance) !== seen.entrance) patch.entrance = entranceOf(form.entrance);
  if (form.room.trim() && form.room.trim() !== seen.room) patch.room = form.room.trim();
  return patch;
}

/** The household as PATCH's 409 carries it (server field names). */
export interface CurrentHousehold {
  id: number;
  buildingId: number;
  entrance: number;
  room: string;
  version: number;
}

/** Whether the household someone saved still sits where the user saw it: then a 409 only means we lacked its version. */
export function sameHousehold(seen: HouseholdOption, current: CurrentHousehold): boolean {
  return current.id === seen.id && current.buildingId === seen.building.id && current.entrance === seen.entrance && current.room === seen.room;
}

/** The current household a PATCH 409 carries, when it has the fields a move needs. */
export function conflictHousehold(err: unknown): CurrentHousehold | null {
  const c = conflictCurrent<Partial<CurrentHousehold>>(err);
  const ok = c && typeof c.id === 'number' && typeof c.buildingId === 'number' && typeof c.entrance === 'number' && typeof c.room === 'string' && typeof c.version === 'number';
  return ok ? (c as CurrentHousehold) : null;
}

/** The household version a ledger row carries, if the server sends one (older servers do not). */
export function householdVersionOf(h: { version?: number }): number | undefined {
  return typeof h.version === 'number' && h.version > 0 ? h.version : undefined;
}

export interface NewResidentForm {
  householdId: number | null;
  name: string;
  gender: '' | 'M' | 'F';
  birthDate: string;
  idNumber: string;
  phone: string;
  relation: Relation;
  specialGroups: string[];
}

/** An empty resident form, for a household when one was just created. */
export function emptyResident(householdId: number | null = null): NewResidentForm {
  return { householdId, name: '', gender: '', birthDate: '', idNumber: '', phone: '', relation: 'head', specialGroups: [] };
}

/** The POST /api/residents body: empty optional fields are left out, groups in canonical order. */
export function residentBody(form: NewResidentForm) {
  if (form.householdId === null) return { missing: 'householdId' as const };
  const groups = SPECIAL_GROUPS.filter((g) => form.specialGroups.includes(g));
  return {
    body: {
      householdId: form.householdId,
      name: form.name.trim(),
      relation: form.relation,
      specialGroups: groups,
      ...(form.idNumber.trim() ? { idNumber: form.idNumber.trim().toUpperCase() } : {}),
      ...(form.phone.trim() ? { phone: form.phone.trim() } : {}),
      ...(form.gender ? { gender: form.gender } : {}),
      ...(form.birthDate ? { birthDate: form.birthDate } : {}),
    },
  };
}

export type HouseholdField = 'buildingId' | 'entrance' | 'room' | 'housing' | 'form';
export type HouseholdErrors = Partial<Record<HouseholdField, string>>;

const HOUSEHOLD_REASONS: [HouseholdField, RegExp, string][] = [
  ['buildingId', /scope/i, 'households.errors.buildingScope'],
  ['buildingId', /./, 'households.errors.building'],
  ['entrance', /./, 'households.errors.entrance'],
  ['room', /required/i, 'households.errors.roomRequired'],
  ['room', /already taken/i, 'households.errors.roomTaken'],
  ['room', /./, 'households.errors.room'],
  ['housing', /./, 'households.errors.housing'],
];

/** Maps a household 400's details [{field, message}] to messages under the fields; the rest goes to the form. */
export function householdErrors(details: unknown): HouseholdErrors {
  const errors: HouseholdErrors = {};
  for (const d of Array.isArray(details) ? details : []) {
    const field = typeof d?.field === 'string' ? d.field : '';
    const message = typeof d?.message === 'string' ? d.message : '';
    const hit = HOUSEHOLD_REASONS.find(([f, re]) => f === field && re.test(message));
    if (hit) errors[hit[0]] ??= hit[2];
    else errors.form ??= 'residents.errors.invalid';
  }
  return Object.keys(errors).length ? errors : { form: 'residents.errors.invalid' };
}
