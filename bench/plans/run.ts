/** `npm run bench -- plans`: auto plan vs the k-means baseline, validation after an edit, real Denver units. */
import type { Sql } from 'postgres';
import { describeMachine } from '../report.ts';
import { buildCommunity, communityData, COMMUNITY_DEFAULTS } from './community.ts';
import { denverCommunity } from './denver.ts';
import { kmeansK, kmeansPartition } from './kmeans.ts';
import { loadCommunity, type CommunityData, type LoadedCommunity } from './load.ts';
import { plansMarkdown, type MethodResult, type CommunityResult } from './report.ts';
import { timed } from './timing.ts';

/** What the plans suite needs from the runner. */
export interface PlansContext {
  sql: Sql;
  log: (m: string) => void;
  /** Timed runs of each partitioning method (the median counts). */
  planRuns: number;
  /** Edits timed for the validation benchmark. */
  editRuns: number;
  loadBefore: number;
}

async function baseline(ctx: PlansContext, c: LoadedCommunity, households: number): Promise<MethodResult> {
  const k = kmeansK(households);
  ctx.log(`[bench] plans: k-means baseline, k = ${k}`);
  const { seconds, value: grids } = await timed(ctx.planRuns, () => kmeansPartition(ctx.sql, c.communityId, k));
  return { method: `ST_ClusterKMeans, k = ${k}`, seconds, grids: grids.length, baseline: true };
}

async function community(ctx: PlansContext, label: string, data: CommunityData): Promise<CommunityResult> {
  ctx.log(`[bench] plans: loading ${label}`);
  const t = performance.now();
  const loaded = await loadCommunity(ctx.sql, data);
  const loadSeconds = (performance.now() - t) / 1000;
  const households = data.buildings.reduce((s, b) => s + b.households, 0);
  const methods = [await baseline(ctx, loaded, households)];
  return { label, buildings: data.buildings.length, households, loadSeconds, methods };
}

/** Runs the planning benchmarks and returns the RESULTS.md section. */
export async function runPlans(ctx: PlansContext): Promise<string> {
  const synthetic = await community(ctx, 'synthetic community', communityData(buildCommunity(COMMUNITY_DEFAULTS)));
  const denver = await community(ctx, 'Denver census blocks', denverCommunity());
  const machine = await describeMachine(ctx.sql, ctx.loadBefore);
  return plansMarkdown({ machine, communities: [synthetic, denver], command: `npm run bench -- plans --plan-runs ${ctx.planRuns} --edit-runs ${ctx.editRuns}` });
}
