/** The synthetic-town generator: builds the model in memory and streams it into PostgreSQL in one transaction. */
import type { Sql, TransactionSql } from 'postgres';
import { copyInto, reserveIds } from './copy.ts';
import { centredFrame } from './frame.ts';
import { HOUSEHOLD_COLUMNS, ledgerChunks, RESIDENT_COLUMNS } from './households.ts';
import { writeModel, type ModelIds } from './load.ts';
import { buildModel, type Model } from './model.ts';
import { checkRegion, datasetName, deleteRegion } from './region.ts';

export interface GenerateOptions {
  households: number;
  seed: number | string;
  /** 6-digit county code of the fictional region. */
  region: string;
  replace: boolean;
  /** Date the plans take effect and ages refer to (YYYY-MM-DD); fixed so runs repeat exactly. */
  asOf: string;
  /** Centre of the region, [lon, lat]. */
  center: [number, number];
  log?: (message: string) => void;
}

/** Row counts of what was written and how long each phase took (seconds). */
export interface GenerateSummary {
  counts: Record<string, number>;
  phases: Record<string, number>;
}

/** Defaults: 合成区 (990101) near Hangzhou, plans effective 2025-01-01. */
export const DEFAULTS = { seed: 1, region: '990101', asOf: '2025-01-01', center: [120.1, 30.25] as [number, number] };

function modelCounts(model: Model): Record<string, number> {
  const level = (l: string) => model.jurisdictions.filter((j) => j.level === l).length;
  return {
    towns: level('town'),
    communities: level('community'),
    grids: model.grids.length,
    gridsInBand: model.grids.filter((g) => g.households >= 200 && g.households <= 500).length,
    compounds: model.compounds.length,
    buildings: model.buildings.length,
    residentialBuildings: model.buildings.filter((b) => b.kind === 'residential').length,
    roads: model.roads.length,
    landcover: model.landcover.length,
  };
}

async function writeLedger(sql: TransactionSql, model: Model, ids: ModelIds, opts: GenerateOptions) {
  const dwellings = model.buildings.map((b, i) => ({ id: ids.building + i, floors: b.floors, entrances: b.entrances, households: b.households }));
  const total = dwellings.reduce((s, b) => s + b.households, 0);
  const first = await reserveIds(sql, 'household', total);
  const ledger = { region: opts.region, asOf: opts.asOf, seed: `synthetic/${opts.seed}/${opts.households}` };
  const written = await copyLedger(sql, dwellings, first, ledger, (households) =>
    opts.log?.(`[generate] ${households.toLocaleString('en')} / ${total.toLocaleString('en')} households`));
  if (written.cleared) opts.log?.(`[generate] ${written.cleared} synthetic ID numbers were already taken and are left empty`);
  return { households: written.households, residents: written.residents };
}

/**
 * Streams the synthetic ledger of `dwellings` (household ids from `firstHousehold`, reserved) with
 * COPY, inside the caller's transaction. Random ID numbers repeat now and then (and may meet stored
 * ones): the unique check waits for the commit and the repeats are emptied before it, as remembering
 * millions of numbers here would cost more. Used by the generator and the benchmark communities.
 */
export async function copyLedger(
  sql: TransactionSql, dwellings: Parameters<typeof ledgerChunks>[0], firstHousehold: number, ledger: Parameters<typeof ledgerChunks>[2],
  onChunk?: (households: number, residents: number) => void,
): Promise<{ households: number; residents: number; cleared: number }> {
  let households = 0;
  let residents = 0;
  await sql`set constraints resident_id_number_key deferred`;
  for (const chunk of ledgerChunks(dwellings, firstHousehold, ledger)) {
    households += await copyInto(sql, 'household', HOUSEHOLD_COLUMNS, chunk.households);
    residents += await copyInto(sql, 'resident', RESIDENT_COLUMNS, chunk.residents);
    onChunk?.(households, residents);
  }
  return { households, residents, cleared: await clearRepeatedIdNumbers(sql, ledger.region) };
}

/** Empties the ID number of the region's residents whose number is held by a stored resident or an earlier one of theirs. */
async function clearRepeatedIdNumbers(sql: TransactionSql, region: string): Promise<number> {
  const rows = await sql`
    update resident r set id_number = null
    from (
      select id, row_number() over (partition by id_number order by region_code = ${region}, id) n
      from resident where id_number in (select id_number from resident where id_number is not null group by id_number having count(*) > 1)
    ) d
    where d.id = r.id and d.n > 1 and r.region_code = ${region}
    returning r.id`;
  return rows.length;
}

function checkOptions(opts: GenerateOptions) {
  if (!Number.isInteger(opts.households) || opts.households < 1 || opts.households > 50_000_000) {
    throw new RangeError(`households must be an integer between 1 and 50,000,000, got ${opts.households}`);
  }
  if (!/^\d{6}$/.test(opts.region)) throw new RangeError(`region must be a 6-digit county code, got "${opts.region}"`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(opts.asOf)) throw new RangeError(`asOf must be YYYY-MM-DD, got "${opts.asOf}"`);
}

/** Generates (or with `replace`, regenerates) the synthetic region; same seed and size give the same rows. */
export async function generateSyntheticTown(sql: Sql, opts: GenerateOptions): Promise<GenerateSummary> {
  checkOptions(opts);
  const phases: Record<string, number> = {};
  const timed = async <T>(name: string, f: () => Promise<T> | T): Promise<T> => {
    const t = performance.now();
    const result = await f();
    phases[name] = Math.round(performance.now() - t) / 1000;
    return result;
  };
  const model = await timed('model', () => buildModel(opts));
  const frame = centredFrame(opts.center[0], opts.center[1], model.width, model.height);
  const counts = modelCounts(model);
  await sql.begin(async (tx) => {
    if ((await checkRegion(tx, opts.region, opts.replace)) === 'previous') await timed('delete', () => deleteRegion(tx, opts.region));
    const ids = await timed('geometry', () => writeModel(tx, model, frame, opts.asOf));
    Object.assign(counts, await timed('ledger', () => writeLedger(tx, model, ids, opts)));
    const details = { seed: String(opts.seed), households: opts.households, region: opts.region, asOf: opts.asOf, center: opts.center, counts };
    await tx`insert into dataset (name, details) values (${datasetName(opts.region)}, ${tx.json(details)})`;
  });
  await timed('analyze', () => sql`analyze jurisdiction, grid_plan, grid, compound, building, household, resident, road, landcover`);
  return { counts, phases };
}
