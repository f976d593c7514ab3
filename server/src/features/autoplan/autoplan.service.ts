import type { Sql, TransactionSql } from 'postgres';
import { badRequest, notFound } from '../../http/errors.ts';
import { createValidationRepo, type ValidationSummary } from '../plan-validation/validation.repo.ts';
import { proposeAlternatives, summarize, type AlternativeMetrics } from './alternatives.domain.ts';
import { createAutoplanRepo, type LoadedUnits, type UnitWeights } from './autoplan.repo.ts';
import { buildGraph, components, households, type Graph } from './graph.domain.ts';
import type { Band, PartitionResult } from './partition.domain.ts';
import { ensureParcels } from './parcels.repo.ts';
import { replan as replanDomain, type Move } from './replan.domain.ts';
import { joinDetachedPieces, type IsolatedUnit } from './unit-graph.repo.ts';
import { SLIVER_AREA_M2 } from '../plan-validation/validation.domain.ts';
import { colorParts } from '../plans/grid-colors.domain.ts';

type Position = [number, number, ...number[]];
/** GeoJSON MultiPolygon as PostGIS writes it. */
export type MultiPolygon = { type: 'MultiPolygon'; coordinates: Position[][][] };

/** One grid of a proposal. */
export interface ProposedGrid {
  key: string;
  /** The plan's code this grid keeps (re-plan), when it is an existing grid. */
  code?: string;
  geom: MultiPolygon;
  households: number;
  residents: number;
  buildings: number;
  oversize: boolean;
  /** Index into the map's grid palette: neighbouring grids of the proposal never share one. */
  color: number;
}

/** One alternative: its grids and the validation summary of the community it would give. */
export interface ProposedAlternative {
  index: number;
  label: string;
  grids: ProposedGrid[];
  /** The partitioner's numbers, plus the validation summary of the community it would give when asked for. */
  metrics: AlternativeMetrics & { validation?: ValidationSummary };
  moves?: { buildingId: number | null; from: string; to: string; households: number }[];
  infeasible?: string[];
  /** Units that touch no other unit within the snapping tolerance, and what became of them. */
  isolated?: IsolatedUnit[];
}

/** Weights of the workload index (households always decide the band). */
export type Weights = Partial<UnitWeights> & { incidents?: number };

const unitWeights = (w?: Weights): UnitWeights => ({ households: w?.households ?? 1, residents: w?.residents ?? 0, specialGroups: w?.specialGroups ?? 0 });

interface Context {
  tx: TransactionSql;
  communityId: number;
  loaded: LoadedUnits;
  graph: Graph;
  weights?: Weights;
  /** Grids of the plan that stay as they are (for validation of the whole community). */
  others: { code: string; geom: unknown }[];
}

async function gridsOf(ctx: Context, parts: PartitionResult[], codes?: (string | undefined)[][]): Promise<ProposedGrid[][]> {
  const repo = createAutoplanRepo(ctx.tx);
  const assign = parts.flatMap((r, alt) => r.parts.flatMap((p, part) => p.map((u) => ({ alt, part, unit: ctx.graph.units[u]!.id }))));
  const geoms = await repo.unions(assign);
  return parts.map((r, alt) => {
    // the preview tells neighbouring grids apart, as the map does a plan's
    const colors = colorParts(r.parts, ctx.graph.edges);
    return r.parts.map((p, part) => {
      const union = geoms.find((g) => g.alt === alt && g.part === part)!;
      if (!union.valid) throw new Error(`autoplan: grid ${alt}/${part} is not valid after repair`);
      return {
        key: `${alt + 1}-${String(part + 1).padStart(2, '0')}`,
        ...(codes?.[alt]?.[part] ? { code: codes[alt]![part]! } : {}),
        geom: union.geom, areaM2: union.areaM2,
        households: p.reduce((s, u) => s + ctx.graph.units[u]!.households, 0),
        residents: 0,
        buildings: p.reduce((s, u) => s + ctx.graph.units[u]!.buildings, 0),
        oversize: r.oversize[part] ?? false,
        color: colors[part] ?? 0,
      };
    }).filter((g) => g.households > 0 || g.areaM2 >= SLIVER_AREA_M2).map(({ areaM2: _, ...g }) => g);
  });
}

function withMetrics(ctx: Context, r: PartitionResult, band: Band): AlternativeMetrics {
  return summarize(ctx.graph, r, band);
}

/** validateGridSet over the community as the alternative would leave it (its grids and the plan's others). */
async function validated(sql: Sql, ctx: Context, grids: ProposedGrid[]): Promise<ValidationSummary> {
  const v = await createValidationRepo(sql).validateGridSet({
    jurisdictionId: ctx.communityId,
    grids: [...grids.map((g) => ({ code: g.key, geom: g.geom })), ...ctx.others.map((o) => ({ code: o.code, geom: o.geom as MultiPolygon }))],
    weights: ctx.weights,
  });
  for (const g of grids) {
    const m = v.grids.find((x) => x.code === g.key);
    if (m) g.residents = m.residents;
  }
  return v.summary;
}

/**
 * The unit graph of a community (or of several), with detached pieces too small for a grid of their
 * own joined to their nearest neighbour (reported beside the isolated units).
 */
export async function unitGraph(
  tx: TransactionSql, community: number | number[], minHouseholds: number | ((total: number) => number), weights?: Weights, grids?: { planId: number; codes: string[] },
) {
  const loaded = await createAutoplanRepo(tx).loadUnits(community, unitWeights(weights), grids);
  const first = buildGraph(loaded.units, loaded.adjacencies);
  const all = first.units.map((_, i) => i);
  const min = typeof minHouseholds === 'number' ? minHouseholds : minHouseholds(households(first, all));
  const pieces = components(first, all).map((c) => ({ ids: c.map((u) => first.units[u]!.id), households: households(first, c) }));
  const { links, detached } = await joinDetachedPieces(tx, pieces, min, loaded.buildingOf);
  if (!links.length) return { loaded, graph: first };
  // a lone unit that now joins its neighbour is reported once, as joined
  const isolated = [...loaded.isolated.filter((i) => !detached.some((d) => d.unit === i.unit)), ...detached];
  const joined = { ...loaded, adjacencies: [...loaded.adjacencies, ...links], isolated };
  return { loaded: joined, graph: buildGraph(joined.units, joined.adjacencies) };
}

async function load(tx: TransactionSql, communityId: number, band: Band, weights?: Weights, grids?: { planId: number; codes: string[] }): Promise<Context> {
  const { loaded, graph } = await unitGraph(tx, communityId, band.min, weights, grids);
  const others = grids ? await tx`
    select code, ST_AsGeoJSON(geom)::json as geom from grid
    where plan_id = ${grids.planId} and community_id = ${communityId} and code <> all(${grids.codes}::text[])` : [];
  return {
    tx, communityId, loaded, weights, graph,
    others: others.map((o) => ({ code: String(o.code), geom: o.geom })),
  };
}

/** Partitions a community (or the union of some of its grids) into alternatives; no plan or caller needed. */
export async function proposePartitions(sql: Sql, input: {
  communityId: number; band: Band; alternatives: number; weights?: Weights; seed?: number; grids?: { planId: number; codes: string[] }; k?: number;
  /** Add validateGridSet's summary (and residents per grid) to each alternative. */
  validate?: boolean;
}): Promise<{ communityId: number; band: Band; alternatives: ProposedAlternative[] }> {
  if (input.band.min > input.band.max) throw badRequest('invalid_band', 'band.min must not exceed band.max');
  const community = await createAutoplanRepo(sql).community(input.communityId);
  if (!community) throw notFound('community_not_found', `No community ${input.communityId}`);
  // parcels first, outside the transaction: a request must never hold one pooled connection while waiting for another
  await ensureParcels(sql, input.communityId);
  const ctx = await sql.begin((tx) => load(tx, input.communityId, input.band, input.weights, input.grids).then(async (c) => {
    const alts = proposeAlternatives(c.graph, input.band, input.alternatives, input.seed ?? 1, input.k);
    return { c, alts, grids: await gridsOf(c, alts) };
  }));
  const alternatives = ctx.alts.map((a, i): ProposedAlternative => ({
    index: a.index, label: a.label, grids: ctx.grids[i]!, metrics: withMetrics(ctx.c, a, input.band),
    ...(ctx.c.loaded.isolated.length ? { isolated: ctx.c.loaded.isolated } : {}),
  }));
  if (input.validate) for (const a of alternatives) a.metrics.validation = await validated(sql, ctx.c, a.grids);
  return { communityId: input.communityId, band: input.band, alternatives };
}

/** Minimal-disruption re-plan of a plan's grids in one community. */
export async function proposeReplan(sql: Sql, input: { planId: number; communityId: number; band: Band; codes: string[]; locked: string[]; weights?: Weights }) {
  await ensureParcels(sql, input.communityId);
  const out = await sql.begin(async (tx) => {
    const ctx = await load(tx, input.communityId, input.band, input.weights, { planId: input.planId, codes: input.codes });
    const partOf = ctx.graph.units.map((u) => input.codes.indexOf(ctx.loaded.gridOf.get(u.id)!));
    const locked = new Set(input.locked.map((c) => input.codes.indexOf(c)));
    const exempt = new Set(input.codes.map((_, i) => i).filter((i) => ctx.graph.units.some((u, j) => partOf[j] === i && u.households > input.band.max)));
    const r = replanDomain(ctx.graph, partOf, input.codes.length, input.band, { locked, exempt, beam: 32, maxDepth: 16 });
    const parts: number[][] = input.codes.map(() => []);
    r.partOf.forEach((p, u) => parts[p]!.push(u));
    const changed = new Set(r.moves.flatMap((m) => [m.from, m.to]));
    const result: PartitionResult = { parts, oversize: input.codes.map((_, i) => exempt.has(i)) };
    const [grids] = await gridsOf(ctx, [result], [input.codes]);
    return { ctx, r, all: grids!, grids: grids!.filter((_, i) => changed.has(i)), metrics: withMetrics(ctx, result, input.band) };
  });
  const moves = out.r.moves.map((m: Move) => ({
    buildingId: out.ctx.loaded.buildingOf.get(out.ctx.graph.units[m.unit]!.id) ?? null,
    from: input.codes[m.from]!, to: input.codes[m.to]!, households: out.ctx.graph.units[m.unit]!.households,
  }));
  const validation = await validated(sql, { ...out.ctx, others: [] }, out.all);
  return { grids: out.grids, moves, infeasible: out.r.infeasible.map((i) => input.codes[i]!), metrics: { ...out.metrics, validation } };
}
