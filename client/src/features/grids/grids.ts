import { SPECIAL_GROUPS, type Band, type BandStatus, type SpecialGroup } from '../../api/types.ts';

/** Where a household count falls against the band; the same rule the server applies. */
export function bandStatus(households: number, band: Band): BandStatus {
  if (households < band.min) return 'under';
  if (households > band.max) return 'over';
  return 'within';
}

/**
 * Position of a count on a gauge whose middle third is the band: 0–1/3 under, 1/3–2/3 within,
 * 2/3–1 over (capped at twice the band maximum), so the marker reads at a glance.
 */
export function bandGaugePosition(households: number, band: Band): number {
  const third = 1 / 3;
  if (households <= band.min) return band.min <= 0 ? third : Math.max(0, (households / band.min) * third);
  if (households <= band.max) return third + ((households - band.min) / Math.max(band.max - band.min, 1)) * third;
  const overSpan = Math.max(band.max, 1);
  return Math.min(1, 2 * third + ((households - band.max) / overSpan) * third);
}

/** Special-group counts in the canonical order, missing ones as 0. */
export function specialGroupRows(groups: Partial<Record<SpecialGroup, number>>): { group: SpecialGroup; count: number }[] {
  return SPECIAL_GROUPS.map((group) => ({ group, count: groups[group] ?? 0 }));
}

/** Households per hectare, or null for a grid without area. */
export function householdDensity(households: number, areaM2: number): number | null {
  return areaM2 > 0 ? households / (areaM2 / 10_000) : null;
}

/** A tel: link for a work phone: digits (and a leading +) only, so 010-6234 5678 dials as written. */
export function telHref(phone: string): string {
  return `tel:${phone.replace(/[^\d+]/g, '')}`;
}
