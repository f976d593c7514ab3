import { maskPhone } from '../residents/residents.domain.ts';

/** Household band of a jurisdiction (default 200–500 households per unit grid). */
export interface HouseholdBand {
  min: number;
  max: number;
}

export type BandStatus = 'under' | 'within' | 'over';

export const SPECIAL_GROUPS = [
  'elderly_alone', 'disabled', 'low_income', 'unemployed', 'migrant', 'renter', 'key_person',
] as const;
export type SpecialGroup = (typeof SPECIAL_GROUPS)[number];

/** Where a household count lies against the band; both ends are inside. */
export function bandStatus(households: number, band: HouseholdBand): BandStatus {
  if (households < band.min) return 'under';
  if (households > band.max) return 'over';
  return 'within';
}

// building a DateTimeFormat costs ~60 µs and formatting one ~2 µs; every tile and lookup needs the
// date, so keep the formats and each zone's last answer for its minute (zones change offset on whole minutes)
const formats = new Map<string, { format: Intl.DateTimeFormat; minute: number; date: string }>();

/** The calendar date (YYYY-MM-DD) of an instant in China Standard Time, which decides the plan in force. */
export function planDate(now: Date, timeZone = 'Asia/Shanghai'): string {
  const minute = Math.floor(now.getTime() / 60_000);
  let zone = formats.get(timeZone);
  if (zone?.minute === minute) return zone.date;
  zone ??= { format: new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }), minute, date: '' };
  zone.minute = minute;
  zone.date = zone.format.format(now);
  formats.set(timeZone, zone);
  return zone.date;
}

/** Where a caller's grants of one permission apply: jurisdiction code prefixes and grid codes. */
export interface CodeScope {
  prefixes: readonly string[];
  gridCodes: readonly string[];
}

/** True when the scope covers the grid: its code is granted, or its community lies under a granted jurisdiction. */
export function scopeCoversGrid(scope: CodeScope, gridCode: string, communityCode: string): boolean {
  return scope.gridCodes.includes(gridCode) || scope.prefixes.some((p) => communityCode.startsWith(p));
}

/** A member of a grid's staff as the grid panel shows them: role, name and work phone. */
export interface StaffContact {
  userId: number;
  role: 'grid_leader' | 'grid_assistant' | 'supervisor' | 'community_manager';
  displayName: string;
  phone: string | null;
  via: 'grid' | 'community';
}

/**
 * A work phone is not a resident's personal data, but it is still a person's number: whoever works
 * the grid (its ledger or its plan) gets it in full to call; anyone else signed in sees it masked.
 */
export function staffContacts<T extends { phone: string | null }>(staff: readonly T[], fullPhones: boolean): (T & { phoneMasked: boolean })[] {
  return staff.map((s) => ({ ...s, phone: fullPhones ? s.phone : maskPhone(s.phone), phoneMasked: !fullPhones && s.phone !== null }));
}
