import type { Sql } from 'postgres';
import { createValidationRepo } from '../plan-validation/validation.repo.ts';
import type { AlternativeMetrics } from './alternatives.domain.ts';
import { createAutoplanRepo } from './autoplan.repo.ts';
import { proposePartitions, proposeReplan, type MultiPolygon, type ProposedAlternative, type Weights } from './autoplan.service.ts';
import type { Band } from './partition.domain.ts';
import { mapLimited, PARALLEL_COMMUNITIES } from './parallel.ts';

/** One community of a street office to partition, with its band and the plan's grids it replaces. */
export interface TownCommunity {
  id: number;
  code: string;
  band: Band;
  /** The unlocked grids to partition when some of the community's grids are locked. */
  grids?: { planId: number; codes: string[] };
}

/** The partitioner's numbers of several communities as one street office's. */
export function combined(metrics: AlternativeMetrics[]): AlternativeMetrics {
  const sum = (f: (m: AlternativeMetrics) => number) => metrics.reduce((s, m) => s + f(m), 0);
  return {
    grids: sum((m) => m.grids), inBand: sum((m) => m.inBand), oversize: sum((m) => m.oversize),
    householdsMin: Math.min(...metrics.map((m) => m.householdsMin)), householdsMax: Math.max(...metrics.map((m) => m.householdsMax)),
    cutCost: sum((m) => m.cutCost), streetShare: null, streetsAvailable: metrics.some((m) => m.streetsAvailable),
    spread: Math.max(...metrics.map((m) => m.spread)),
  };
}

/**
 * Grids for every community of a street office with the same engine as one community: the i-th
 * alternative is the i-th of each community, validated once over the street office as it would be
 * left (`others`: the grids that stay, such as locked ones).
 */
export async function proposeTown(sql: Sql, input: {
  townId: number; communities: TownCommunity[]; alternatives: number; weights?: Weights; seed?: number; others: { code: string; geom: MultiPolygon }[];
}): Promise<ProposedAlternative[]> {
  const all = await mapLimited(input.communities, PARALLEL_COMMUNITIES, async (c) => ({
    c, alts: (await proposePartitions(sql, { communityId: c.id, band: c.band, alternatives: input.alternatives, weights: input.weights, seed: input.seed, grids: c.grids })).alternatives,
  }));
  const per = all.filter((p) => p.alts.length);
  const count = per.length ? Math.min(...per.map((p) => p.alts.length)) : 0;
  const out: ProposedAlternative[] = [];
  for (let i = 0; i < count; i++) {
    const parts = per.map((p) => ({ c: p.c, a: p.alts[i]! }));
    const grids = parts.flatMap(({ c, a }) => a.grids.map((g) => ({ ...g, key: `${c.code.slice(-3)}-${g.key}` })));
    const v = await createValidationRepo(sql).validateGridSet({
      jurisdictionId: input.townId, weights: input.weights,
      grids: [...grids.map((g) => ({ code: g.key, geom: g.geom })), ...input.others],
    });
    for (const g of grids) g.residents = v.grids.find((x) => x.code === g.key)?.residents ?? 0;
    const isolated = parts.flatMap(({ a }) => a.isolated ?? []);
    out.push({
      index: i, label: `communities-${i + 1}`, grids,
      metrics: { ...combined(parts.map(({ a }) => a.metrics)), validation: v.summary },
      ...(isolated.length ? { isolated } : {}),
    });
  }
  return out;
}

/**
 * The fewest-moves re-plan of every community of a street office that has grids in the plan, as one
 * alternative, validated once over the street office as it would be left.
 */
export async function replanTown(sql: Sql, input: {
  planId: number; townId: number; communities: { id: number; band: Band; codes: string[]; locked: string[] }[]; weights?: Weights;
}): Promise<ProposedAlternative> {
  const parts = await mapLimited(input.communities, PARALLEL_COMMUNITIES, (c) =>
    proposeReplan(sql, { planId: input.planId, communityId: c.id, band: c.band, codes: c.codes, locked: c.locked, weights: input.weights }));
  const grids = parts.flatMap((p) => p.grids);
  const changed = new Set(grids.map((g) => g.code!));
  const all = input.communities.flatMap((c) => c.codes).filter((code) => !changed.has(code));
  const others = await createAutoplanRepo(sql).gridGeoms(input.planId, all);
  const v = await createValidationRepo(sql).validateGridSet({
    jurisdictionId: input.townId, weights: input.weights,
    grids: [...grids.map((g) => ({ code: g.code!, geom: g.geom })), ...others],
  });
  return {
    index: 0, label: 'replan', grids, moves: parts.flatMap((p) => p.moves), infeasible: parts.flatMap((p) => p.infeasible),
    metrics: { ...combined(parts.map((p) => p.metrics)), validation: v.summary },
  };
}
