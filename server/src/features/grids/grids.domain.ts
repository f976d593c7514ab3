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
