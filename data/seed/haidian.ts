/**
 * Loads the Haidian demo district (学院路街道, from the OpenStreetMap extract in data/haidian/)
 * once per database, in one transaction: jurisdictions, compounds, buildings, roads, landcover,
 * a synthetic household/resident ledger and a published starting grid plan.
 */
import type { Sql } from 'postgres';
import { insertBaseLayers, insertBuildings, insertCompounds, insertJurisdictions } from './haidian-base.ts';
import { buildBlocks, buildCommunities, buildStudyArea, stageSource } from './haidian-geo.ts';
import { colorUncoloredPlans } from '../../server/src/features/plans/grid-colors.repo.ts';
import { insertGridPlan } from './haidian-grids.ts';
import { insertLedger } from './haidian-ledger.ts';
import { DATASET_NAME, DEMO_SEED } from './haidian-source.ts';

/** Loads the Haidian demo district once (idempotent via the dataset table); returns whether it loaded now. */
export async function loadHaidianDemo(sql: Sql, opts: { log?: (m: string) => void } = {}): Promise<{ loaded: boolean }> {
  const log = opts.log ?? (() => {});
  const [present] = await sql`select 1 from dataset where name = ${DATASET_NAME}`;
  if (present) return { loaded: false };
  const started = Date.now();
  const loaded = await sql.begin(async (tx) => {
    // two starts racing on one database: the second waits here and then finds the row
    await tx`select pg_advisory_xact_lock(hashtext(${DATASET_NAME}))`;
    const [again] = await tx`select 1 from dataset where name = ${DATASET_NAME}`;
    if (again) return null;
    await stageSource(tx);
    await buildStudyArea(tx);
    await buildBlocks(tx);
    await buildCommunities(tx);
    const townId = await insertJurisdictions(tx);
    await insertCompounds(tx);
    const buildings = await insertBuildings(tx);
    await insertBaseLayers(tx);
    // the walking network of suggested patrol routes (migration 021), built before the first route is asked for
    await tx`select rebuild_route_network(r.region_code) from (select distinct region_code from road) r`;
    const ledger = await insertLedger(tx);
    const grids = await insertGridPlan(tx, townId);
    await colorUncoloredPlans(tx);
    const details = { seed: DEMO_SEED, buildings, grids, ...ledger, source: 'OpenStreetMap (ODbL) + NBS 2023 codes' };
    await tx`insert into dataset (name, details) values (${DATASET_NAME}, ${tx.json(details)})`;
    return details;
  });
  if (!loaded) return { loaded: false };
  log(`[demo] Haidian demo loaded in ${Date.now() - started} ms: ${loaded.buildings} buildings, ` +
    `${loaded.households} households, ${loaded.residents} residents (synthetic), ${loaded.grids} grids`);
  return { loaded: true };
}
