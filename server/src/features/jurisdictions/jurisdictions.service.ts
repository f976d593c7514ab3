import type { Sql } from 'postgres';
import type { z } from 'zod';
import type { Caller } from '../../http/auth.ts';
import { AppError, badRequest, conflict, notFound } from '../../http/errors.ts';
import { createAuthRepo } from '../auth/auth.repo.ts';
import { NOTHING_CACHED, type CallerInvalidation } from '../auth/caller-cache.ts';
import { scopeFor } from '../auth/scope.repo.ts';
import { divisionByCode } from './divisions.repo.ts';
import { createJurisdictionsAdminRepo } from './jurisdictions-admin.repo.ts';
import { codeProblem, parentLevelOf, setupSteps } from './jurisdictions.domain.ts';
import type { createJurisdictionBody } from './jurisdictions.schema.ts';

type CreateBody = z.output<typeof createJurisdictionBody>;

/**
 * Adding a city to Wangge. A county (a new city or district) may be added by any admin, who then
 * administers it; a street office or community by whoever imports base data for its parent.
 */
export function createJurisdictionsService(sql: Sql, callers: CallerInvalidation = NOTHING_CACHED) {
  return {
    /** The setup checklist of a jurisdiction in the caller's data.import scope (404 outside it). */
    async setup(caller: Caller, id: number, date: string) {
      const repo = createJurisdictionsAdminRepo(sql);
      const node = await repo.byId(id);
      if (!node || !scopeFor(caller.grants, 'data.import').prefixes.some((p) => node.code.startsWith(p))) {
        throw notFound('jurisdiction_not_found', `No jurisdiction ${id} in your scope`);
      }
      const counts = (await repo.setup(id, date))!;
      return { id, code: node.code, name: node.name, level: node.level, ...counts, steps: setupSteps(node.level, counts) };
    },

    async create(caller: Caller, ip: string | null, body: CreateBody) {
      const problem = codeProblem(body);
      if (problem) throw badRequest(problem[0], problem[1], [{ field: problem[0] === 'code_level_mismatch' ? 'code' : 'parentCode', message: problem[1] }]);
      const isAdmin = caller.grants.some((g) => g.role === 'admin');
      if (body.level === 'county' && !isAdmin) throw new AppError(403, 'forbidden', 'Only an admin can add a county');
      if (body.parentCode && !scopeFor(caller.grants, 'data.import').prefixes.some((p) => body.parentCode!.startsWith(p))) {
        throw notFound('jurisdiction_not_found', `No jurisdiction ${body.parentCode} in your scope`);
      }
      const created = await sql.begin(async (tx) => {
        const repo = createJurisdictionsAdminRepo(tx);
        // one creator per code at a time; the unique index is the last word
        await tx`select pg_advisory_xact_lock(hashtext('wangge.jurisdiction:' || ${body.code}))`;
        if (await repo.byCode(body.code)) throw conflict('code_taken', `Code ${body.code} is already in use`, [{ field: 'code', message: 'taken' }]);
        const parent = body.parentCode ? await repo.byCode(body.parentCode) : undefined;
        if (body.parentCode && !parent) throw notFound('parent_not_found', `No jurisdiction ${body.parentCode}`);
        if (parent && parent.level !== parentLevelOf(body.level)) {
          throw badRequest('code_not_under_parent', `${body.parentCode} is a ${parent.level}, not a ${parentLevelOf(body.level)}`);
        }
        const id = await repo.insert({ ...body, parentId: parent?.id ?? null });
        // the admin who adds a city administers it (their grants cover their own county only)
        if (body.level === 'county') await repo.grantAdmin(caller.userId, id);
        // the audit record commits with the node (and needs no second pooled connection)
        await createAuthRepo(tx as unknown as Sql).audit({ userId: caller.userId, action: 'jurisdiction.create', entity: 'jurisdiction', entityId: id, ip,
          details: { code: body.code, name: body.name, level: body.level, parentCode: body.parentCode ?? null } });
        return id;
      });
      // a new county is a new grant: the admin's next request sees it
      if (body.level === 'county') callers.forgetUser(caller.userId);
      const official = divisionByCode(body.code);
      return { id: created, code: body.code, name: body.name, level: body.level, parentCode: body.parentCode ?? null,
        official: official ? { name: official.name, path: official.path } : null };
    },
  };
}
