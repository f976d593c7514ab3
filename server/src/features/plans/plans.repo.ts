import type { Sql, TransactionSql } from 'postgres';
import type { PlanStatus } from './plans.domain.ts';

export type Db = Sql | TransactionSql;

interface JurisdictionRef {
  id: number;
  code: string;
  name: string;
  level: string;
}

/** A plan as the API shows it. */
export interface PlanRow {
  id: number;
  name: string;
  description: string | null;
  status: PlanStatus;
  version: number;
  validFrom: string | null;
  validTo: string | null;
  jurisdiction: JurisdictionRef;
  scope: JurisdictionRef;
  basePlanId: number | null;
  createdBy: string | null;
  createdById: number | null;
  createdAt: string;
  updatedAt: string;
  submittedBy: string | null;
  submittedById: number | null;
  submittedAt: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
  reviewComment: string | null;
  publishedAt: string | null;
  grids: number;
}

/** One entry of the operation log. */
export interface OperationRow {
  id: number;
  planVersion: number;
  kind: string;
  at: string;
  user: string | null;
  summary: Record<string, unknown>;
  reverts: number | null;
}

const iso = (v: unknown) => (v === null ? null : new Date(v as string).toISOString());
const day = (v: unknown) => (v === null ? null : String(v));

function toPlan(r: Record<string, unknown>): PlanRow {
  const ref = (p: string): JurisdictionRef => ({ id: Number(r[`${p}_id`]), code: String(r[`${p}_code`]), name: String(r[`${p}_name`]), level: String(r[`${p}_level`]) });
  return {
    id: Number(r.id), name: String(r.name), description: (r.description as string | null) ?? null,
    status: r.status as PlanStatus, version: Number(r.version), validFrom: day(r.valid_from), validTo: day(r.valid_to),
    jurisdiction: ref('j'), scope: ref('s'), basePlanId: r.base_plan_id === null ? null : Number(r.base_plan_id),
    createdBy: (r.created_by_name as string | null) ?? null, createdById: r.created_by === null || r.created_by === undefined ? null : Number(r.created_by), createdAt: iso(r.created_at)!, updatedAt: iso(r.updated_at)!,
    submittedBy: (r.submitted_by_name as string | null) ?? null, submittedById: r.submitted_by === null ? null : Number(r.submitted_by),
    submittedAt: iso(r.submitted_at), reviewedBy: (r.reviewed_by_name as string | null) ?? null, reviewedAt: iso(r.reviewed_at),
    reviewComment: (r.review_comment as string | null) ?? null, publishedAt: iso(r.published_at), grids: Number(r.grids),
  };
}

function planSelect(db: Db) {
  return db`
    select p.id, p.name, p.description, p.status, p.version, p.valid_from::text, p.valid_to::text, p.base_plan_id,
      p.created_at, p.updated_at, p.created_by, p.submitted_by, p.submitted_at, p.reviewed_at, p.review_comment, p.published_at,
      j.id j_id, j.code j_code, j.name j_name, j.level j_level, s.id s_id, s.code s_code, s.name s_name, s.level s_level,
      cu.display_name created_by_name, su.display_name submitted_by_name, ru.display_name reviewed_by_name,
      (select count(*) from grid g where g.plan_id = p.id) grids
    from grid_plan p
    join jurisdiction j on j.id = p.jurisdiction_id
    join jurisdiction s on s.id = p.scope_id
    left join app_user cu on cu.id = p.created_by
    left join app_user su on su.id = p.submitted_by
    left join app_user ru on ru.id = p.reviewed_by`;
}

/** Plan rows, the plan in force, the operation log and review comments. */
export function createPlansRepo(db: Db) {
  return {
    /** One plan, or undefined. */
    async byId(id: number): Promise<PlanRow | undefined> {
      const [r] = await db`${planSelect(db)} where p.id = ${id}`;
      return r ? toPlan(r) : undefined;
    },

    /** Locks the plan row for the rest of the transaction (edits of one plan are serialized). */
    async lock(id: number): Promise<PlanRow | undefined> {
      const [r] = await db`select id from grid_plan where id = ${id} for update`;
      return r ? this.byId(id) : undefined;
    },

    /** Deletes a plan; its grids, operations, comments and proposals go with it (on delete cascade). */
    async remove(id: number): Promise<void> {
      await db`delete from grid_plan where id = ${id}`;
    },

    /** Plans whose scope lies in one of `prefixes` or covers one (as `canView` decides), newest first. */
    async list(prefixes: string[], filter: { jurisdictionId?: number; status?: string }): Promise<PlanRow[]> {
      const like = prefixes.map((p) => `${p}%`);
      const rows = await db`${planSelect(db)}
        where (s.code like any(${like}::text[]) or exists (select 1 from unnest(${prefixes}::text[]) x where x like s.code || '%'))
          ${filter.jurisdictionId ? db`and (p.scope_id = ${filter.jurisdictionId} or p.jurisdiction_id = ${filter.jurisdictionId})` : db``}
          ${filter.status ? db`and p.status = ${filter.status}` : db``}
        order by p.updated_at desc, p.id desc limit 200`;
      return rows.map(toPlan);
    },

    /** A jurisdiction by id. */
    async jurisdiction(id: number): Promise<(JurisdictionRef & { parentId: number | null; regionCode: string }) | undefined> {
      const [r] = await db`select id, code, name, level, parent_id, region_code from jurisdiction where id = ${id}`;
      return r ? { id: Number(r.id), code: r.code, name: r.name, level: r.level, parentId: r.parent_id === null ? null : Number(r.parent_id), regionCode: r.region_code } : undefined;
    },

    /** The latest published plan held by the jurisdiction or one of its ancestors (the base of a new draft). */
    async latestPublishedCovering(jurisdictionId: number): Promise<{ id: number; jurisdictionId: number; validFrom: string } | undefined> {
      const [r] = await db`
        with recursive up as (
          select id, parent_id, 0 depth from jurisdiction where id = ${jurisdictionId}
          union all select j.id, j.parent_id, up.depth + 1 from jurisdiction j join up on j.id = up.parent_id)
        select p.id, p.jurisdiction_id, p.valid_from::text from grid_plan p join up on up.id = p.jurisdiction_id
        where p.status = 'published' and p.valid_to is null
        order by up.depth, p.valid_from desc limit 1`;
      return r ? { id: Number(r.id), jurisdictionId: Number(r.jurisdiction_id), validFrom: r.valid_from } : undefined;
    },

    /** Creates a draft copying every grid of the base plan (grids outside the scope stay as context). */
    async createDraft(input: { jurisdictionId: number; scopeId: number; regionCode: string; basePlanId: number | null; name: string; description: string | null; userId: number }): Promise<number> {
      const [p] = await db`
        insert into grid_plan (jurisdiction_id, scope_id, region_code, name, description, status, base_plan_id, created_by)
        values (${input.jurisdictionId}, ${input.scopeId}, ${input.regionCode}, ${input.name}, ${input.description}, 'draft', ${input.basePlanId}, ${input.userId})
        returning id`;
      const id = Number(p!.id);
      if (input.basePlanId !== null) {
        await db`
          insert into grid (plan_id, community_id, region_code, code, name, geom, justification, color)
          select ${id}, community_id, region_code, code, name, geom, justification, color from grid where plan_id = ${input.basePlanId}`;
      }
      return id;
    },

    /** Sets workflow fields and bumps the version. */
    async setStatus(id: number, patch: { status: PlanStatus; by: number; comment?: string | null; validFrom?: string }, kind: 'submit' | 'review' | 'publish'): Promise<number> {
      const [r] = await db`
        update grid_plan set status = ${patch.status}, version = version + 1, updated_at = now(),
          submitted_by = case when ${kind} = 'submit' then ${patch.by} else submitted_by end,
          submitted_at = case when ${kind} = 'submit' then now() else submitted_at end,
          reviewed_by = case when ${kind} = 'review' then ${patch.by}::bigint else reviewed_by end,
          reviewed_at = case when ${kind} = 'review' then now() else reviewed_at end,
          review_comment = case when ${kind} = 'review' then ${patch.comment ?? null} else review_comment end,
          valid_from = case when ${kind} = 'publish' then ${patch.validFrom ?? null}::date else valid_from end,
          published_at = case when ${kind} = 'publish' then now() else published_at end,
          published_by = case when ${kind} = 'publish' then ${patch.by}::bigint else published_by end
        where id = ${id} returning version`;
      return Number(r!.version);
    },

    /** Bumps the version after an edit. */
    async bump(id: number): Promise<number> {
      const [r] = await db`update grid_plan set version = version + 1, updated_at = now() where id = ${id} returning version`;
      return Number(r!.version);
    },

    /** Retires the plan in force from `validFrom` on (its period ends where the new one begins). */
    async retire(id: number, validFrom: string): Promise<void> {
      await db`update grid_plan set status = 'retired', valid_to = ${validFrom}::date, updated_at = now() where id = ${id}`;
    },

    /** Records an operation. */
    async logOperation(op: { planId: number; planVersion: number; userId: number; kind: string; summary: Record<string, unknown>; before?: unknown[]; after?: unknown[]; reverts?: number | null }): Promise<number> {
      const [r] = await db`
        insert into plan_operation (plan_id, plan_version, user_id, kind, summary, before, after, reverts)
        values (${op.planId}, ${op.planVersion}, ${op.userId}, ${op.kind}, ${db.json(op.summary as never)},
          ${db.json((op.before ?? []) as never)}, ${db.json((op.after ?? []) as never)}, ${op.reverts ?? null})
        returning id`;
      return Number(r!.id);
    },

    /** Operations of a plan, newest first; `afterVersion` gives those after the version a client saw. */
    async operations(planId: number, opts: { afterVersion?: number; limit?: number } = {}): Promise<OperationRow[]> {
      const rows = await db`
        select o.id, o.plan_version, o.kind, o.at, o.summary, o.reverts, u.display_name
        from plan_operation o left join app_user u on u.id = o.user_id
        where o.plan_id = ${planId} ${opts.afterVersion !== undefined ? db`and o.plan_version > ${opts.afterVersion}` : db``}
        order by o.id desc limit ${opts.limit ?? 500}`;
      return rows.map((r) => ({ id: Number(r.id), planVersion: Number(r.plan_version), kind: r.kind, at: iso(r.at)!, user: r.display_name ?? null, summary: r.summary, reverts: r.reverts === null ? null : Number(r.reverts) }));
    },

    /** The stored before/after of one operation (for undo and redo). */
    async operationBody(planId: number, opId: number): Promise<{ id: number; kind: string; before: SnapshotLike[]; after: SnapshotLike[]; summary: Record<string, unknown> } | undefined> {
      const [r] = await db`select id, kind, before, after, summary from plan_operation where plan_id = ${planId} and id = ${opId}`;
      return r ? { id: Number(r.id), kind: r.kind, before: r.before, after: r.after, summary: r.summary } : undefined;
    },

    /** Review comments, oldest first. */
    async comments(planId: number): Promise<{ id: number; at: string; user: string | null; gridCode: string | null; body: string }[]> {
      const rows = await db`select c.id, c.at, c.grid_code, c.body, u.display_name from plan_comment c left join app_user u on u.id = c.user_id
        where c.plan_id = ${planId} order by c.at, c.id`;
      return rows.map((r) => ({ id: Number(r.id), at: iso(r.at)!, user: r.display_name ?? null, gridCode: r.grid_code ?? null, body: r.body }));
    },

    /** Adds a comment. */
    async addComment(planId: number, userId: number, body: string, gridCode: string | null): Promise<number> {
      const [r] = await db`insert into plan_comment (plan_id, user_id, body, grid_code) values (${planId}, ${userId}, ${body}, ${gridCode}) returning id`;
      return Number(r!.id);
    },
  };
}

/** What an operation stores per grid (see plan-grids.repo.ts). */
export interface SnapshotLike {
  code: string;
}

export type PlansRepo = ReturnType<typeof createPlansRepo>;
