/** The auto plan (cold and warm) and the quality of every partition, measured the same way for all methods. */
import type { Sql } from 'postgres';
import { proposePartitions } from '../../server/src/features/autoplan/autoplan.service.ts';
import { ensureParcels } from '../../server/src/features/autoplan/parcels.repo.ts';
import { createValidationRepo } from '../../server/src/features/plan-validation/validation.repo.ts';
import { qualityOf, type Quality } from './metrics.ts';
import type { LoadedCommunity } from './load.ts';
import type { MethodResult } from './report.ts';

type Geometry = { type: 'MultiPolygon' | 'Polygon'; coordinates: unknown };

/** Quality of grids (GeoJSON) as plan-validation sees them inside the community. */
export async function qualityOfGrids(sql: Sql, c: LoadedCommunity, grids: readonly { geom: Geometry }[]): Promise<Quality> {
  const validation = await createValidationRepo(sql).validateGridSet({
    jurisdictionId: c.communityId,
    grids: grids.map((g, i) => ({ code: `${c.communityCode}${String(i + 1).padStart(3, '0')}`, geom: g.geom as never })),
  });
  return qualityOf(validation);
}

async function band(sql: Sql, communityId: number) {
  const [j] = await sql<{ min: number; max: number }[]>`select household_min as min, household_max as max from jurisdiction where id = ${communityId}`;
  return { min: j!.min, max: j!.max };
}

const forgetParcels = (sql: Sql, communityId: number) => sql`
  with gone as (delete from parcel where community_id = ${communityId}) delete from parcel_state where community_id = ${communityId}`;

async function seconds<T>(work: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const value = await work();
  return [(performance.now() - t) / 1000, value];
}

/**
 * Per run: ensureParcels alone (parcels deleted first), then a cold proposePartitions (parcels deleted again, so
 * the call builds them) and a warm one, for `alternatives` alternatives; one line per alternative of the last warm run.
 */
export async function benchAuto(sql: Sql, c: LoadedCommunity, runs: number, alternatives: number, log: (m: string) => void): Promise<MethodResult[]> {
  const input = { communityId: c.communityId, band: await band(sql, c.communityId), alternatives };
  const cold: number[] = [];
  const warm: number[] = [];
  const parcels: number[] = [];
  let last: Awaited<ReturnType<typeof proposePartitions>> | undefined;
  for (let i = 0; i < runs; i++) {
    await forgetParcels(sql, c.communityId);
    parcels.push((await seconds(() => ensureParcels(sql, c.communityId)))[0]);
    await forgetParcels(sql, c.communityId);
    cold.push((await seconds(() => proposePartitions(sql, input)))[0]);
    const [s, out] = await seconds(() => proposePartitions(sql, input));
    warm.push(s);
    last = out;
    log(`[bench] plans: auto plan run ${i + 1}: parcels alone ${parcels.at(-1)!.toFixed(2)} s, cold ${cold.at(-1)!.toFixed(2)} s, warm ${s.toFixed(2)} s, ${out.alternatives.length} alternatives`);
  }
  const lines: MethodResult[] = [];
  for (const [i, alt] of last!.alternatives.entries()) {
    lines.push({ method: `auto plan, alternative ${alt.index + 1} (${alt.label})`, seconds: warm, coldSeconds: cold, parcelSeconds: parcels, grids: alt.grids.length,
      quality: await qualityOfGrids(sql, c, alt.grids), sameCall: i > 0 });
  }
  return lines;
}
