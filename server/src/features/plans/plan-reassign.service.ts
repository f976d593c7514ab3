import type { Sql } from 'postgres';
import type { Caller } from '../../http/auth.ts';
import { badRequest, conflict, notFound } from '../../http/errors.ts';
import { ensureParcels } from '../autoplan/parcels.repo.ts';
import { assertValidGeometry, runEdit } from './plan-edit.service.ts';
import { createPlanEditsRepo } from './plan-edits.repo.ts';
import type { AreaGeometry } from './plans.schema.ts';

/** What to reassign: buildings by id (click) or inside a rectangle or lasso, optionally restricted. */
export interface ReassignBody {
  version: number;
  toCode: string;
  buildingIds?: number[];
  within?: AreaGeometry;
  restrict?: { compoundId: number } | { unassignedOnly: true };
}

/** Moves buildings into a grid by moving their parcels: the grids keep tiling the community. */
export function createReassignService(sql: Sql) {
  return {
    /** One logged operation; buildings in locked grids or other communities are skipped and counted. */
    async reassign(caller: Caller, planId: number, body: ReassignBody) {
      const communityId = await createPlanEditsRepo(sql).gridCommunity(planId, body.toCode);
      if (communityId !== undefined) await ensureParcels(sql, communityId);
      return runEdit(sql, caller, planId, body.version, 'reassign', async (ctx) => {
        const [target] = await ctx.grids.refs(ctx.plan.id, [body.toCode], ctx.plan.scope.code);
        if (!target || communityId === undefined) throw notFound('grid_not_found', `No grid ${body.toCode} in this plan`);
        if (!target.inScope) throw badRequest('grid_out_of_scope', `Grid ${body.toCode} lies outside this draft's scope`);
        if (target.locked) throw conflict('grid_locked', `Grid ${body.toCode} is locked; unlock it first`, { code: body.toCode });
        if (body.within) await assertValidGeometry(ctx, body.within, 'within');
        const restrict = body.restrict ?? {};
        const found = await ctx.edits.reassignCandidates(ctx.plan.id, target.communityId, {
          buildingIds: body.buildingIds, within: body.within, compoundId: 'compoundId' in restrict ? (restrict.compoundId as number) : undefined,
        });
        const unknown = (body.buildingIds ?? []).filter((id) => !found.some((b) => b.id === id));
        if (unknown.length) throw badRequest('unknown_buildings', `No buildings ${unknown.join(', ')}`, [{ field: 'buildingIds', message: `unknown: ${unknown.join(', ')}` }]);
        const moving = found.filter((b) => b.inCommunity && !b.locked && b.fromCode !== body.toCode
          && (!('unassignedOnly' in restrict) || b.fromCode === null));
        const skipped = { otherCommunity: found.filter((b) => !b.inCommunity).length, locked: found.filter((b) => b.inCommunity && b.locked).length };
        if (!moving.length) throw badRequest('nothing_to_reassign', 'No building of this selection can move to that grid', skipped);
        const area = await ctx.edits.parcelArea(ctx.plan.id, ctx.plan.scope.code, moving.map((b) => b.id), [body.toCode]);
        if (!area) throw badRequest('nothing_to_reassign', 'The selected buildings have no parcel outside locked grids', skipped);
        const from = await ctx.grids.touching(ctx.plan.id, ctx.plan.scope.code, area.hex, [body.toCode]);
        await ctx.track([body.toCode, ...from]);
        await ctx.grids.carve(ctx.plan.id, area.hex, from);
        await ctx.grids.absorb(ctx.plan.id, body.toCode, area.hex);
        const byFrom: Record<string, number> = {};
        for (const b of moving) byFrom[b.fromCode ?? 'unassigned'] = (byFrom[b.fromCode ?? 'unassigned'] ?? 0) + 1;
        const households = moving.reduce((n, b) => n + b.households, 0);
        return { summary: { to: body.toCode, buildings: moving.length, households, from: byFrom, skipped }, moved: moving.map((b) => b.id), skipped };
      });
    },
  };
}
