import { area } from '@turf/turf';
import type { Sql } from 'postgres';
import type { z } from 'zod';
import type { Caller } from '../../http/auth.ts';
import { AppError, badRequest, notFound } from '../../http/errors.ts';
import { SLIVER_AREA_M2 } from '../plan-validation/validation.domain.ts';
import { scopeFor } from '../auth/scope.repo.ts';
import { proposeAlternatives, summarize, type AlternativeMetrics } from './alternatives.domain.ts';
import { createAutoplanRepo } from './autoplan.repo.ts';
import type { districtsBody } from './autoplan.schema.ts';
import { colorParts } from '../plans/grid-colors.domain.ts';
import { unitGraph, type MultiPolygon } from './autoplan.service.ts';
import { households } from './graph.domain.ts';
import { mapLimited, PARALLEL_COMMUNITIES } from './parallel.ts';
import { ensureParcels } from './parcels.repo.ts';
import type { Band } from './partition.domain.ts';
import type { IsolatedUnit } from './unit-graph.repo.ts';

/** Share of the mean district either side of it when only a number of districts is asked for. */
export const DISTRICT_TOLERANCE = 0.1;

/** One district: a contiguous group of parcels that may span communities. */
export interface ProposedDistrict {
  key: string;
  geom: MultiPolygon;
  households: number;
  buildings: number;
  /** Codes of the communities whose parcels it holds, most households first. */
  communities: string[];
  /** Polygons of at least SLIVER_AREA_M2 (1: contiguous). */
  pieces: number;
  /** Index into the map's grid palette: neighbouring districts never share one. */
  color: number;
}

/** One alternative division into districts. */
export interface DistrictAlternative {
  index: number;
  label: string;
  districts: ProposedDistrict[];
  metrics: AlternativeMetrics & { contiguous: number };
}

/** What a districts call returns: nothing is stored, the alternatives are to compare and download. */
export interface DistrictsProposal {
  jurisdiction: { id: number; code: string; level: string };
  band: Band;
  households: number;
  communities: number;
  alternatives: DistrictAlternative[];
  isolated?: IsolatedUnit[];
}

/** Polygons of a MultiPolygon of at least SLIVER_AREA_M2. */
const pieces = (g: MultiPolygon) => g.coordinates.filter((p) => area({ type: 'Polygon', coordinates: p }) >= SLIVER_AREA_M2).length;

/**
 * Districts across the communities of a street office or a city (community-sized districts, wards):
 * the engine that plans grids, run on the parcels of every community at once, so a district can hold
 * parts of several communities and follows the same streets. Band per call; with only a number of
 * districts, the band is the mean ± DISTRICT_TOLERANCE.
 */
export async function proposeDistricts(sql: Sql, input: {
  jurisdictionId: number; band?: Band; districts?: number; alternatives: number; seed?: number; weights?: { residents?: number; specialGroups?: number };
}): Promise<Omit<DistrictsProposal, 'jurisdiction'>> {
  const repo = createAutoplanRepo(sql);
  const communities = await repo.communitiesUnder(input.jurisdictionId);
  if (communities.length === 0) throw badRequest('no_communities', `Jurisdiction ${input.jurisdictionId} has no community with a boundary`);
  // parcels first, outside the transaction (each community takes its own lock), two communities at a time
  await mapLimited(communities, PARALLEL_COMMUNITIES, (c) => ensureParcels(sql, c.id));
  return sql.begin(async (tx) => {
    const trepo = createAutoplanRepo(tx);
    const bandOf = (total: number): Band => {
      const mean = input.districts ? total / input.districts : 0;
      return input.band ?? { min: Math.max(1, Math.floor(mean * (1 - DISTRICT_TOLERANCE))), max: Math.ceil(mean * (1 + DISTRICT_TOLERANCE)) };
    };
    const { loaded, graph } = await unitGraph(tx, communities.map((c) => c.id), (total) => bandOf(total).min, { households: 1, ...input.weights });
    const total = households(graph, graph.units.map((_, i) => i));
    if (total === 0) throw badRequest('no_households', 'No building of these communities holds households');
    const band = bandOf(total);
    const alts = proposeAlternatives(graph, band, input.alternatives, input.seed ?? 1, input.districts);
    const geoms = await trepo.unions(alts.flatMap((r, alt) => r.parts.flatMap((p, part) => p.map((u) => ({ alt, part, unit: graph.units[u]!.id })))));
    const codeOf = new Map(communities.map((c) => [c.id, c.code]));
    const alternatives = alts.map((r, alt): DistrictAlternative => {
      const colors = colorParts(r.parts, graph.edges);
      const districts = r.parts.map((p, part): ProposedDistrict => {
        const g = geoms.find((x) => x.alt === alt && x.part === part)!;
        if (!g.valid) throw new Error(`districts: district ${alt}/${part} is not valid after repair`);
        const byCommunity = new Map<string, number>();
        for (const u of p) {
          const code = codeOf.get(loaded.communityOf.get(graph.units[u]!.id)!)!;
          byCommunity.set(code, (byCommunity.get(code) ?? 0) + graph.units[u]!.households);
        }
        return {
          key: `${alt + 1}-${String(part + 1).padStart(2, '0')}`, geom: g.geom,
          households: households(graph, p), buildings: p.reduce((s, u) => s + graph.units[u]!.buildings, 0),
          communities: [...byCommunity].sort((a, b) => b[1] - a[1]).map(([code]) => code), pieces: pieces(g.geom),
          color: colors[part] ?? 0,
        };
      });
      return {
        index: alt, label: r.label, districts,
        metrics: { ...summarize(graph, r, band), contiguous: districts.filter((d) => d.pieces === 1).length },
      };
    });
    return { band, households: total, communities: communities.length, alternatives, ...(loaded.isolated.length ? { isolated: loaded.isolated } : {}) };
  });
}

/** POST /api/jurisdictions/:id/districts for a planner whose plans.edit scope covers the place. */
export async function districtsFor(sql: Sql, caller: Caller, jurisdictionId: number, body: z.output<typeof districtsBody>): Promise<DistrictsProposal> {
  const j = await createAutoplanRepo(sql).place(jurisdictionId);
  const { prefixes } = scopeFor(caller.grants, 'plans.edit');
  if (!j || !prefixes.some((p) => j.code.startsWith(p))) throw notFound('jurisdiction_not_found', `No jurisdiction ${jurisdictionId} in your planning scope`);
  if (j.level !== 'town' && j.level !== 'county') throw badRequest('not_a_town_or_county', 'Districts are planned for a street office or a city; a community is planned into grids');
  if (body.weights?.specialGroups && !scopeFor(caller.grants, 'residents.read').prefixes.some((p) => j.code.startsWith(p))) {
    throw new AppError(403, 'special_groups_out_of_scope', 'Balancing on special groups needs the right to read the residents of the whole area');
  }
  const r = await proposeDistricts(sql, { jurisdictionId, ...body });
  return { jurisdiction: j, ...r };
}
