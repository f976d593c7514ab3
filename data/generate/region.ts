/** Guards and clean-up of a synthetic region: refuse to overwrite, or remove the previous one (--replace). */
import type { TransactionSql as Sql } from 'postgres';

/** Thrown when generation would clash with data already in the database. */
export class RegionInUseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RegionInUseError';
  }
}

/** Name of the dataset row that records a synthetic region. */
export function datasetName(region: string): string {
  return `synthetic-${region}`;
}

/** Checks that `region` is free (or, with replace, that it holds only a previous synthetic town). */
export async function checkRegion(sql: Sql, region: string, replace: boolean): Promise<'empty' | 'previous'> {
  const [state] = await sql<{ dataset: boolean; rows: boolean; real: boolean }[]>`
    select exists (select 1 from dataset where name = ${datasetName(region)}) as dataset,
           exists (select 1 from jurisdiction where region_code = ${region}) as rows,
           exists (select 1 from building where region_code = ${region} and not synthetic) as real`;
  if (!state!.dataset && !state!.rows) return 'empty';
  if (!state!.dataset || state!.real) {
    throw new RegionInUseError(`Region ${region} already holds data that the synthetic generator did not make; choose another --region.`);
  }
  if (!replace) {
    throw new RegionInUseError(`A synthetic town for region ${region} already exists (dataset ${datasetName(region)}). Pass --replace to rebuild it, or choose another --region.`);
  }
  return 'previous';
}

/** Deletes every row of the region, children before parents; only rows carrying this region_code. */
export async function deleteRegion(sql: Sql, region: string): Promise<void> {
  await sql`delete from resident where region_code = ${region}`;
  await sql`delete from household where region_code = ${region}`;
  await sql`delete from building where region_code = ${region}`;
  await sql`delete from compound where region_code = ${region}`;
  await sql`delete from grid where region_code = ${region}`;
  await sql`delete from grid_plan where region_code = ${region}`;
  await sql`delete from road where region_code = ${region}`;
  await sql`delete from landcover where region_code = ${region}`;
  // one statement: parents and children go together, so the self-reference never blocks
  await sql`delete from jurisdiction where region_code = ${region}`;
  await sql`delete from dataset where name = ${datasetName(region)}`;
}
