/** Formats an integer with locale grouping (12,345 / 12,345). */
export function formatInt(n: number, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(Math.round(n));
}

export type AreaUnit = 'm2' | 'ha' | 'km2';

/** Picks a readable unit for an area in m²: m² below 1 ha, hectares below 1 km², then km². */
export function areaParts(m2: number, locale: string): { value: string; unit: AreaUnit } {
  const abs = Math.abs(m2);
  if (abs < 10_000) return { value: formatInt(m2, locale), unit: 'm2' };
  if (abs < 1_000_000) return { value: new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(m2 / 10_000), unit: 'ha' };
  return { value: new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(m2 / 1_000_000), unit: 'km2' };
}

/** Formats an ISO date (YYYY-MM-DD or a timestamp) as a local calendar date; other text passes through. */
export function formatDate(iso: string, locale: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  // build the date in UTC and format in UTC so the day never shifts with the viewer's zone
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(d);
}
