import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { createUser } from '../../../test/factories.ts';
import { createGpsRetention, gpsRetentionDays, partitionDay } from './gps-retention.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

describe('the retention of raw GPS fixes', () => {
  it('reads WANGGE_GPS_RETENTION_DAYS strictly', () => {
    expect(gpsRetentionDays(undefined)).toBe(90);
    expect(gpsRetentionDays(' ')).toBe(90);
    expect(gpsRetentionDays('30')).toBe(30);
    for (const bad of ['0', '6', '3651', '1.5', 'abc', '-1']) expect(() => gpsRetentionDays(bad)).toThrow(RangeError);
    expect(partitionDay('gps_fix_20261207')).toBe('2026-12-07');
    expect(partitionDay('gps_fix')).toBeNull();
  });

  it('drops whole days older than the retention after keeping what outlives them, and nothing younger', async () => {
    const u = await createUser(db.sql, {});
    const [d] = await db.sql`insert into device (user_id, protocol, identifier) values (${u.id}, 'web', 'web-r') returning id`;
    const [p] = await db.sql`insert into patrol (user_id, device_id, started_at, ended_at) values (${u.id}, ${d!.id}, '2026-08-01T00:00Z', '2026-12-07T00:00Z') returning id`;
    for (const day of ['2026-08-01', '2026-09-07', '2026-09-08', '2026-12-06']) {
      await db.sql`select ensure_gps_fix_partition(${day}::date)`;
      await db.sql`insert into gps_fix (device_id, fixed_at, user_id, patrol_id, geom) values (${d!.id}, ${`${day}T03:00:00Z`}, ${u.id}, ${p!.id}, ST_SetSRID(ST_MakePoint(116.3, 39.9), 4326))`;
    }
    await db.sql`insert into worker_position (user_id, device_id, fixed_at, geom) values (${u.id}, ${d!.id}, '2026-08-01T03:00Z', ST_SetSRID(ST_MakePoint(116.3, 39.9), 4326))`;
    const kept: string[] = [];
    const r = createGpsRetention(db.sql, { days: 90, clock: () => new Date('2026-12-07T04:00:00Z'), beforeDrop: async (day) => void kept.push(day) });
    expect(await r.run()).toEqual(['2026-08-01', '2026-09-07']);
    expect(kept).toEqual(['2026-08-01', '2026-09-07']);
    const left = await db.sql`select fixed_at::date::text as day from gps_fix order by fixed_at`;
    expect(left.map((x) => x.day)).toEqual(['2026-09-08', '2026-12-06']);
    expect(await db.sql`select 1 from worker_position`).toHaveLength(0);
    // the patrol's totals stay
    expect(await db.sql`select 1 from patrol where id = ${p!.id}`).toHaveLength(1);
    expect(await r.run()).toEqual([]);
  });
});
