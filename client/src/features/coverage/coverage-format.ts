// How the coverage screens write times, distances and durations (Beijing time, the UI's language).

const tag = (locale: string) => (locale === 'en' ? 'en-GB' : 'zh-CN');

/** A moment as month, day and time in Beijing (03-03 09:05 / 3月3日 09:05), '' for none. */
export function when(iso: string | null, locale: string): string {
  if (!iso || Number.isNaN(Date.parse(iso))) return '';
  return new Date(iso).toLocaleString(tag(locale), { timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** A time of day in Beijing with seconds (09:05:12). */
export function timeOfDay(ms: number, locale: string): string {
  return new Date(ms).toLocaleTimeString(tag(locale), { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
}

/** Metres under a kilometre, else kilometres with one decimal. */
export function distance(m: number, locale: string): string {
  if (!Number.isFinite(m)) return '';
  return m < 1000 ? `${Math.round(m)} m` : `${new Intl.NumberFormat(tag(locale), { maximumFractionDigits: 1 }).format(m / 1000)} km`;
}
