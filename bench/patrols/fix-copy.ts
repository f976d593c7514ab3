/** GPS fixes written set-based with COPY (the coverage dataset, and the ingest suite's baseline), as text-format lines. */
import type { Sql } from 'postgres';
import { copyInto } from '../../data/generate/copy.ts';
import { copyLine } from '../../data/generate/copy-text.ts';
import type { WalkFix } from './walk.ts';

/** The columns each line fills (the rest take their defaults: received now, no attributes). */
export const FIX_COLUMNS = ['device_id', 'fixed_at', 'user_id', 'patrol_id', 'geom', 'accuracy', 'speed', 'heading', 'kept'] as const;

/** Where a walk's fixes go: its device, worker and patrol. */
export interface FixOwner {
  deviceId: number;
  userId: number;
  patrolId: number;
}

/** One fix as a COPY line (EWKT geometry, kept: the phone's own sampling passed it). */
export function fixLine(o: FixOwner, f: WalkFix): string {
  return copyLine([o.deviceId, f.at.toISOString(), o.userId, o.patrolId, `SRID=4326;POINT(${f.lon} ${f.lat})`, f.accuracy, f.speed, f.heading, true]);
}

/** Makes the day partitions (UTC) that fixes from `from` to `to` fall in. */
export async function ensurePartitions(sql: Sql, from: Date, to: Date): Promise<void> {
  await sql`select ensure_gps_fix_partition(d::date) from generate_series(${from}::timestamptz at time zone 'UTC', ${to}::timestamptz at time zone 'UTC', interval '1 day') d`;
  await sql`select ensure_gps_fix_partition((${to}::timestamptz at time zone 'UTC')::date)`;
}

/** COPYs the lines into gps_fix in one transaction; answers how many. The partitions must exist. */
export function copyFixes(sql: Sql, lines: Iterable<string>): Promise<number> {
  return sql.begin((tx) => copyInto(tx, 'gps_fix', FIX_COLUMNS, lines)) as Promise<number>;
}
