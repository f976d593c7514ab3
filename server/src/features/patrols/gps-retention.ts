import type { Sql } from 'postgres';

/** The default and the bounds of WANGGE_GPS_RETENTION_DAYS: how long raw GPS fixes are kept. */
export const GPS_RETENTION_DAYS = { default: 90, min: 7, max: 3650 };

/** WANGGE_GPS_RETENTION_DAYS read and checked (a whole number of days within the bounds). */
export function gpsRetentionDays(value: string | undefined): number {
  const d = value === undefined || value.trim() === '' ? GPS_RETENTION_DAYS.default : Number(value);
  if (!Number.isInteger(d) || d < GPS_RETENTION_DAYS.min || d > GPS_RETENTION_DAYS.max) {
    throw new RangeError(`WANGGE_GPS_RETENTION_DAYS must be a whole number of days from ${GPS_RETENTION_DAYS.min} to ${GPS_RETENTION_DAYS.max} (got "${value}")`);
  }
  return d;
}

/** The UTC day a partition gps_fix_YYYYMMDD holds, or null for any other name. */
export function partitionDay(name: string): string | null {
  const m = /^gps_fix_(\d{4})(\d{2})(\d{2})$/.exec(name);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : null;
}

/**
 * Workers' location history is personal data (PIPL): raw fixes are kept `days` days, then their day's
 * partition is dropped whole. Before a day goes, `beforeDrop` gets to keep what outlives it (the daily
 * coverage figures). Current positions older than the retention go too; patrols keep their totals
 * (times, distance, counts), which carry no positions.
 */
export function createGpsRetention(sql: Sql, o: { days: number; clock: () => Date; beforeDrop?: (day: string) => Promise<void>; log?: (m: string) => void }) {
  return {
    /** Drops every day older than the retention; answers the days dropped. */
    async run(): Promise<string[]> {
      const cutoff = new Date(+o.clock() - o.days * 86_400_000).toISOString().slice(0, 10);
      const parts = await sql`select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = 'gps_fix'::regclass`;
      const old = parts.map((p) => ({ name: String(p.relname), day: partitionDay(String(p.relname)) })).filter((p) => p.day !== null && p.day < cutoff).sort((a, b) => a.day!.localeCompare(b.day!));
      for (const p of old) {
        await o.beforeDrop?.(p.day!);
        await sql`drop table if exists ${sql(p.name)}`;
        o.log?.(`[patrols] GPS fixes of ${p.day} dropped (retention ${o.days} days)`);
      }
      await sql`delete from worker_position where fixed_at < ${cutoff}::date`;
      return old.map((p) => p.day!);
    },
  };
}
