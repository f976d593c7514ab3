import type { TransactionSql } from 'postgres';
import type { RawFix } from './fix.ts';
import type { KeptFix } from './track-hygiene.domain.ts';

/** What the writer remembers of a device between batches: its open patrol, its newest fix, its last kept fix. */
export interface DeviceTrail {
  deviceId: number;
  patrolId: number | null;
  lastFixAt: Date | null;
  lastKept: KeptFix | null;
}

/** A fix ready to be written: its patrol, hygiene's verdict and the metres walked since the previous kept fix. */
export interface FixRow {
  deviceId: number;
  userId: number;
  patrolId: number;
  fix: RawFix;
  kept: boolean;
  dropReason: string | null;
  stepM: number;
}

const day = (d: Date) => d.toISOString().slice(0, 10);
const num = (v: number | null) => (v === null || !Number.isFinite(v) ? null : v);

/** The statements of one batch of fixes, inside the writer's transaction. */
export function createFixStore() {
  // days whose partitions exist: asked once per day and process
  const partitioned = new Set<string>();
  return {
    within(tx: TransactionSql) {
      return {
        async ensurePartitions(times: Date[]) {
          const days = [...new Set(times.map(day))].filter((d) => !partitioned.has(d));
          if (!days.length) return;
          await tx`select ensure_gps_fix_partition(d) from unnest(${days}::date[]) d`;
          for (const d of days) partitioned.add(d);
        },

        /** Each device's open patrol with its newest fix and its last kept fix. */
        async trails(deviceIds: number[]): Promise<DeviceTrail[]> {
          if (!deviceIds.length) return [];
          const rows = await tx`
            select d.id as device_id, p.id as patrol_id, p.last_fix_at, k.fixed_at as kept_at, ST_X(k.geom) as lon, ST_Y(k.geom) as lat
            from unnest(${deviceIds}::bigint[]) d(id)
            left join patrol p on p.device_id = d.id and p.ended_at is null
            left join lateral (select f.fixed_at, f.geom from gps_fix f where f.patrol_id = p.id and f.kept order by f.fixed_at desc limit 1) k on true`;
          return rows.map((r) => ({
            deviceId: Number(r.device_id), patrolId: r.patrol_id === null ? null : Number(r.patrol_id), lastFixAt: (r.last_fix_at as Date | null) ?? null,
            lastKept: r.kept_at ? { at: r.kept_at as Date, lon: Number(r.lon), lat: Number(r.lat) } : null,
          }));
        },

        /** Ends the device's open patrol (at its newest fix) and opens the next, starting at `at`; answers its id. */
        async openPatrol(deviceId: number, userId: number, at: Date, previous: number | null): Promise<number> {
          if (previous !== null) await tx`update patrol set ended_at = coalesce(last_fix_at, started_at) where id = ${previous} and ended_at is null`;
          const [r] = await tx`insert into patrol (user_id, device_id, started_at) values (${userId}, ${deviceId}, ${at}) returning id`;
          return Number(r!.id);
        },

        /** Inserts the fixes; answers the indexes of those stored (a fix already there is not stored again). */
        async insertFixes(rows: (FixRow & { index: number })[]): Promise<Set<number>> {
          if (!rows.length) return new Set();
          const json = rows.map((r) => ({
            i: r.index, d: r.deviceId, t: r.fix.at.toISOString(), u: r.userId, p: r.patrolId, x: r.fix.lon, y: r.fix.lat,
            a: num(r.fix.accuracy), s: num(r.fix.speed), h: num(r.fix.heading), z: num(r.fix.altitude), b: num(r.fix.battery),
            k: r.kept, r: r.dropReason, at: Object.keys(r.fix.attributes).length ? r.fix.attributes : null,
          }));
          const stored = await tx`
            insert into gps_fix (device_id, fixed_at, user_id, patrol_id, geom, accuracy, speed, heading, altitude, battery, kept, drop_reason, attributes)
            select d, t, u, p, ST_SetSRID(ST_MakePoint(x, y), 4326), a, s, h, z, b, k, r, at
            from jsonb_to_recordset(${tx.json(json as never)}::jsonb) as x(i int, d bigint, t timestamptz, u bigint, p bigint, x float8, y float8,
              a real, s real, h real, z real, b real, k boolean, r text, at jsonb)
            on conflict (device_id, fixed_at) do nothing
            returning device_id, fixed_at`;
          const key = (d: unknown, t: Date) => `${d}|${t.getTime()}`;
          const done = new Set(stored.map((r) => key(String(r.device_id), r.fixed_at as Date)));
          // two copies of one fix in the same batch: only the first counts as stored
          const seen = new Set<string>();
          const out = new Set<number>();
          for (const r of rows) {
            const k = key(String(r.deviceId), r.fix.at);
            if (done.has(k) && !seen.has(k)) out.add(r.index);
            seen.add(k);
          }
          return out;
        },

        /** Adds the stored fixes to their patrols' totals (count, kept, metres, span). */
        async updatePatrols(rows: FixRow[]) {
          const totals = new Map<number, { n: number; kept: number; m: number; first: Date; last: Date }>();
          for (const r of rows) {
            const t = totals.get(r.patrolId) ?? { n: 0, kept: 0, m: 0, first: r.fix.at, last: r.fix.at };
            t.n++;
            if (r.kept) t.kept++;
            t.m += r.stepM;
            if (r.fix.at < t.first) t.first = r.fix.at;
            if (r.fix.at > t.last) t.last = r.fix.at;
            totals.set(r.patrolId, t);
          }
          if (!totals.size) return;
          const json = [...totals].map(([p, t]) => ({ p, n: t.n, k: t.kept, m: t.m, f: t.first.toISOString(), l: t.last.toISOString() }));
          await tx`update patrol set fixes = fixes + x.n, kept_fixes = kept_fixes + x.k, distance_m = distance_m + x.m,
              started_at = least(started_at, x.f), last_fix_at = greatest(last_fix_at, x.l),
              ended_at = case when ended_at is null then null else greatest(ended_at, x.l) end
            from jsonb_to_recordset(${tx.json(json as never)}::jsonb) as x(p bigint, n int, k int, m float8, f timestamptz, l timestamptz)
            where patrol.id = x.p`;
        },

        /** Each worker's newest fix becomes their current position unless a newer one is there already. */
        async upsertPositions(rows: FixRow[]) {
          if (!rows.length) return;
          const json = rows.map((r) => ({ u: r.userId, d: r.deviceId, p: r.patrolId, t: r.fix.at.toISOString(), x: r.fix.lon, y: r.fix.lat, a: num(r.fix.accuracy), s: num(r.fix.speed), h: num(r.fix.heading) }));
          await tx`insert into worker_position (user_id, device_id, patrol_id, fixed_at, geom, accuracy, speed, heading, updated_at)
            select u, d, p, t, ST_SetSRID(ST_MakePoint(x, y), 4326), a, s, h, now()
            from jsonb_to_recordset(${tx.json(json as never)}::jsonb) as x(u bigint, d bigint, p bigint, t timestamptz, x float8, y float8, a real, s real, h real)
            on conflict (user_id) do update set device_id = excluded.device_id, patrol_id = excluded.patrol_id, fixed_at = excluded.fixed_at,
              geom = excluded.geom, accuracy = excluded.accuracy, speed = excluded.speed, heading = excluded.heading, updated_at = now()
            where worker_position.fixed_at < excluded.fixed_at`;
          await tx`update device set last_seen_at = now() where id = any(${[...new Set(rows.map((r) => r.deviceId))]}::bigint[])`;
        },
      };
    },
  };
}
