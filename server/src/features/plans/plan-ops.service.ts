import type { Sql } from 'postgres';
import type { Caller } from '../../http/auth.ts';
import { badRequest, conflict, notFound } from '../../http/errors.ts';
import { codeOrder, defaultGridName, sideOfLine } from './plans.domain.ts';
import type { AreaGeometry, LineGeometry } from './plans.schema.ts';
import { assertValidGeometry, runEdit, type EditContext } from './plan-edit.service.ts';
import { sameSnapshot, type GridRef, type GridSnapshot } from './plan-grids.repo.ts';
import type { Piece } from './plan-edits.repo.ts';

/** The named grids, each in the scope and unlocked (or a clear 4xx). */
async function editable(ctx: EditContext, codes: readonly string[], opts: { allowLocked?: boolean } = {}): Promise<GridRef[]> {
  const refs = await ctx.grids.refs(ctx.plan.id, codes, ctx.plan.scope.code);
  for (const code of codes) {
    const r = refs.find((g) => g.code === code);
    if (!r) throw notFound('grid_not_found', `No grid ${code} in this plan`);
    if (!r.inScope) throw badRequest('grid_out_of_scope', `Grid ${code} lies outside this draft's scope (${ctx.plan.scope.name})`);
    if (r.locked && !opts.allowLocked) throw conflict('grid_locked', `Grid ${code} is locked; unlock it first`, { code });
  }
  return codes.map((c) => refs.find((g) => g.code === c)!);
}

/** Inserts new grids for pieces of one community, with fresh codes numbered west→east, north→south. */
async function insertNew(ctx: EditContext, community: { id: number; name: string; regionCode: string }, pieces: (Piece & { key: string; name?: string })[], parentCodes: string[]): Promise<string[]> {
  const codes: string[] = [];
  for (const p of codeOrder(pieces.map((x) => ({ ...x, key: x.key })))) {
    const code = await ctx.grids.nextCode(community.id);
    const snap: GridSnapshot = {
      code, name: p.name ?? defaultGridName(community.name, code), communityId: community.id, regionCode: community.regionCode,
      geom: p.hex, parentCodes, locked: false, justification: null,
    };
    await ctx.grids.insert(ctx.plan.id, snap);
    codes.push(code);
  }
  return codes;
}

/** Drawing, reshaping, splitting, merging and managing grids of a draft; each call is one logged operation. */
export function createPlanOpsService(sql: Sql) {
  return {
    /** A new grid from a drawn polygon: clipped to its community, taking the area from unlocked grids it covers. */
    draw(caller: Caller, planId: number, body: { version: number; geom: AreaGeometry; name?: string }) {
      return runEdit(sql, caller, planId, body.version, 'draw', async (ctx) => {
        await assertValidGeometry(ctx, body.geom, 'geom');
        const community = await ctx.edits.communityOf(body.geom, ctx.plan.scope.code);
        if (!community) throw badRequest('outside_scope', `The polygon lies outside ${ctx.plan.scope.name}`);
        const piece = await ctx.edits.clip(ctx.plan.id, ctx.plan.scope.code, body.geom, community.id);
        if (!piece) throw badRequest('nothing_to_draw', 'The polygon covers only locked grids or other jurisdictions');
        const taken = await ctx.grids.touching(ctx.plan.id, ctx.plan.scope.code, piece.hex);
        await ctx.track(taken);
        await ctx.grids.carve(ctx.plan.id, piece.hex, taken);
        const [code] = await insertNew(ctx, community, [{ ...piece, key: 'new', name: body.name }], taken.sort());
        return { summary: { code, from: taken, areaM2: Math.round(piece.areaM2) }, created: [code!], code: code! };
      });
    },

    /** New outline of one grid (vertex edits): neighbours give up what it gains and take what it gives up. */
    reshape(caller: Caller, planId: number, code: string, body: { version: number; geom: AreaGeometry }) {
      return runEdit(sql, caller, planId, body.version, 'reshape', async (ctx) => {
        const [grid] = await editable(ctx, [code]);
        await assertValidGeometry(ctx, body.geom, 'geom');
        const next = await ctx.edits.clip(ctx.plan.id, ctx.plan.scope.code, body.geom, grid!.communityId, [code]);
        if (!next) throw badRequest('nothing_to_draw', 'The new outline leaves the grid empty');
        const taken = await ctx.grids.touching(ctx.plan.id, ctx.plan.scope.code, next.hex, [code]);
        await ctx.track([code, ...taken]);
        const lost = await ctx.edits.lostPieces(ctx.plan.id, code, next.hex);
        await ctx.grids.carve(ctx.plan.id, next.hex, taken);
        await ctx.edits.setGeom(ctx.plan.id, code, next.hex);
        const gaveTo: string[] = [];
        for (const piece of lost) {
          const to = await ctx.edits.neighbourFor(ctx.plan.id, ctx.plan.scope.code, piece.hex, grid!.communityId, code);
          if (!to) continue; // on the community's edge: the piece stays a gap, which validation shows
          await ctx.track([to]);
          await ctx.grids.absorb(ctx.plan.id, to, piece.hex);
          gaveTo.push(to);
        }
        return { summary: { code, took: taken, gave: [...new Set(gaveTo)], areaM2: Math.round(next.areaM2) } };
      });
    },

    /** Splits a grid along a drawn line into two new grids (lineage to the old code); cut buildings stay whole. */
    split(caller: Caller, planId: number, code: string, body: { version: number; line: LineGeometry }) {
      return runEdit(sql, caller, planId, body.version, 'split', async (ctx) => {
        const [grid] = await editable(ctx, [code]);
        const pieces = (await ctx.edits.splitPieces(ctx.plan.id, code, body.line)).filter((p) => p.areaM2 >= 1);
        const line = body.line.coordinates.map((c) => [c[0]!, c[1]!] as [number, number]);
        const left = pieces.filter((p) => sideOfLine(line, [p.lon, p.lat]) > 0);
        const right = pieces.filter((p) => sideOfLine(line, [p.lon, p.lat]) <= 0);
        if (!left.length || !right.length) throw badRequest('split_line_does_not_cross', 'Draw the line right across the grid, from one edge to another');
        await ctx.track([code]);
        const sides = [await ctx.edits.union(left.map((p) => p.hex)), await ctx.edits.union(right.map((p) => p.hex))];
        await ctx.grids.remove(ctx.plan.id, [code]);
        const community = { id: grid!.communityId, name: grid!.communityName, regionCode: grid!.regionCode };
        const created = await insertNew(ctx, community, sides.map((s, i) => ({ ...s, key: String(i) })), [code]);
        const moved = await keepBuildingsWhole(ctx, created);
        return { summary: { from: code, to: created, buildingsKeptWhole: moved }, created, codes: created };
      });
    },

    /** Merges adjacent grids of one community into a new grid whose lineage names them all. */
    merge(caller: Caller, planId: number, body: { version: number; codes: string[]; name?: string }) {
      return runEdit(sql, caller, planId, body.version, 'merge', async (ctx) => {
        const refs = await editable(ctx, body.codes);
        if (new Set(refs.map((r) => r.communityId)).size > 1) throw badRequest('grids_in_different_communities', 'Only grids of one community can be merged');
        const pairs = await ctx.edits.touchingPairs(ctx.plan.id, body.codes);
        if (!connected(body.codes, pairs)) throw badRequest('grids_not_adjacent', 'The grids do not share borders; merge neighbours only');
        await ctx.track(body.codes);
        const snaps = await ctx.grids.snapshot(ctx.plan.id, body.codes);
        const area = await ctx.edits.union(snaps.map((s) => s.geom));
        await ctx.grids.remove(ctx.plan.id, body.codes);
        const r = refs[0]!;
        const [code] = await insertNew(ctx, { id: r.communityId, name: r.communityName, regionCode: r.regionCode }, [{ ...area, key: 'merged', name: body.name }], [...body.codes].sort());
        return { summary: { from: [...body.codes].sort(), to: code }, created: [code!], code: code! };
      });
    },

    /** Renames, locks/unlocks or justifies a grid. */
    patch(caller: Caller, planId: number, code: string, body: { version: number; name?: string; locked?: boolean; justification?: string | null }) {
      const kind = body.locked !== undefined ? (body.locked ? 'lock' : 'unlock') : body.justification !== undefined ? 'justify' : 'rename';
      return runEdit(sql, caller, planId, body.version, kind, async (ctx) => {
        const [grid] = await editable(ctx, [code], { allowLocked: true });
        if (grid!.locked && body.locked === undefined && body.name !== undefined) throw conflict('grid_locked', `Grid ${code} is locked; unlock it first`, { code });
        await ctx.track([code]);
        await ctx.grids.patch(ctx.plan.id, code, body);
        const { version: _v, ...changes } = body;
        return { summary: { code, ...changes } };
      });
    },

    /** Deletes a grid; its area becomes a gap until another grid takes it. */
    remove(caller: Caller, planId: number, code: string, body: { version: number }) {
      return runEdit(sql, caller, planId, body.version, 'delete', async (ctx) => {
        await editable(ctx, [code]);
        await ctx.track([code]);
        await ctx.grids.remove(ctx.plan.id, [code]);
        return { summary: { code } };
      });
    },

    /** Puts back what an operation changed (undo), or re-applies what an undo took back (redo). */
    revert(caller: Caller, planId: number, opId: number, body: { version: number }) {
      return runEdit(sql, caller, planId, body.version, 'revert', async (ctx) => {
        const op = await ctx.plans.operationBody(ctx.plan.id, opId);
        if (!op) throw notFound('operation_not_found', `No operation ${opId} in this plan`);
        const before = op.before as GridSnapshot[];
        const after = op.after as GridSnapshot[];
        const now = await ctx.grids.snapshot(ctx.plan.id, after.map((s) => s.code));
        const drifted = after.length !== now.length || after.some((s) => !now.some((n) => sameSnapshot(n, s)));
        if (drifted) throw conflict('undo_conflict', 'Later changes touch the same grids; undo those first', { operationId: opId });
        const clash = await ctx.grids.snapshot(ctx.plan.id, before.map((s) => s.code).filter((c) => !after.some((a) => a.code === c)));
        if (clash.length) throw conflict('undo_conflict', `Grid codes ${clash.map((c) => c.code).join(', ')} are in use again`, { operationId: opId });
        await ctx.track([...after.map((s) => s.code), ...before.map((s) => s.code)]);
        await ctx.grids.restore(ctx.plan.id, after.map((s) => s.code), before);
        return { summary: { reverts: opId, kind: op.kind, of: op.summary } };
      });
    },
  };
}

/** True when the pairs connect every code (adjacency graph is one piece). */
function connected(codes: readonly string[], pairs: readonly [string, string][]): boolean {
  const seen = new Set([codes[0]!]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [a, b] of pairs) {
      if (seen.has(a) !== seen.has(b)) {
        seen.add(a).add(b);
        grew = true;
      }
    }
  }
  return codes.every((c) => seen.has(c));
}

/** After a split: a building cut by the new border goes wholly to the grid holding its anchor. */
async function keepBuildingsWhole(ctx: EditContext, codes: string[]): Promise<number> {
  const cuts = await ctx.edits.cutBuildings(ctx.plan.id, codes);
  for (const cut of cuts) {
    await ctx.grids.carve(ctx.plan.id, cut.hex, codes.filter((c) => c !== cut.code));
    await ctx.grids.absorb(ctx.plan.id, cut.code, cut.hex);
  }
  return cuts.reduce((n, c) => n + c.buildings, 0);
}
