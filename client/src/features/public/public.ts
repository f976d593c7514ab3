// The public pages' rules, pure: how a step or a status is named, dates in
// Beijing time, what the small maps draw. Residents need no account for any of it.
import { INCIDENT_VOCABULARY } from '../../../../server/src/features/incidents/incidents.vocabulary.ts';

type Lang = 'zh' | 'en';
const lang = (locale: string): Lang => (locale.startsWith('zh') ? 'zh' : 'en');
type Vocabulary = typeof INCIDENT_VOCABULARY;

/** The name of a workflow step or status in the locale (the workflow's own words); null for a code it does not know. */
export function vocabularyName(kind: 'actions' | 'statuses', code: string, locale: string): string | null {
  const names = INCIDENT_VOCABULARY[kind] as Record<string, Vocabulary['actions'][keyof Vocabulary['actions']]>;
  return names[code]?.[lang(locale)] ?? null;
}

const TIME_ZONE = 'Asia/Shanghai';

/** An instant as a date and time in Beijing, where the cases are (a phone abroad still reads the local time of the case). */
export function formatDateTime(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false, timeZone: TIME_ZONE }).format(new Date(iso));
}

/** An instant as a date in Beijing. */
export function formatDay(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'numeric', day: 'numeric', timeZone: TIME_ZONE }).format(new Date(iso));
}

/** The first day (Beijing) of a period of the last `days` days before `now`, as the list's `from`. */
export function periodStart(days: number | null, now: Date): string | undefined {
  if (days === null) return undefined;
  const start = new Date(now.getTime() - days * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: TIME_ZONE }).format(start);
}

/** Stars for a rating of 1–5 (filled, then empty). */
export const stars = (n: number) => '★'.repeat(n) + '☆'.repeat(5 - n);

/** The follow link as a full address to keep (the server answers a path). */
export const absoluteUrl = (path: string, origin: string) => new URL(path, origin).toString();

/** A category as the form offers it: a class with its minor classes. */
export interface CategoryRow {
  code: string;
  parentCode: string | null;
  name: string;
  nameEn: string;
}

/** The classes (two-digit codes) and, for each, its minor classes, in the locale's words. */
export function categoryTree(rows: readonly CategoryRow[], locale: string) {
  const word = (r: CategoryRow) => (lang(locale) === 'zh' ? r.name : r.nameEn);
  const classes = rows.filter((r) => r.parentCode === null).map((r) => ({ value: r.code, label: word(r) }));
  const minors = (code: string) => rows.filter((r) => r.parentCode === code).map((r) => ({ value: r.code, label: word(r) }));
  return { classes, minors };
}

/** The outline, the points and the chosen place the small maps draw, as one collection told apart by `part`. */
export function overlayFeatures(o: { boundary?: GeoJSON.Polygon | GeoJSON.MultiPolygon | null; points?: readonly { lon: number; lat: number; id: number }[]; place?: [number, number] | null }): GeoJSON.FeatureCollection {
  const features: GeoJSON.Feature[] = [];
  if (o.boundary) features.push({ type: 'Feature', properties: { part: 'boundary' }, geometry: o.boundary });
  for (const p of o.points ?? []) features.push({ type: 'Feature', properties: { part: 'point', id: p.id }, geometry: { type: 'Point', coordinates: [p.lon, p.lat] } });
  if (o.place) features.push({ type: 'Feature', properties: { part: 'place' }, geometry: { type: 'Point', coordinates: o.place } });
  return { type: 'FeatureCollection', features };
}

/** The box around what a small map shows (its outline or its points), or null when there is nothing. */
export function overlayBbox(fc: GeoJSON.FeatureCollection): [number, number, number, number] | null {
  const xs: number[] = [];
  const ys: number[] = [];
  const add = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      xs.push(c[0]);
      ys.push(c[1] as number);
    } else if (Array.isArray(c)) c.forEach(add);
  };
  for (const f of fc.features) if (f.geometry.type !== 'GeometryCollection') add(f.geometry.coordinates);
  if (xs.length === 0) return null;
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}
