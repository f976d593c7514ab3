// Pure helpers of the indicators pane: the periods offered, how rates and durations read, the chart's
// series. Tested in indicators.test.ts.

/** The periods the pane offers, as [from, to) days in Beijing time. */
export type PeriodKey = 'last7' | 'last30' | 'thisMonth' | 'lastMonth' | 'last90';
export const PERIODS: readonly PeriodKey[] = ['last7', 'last30', 'thisMonth', 'lastMonth', 'last90'];

const DAY = 86_400_000;
const OFFSET = 8 * 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The period's first day and the day after its last, as YYYY-MM-DD in Beijing. */
export function periodRange(key: PeriodKey, now: Date): { from: string; to: string } {
  const local = now.getTime() + OFFSET;
  const today = Math.floor(local / DAY) * DAY;
  const tomorrow = iso(today + DAY);
  const d = new Date(today);
  const monthStart = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  switch (key) {
    case 'last7': return { from: iso(today - 6 * DAY), to: tomorrow };
    case 'last30': return { from: iso(today - 29 * DAY), to: tomorrow };
    case 'last90': return { from: iso(today - 89 * DAY), to: tomorrow };
    case 'thisMonth': return { from: iso(monthStart), to: tomorrow };
    case 'lastMonth': return { from: iso(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1)), to: iso(monthStart) };
  }
}

/** A rate (0.8571) as a percentage with one decimal ('85.7%'), or '—' when there is nothing to divide. */
export function percent(r: number | null): string {
  return r === null ? '—' : `${(Math.round(r * 1000) / 10).toFixed(1)}%`;
}

/** Working minutes as hours with one decimal, or null. */
export function hours(minutes: number | null): number | null {
  return minutes === null ? null : Math.round(minutes / 6) / 10;
}

/** The daily series as the chart's x labels (M/D) and two lines. */
export function chartSeries(days: readonly { date: string; reported: number; closed: number }[]) {
  return {
    labels: days.map((d) => `${Number(d.date.slice(5, 7))}/${Number(d.date.slice(8, 10))}`),
    reported: days.map((d) => d.reported),
    closed: days.map((d) => d.closed),
  };
}
