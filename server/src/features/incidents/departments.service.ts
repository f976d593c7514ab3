import type { Sql } from 'postgres';
import type { Caller } from '../../http/auth.ts';
import { badRequest, conflict, notFound } from '../../http/errors.ts';
import { scopeFor } from '../auth/scope.repo.ts';
import { createDepartmentsRepo, type DepartmentColumns, type DepartmentRecord } from './departments.repo.ts';
import type { CreateDepartmentBody, PatchDepartmentBody } from './incident-admin.schema.ts';
import { logIn, type AdminActor } from './incident-admin.service.ts';

const isUniqueViolation = (e: unknown) => (e as { code?: string }).code === '23505';
const nameTaken = (name: string) => conflict('department_name_taken', `A department named ${name} already exists in that place`, [{ field: 'name', message: 'taken' }]);

/** The departments (责任单位) of street offices and counties in the admin's scope, and their members; every write audited. */
export function createDepartmentsService(sql: Sql) {
  const repo = createDepartmentsRepo(sql);
  /** Jurisdiction code prefixes the caller manages departments under (their incidents.manage grants). */
  const prefixesOf = (caller: Caller) => scopeFor(caller.grants, 'incidents.manage').prefixes;
  const inScope = (caller: Caller, code: string) => prefixesOf(caller).some((p) => code.startsWith(p));

  /** A street office or county in the caller's scope, or the error that says why not. */
  async function placeFor(caller: Caller, id: number) {
    const place = await repo.place(id);
    if (!place || !inScope(caller, place.code)) throw notFound('jurisdiction_not_found', `No jurisdiction ${id} in your scope`);
    if (place.level !== 'town' && place.level !== 'county') {
      throw badRequest('department_place_level', 'jurisdictionId: departments belong to a street office or a county', [{ field: 'jurisdictionId', message: 'not a street office or county' }]);
    }
    return place;
  }

  /** The department if the caller manages it, else the same 404 as a missing one. */
  async function mine(caller: Caller, id: number, db: Parameters<typeof repo.byId>[0] = sql, lock = false): Promise<DepartmentRecord> {
    const d = await repo.byId(db, id, { lock });
    if (!d || !inScope(caller, d.jurisdiction.code)) throw notFound('department_not_found', `No department ${id} in your scope`);
    return d;
  }

  return {
    /** The caller's departments, optionally of one street office or county. */
    async list(caller: Caller, jurisdictionId?: number) {
      if (jurisdictionId !== undefined) {
        const place = await repo.place(jurisdictionId);
        if (!place || !inScope(caller, place.code)) throw notFound('jurisdiction_not_found', `No jurisdiction ${jurisdictionId} in your scope`);
      }
      return repo.list(prefixesOf(caller), jurisdictionId ?? null);
    },

    /** Adds a department to a street office or county of the scope; 409 when the place has one of that name. */
    async create(caller: Caller, actor: AdminActor, body: CreateDepartmentBody): Promise<DepartmentRecord> {
      const place = await placeFor(caller, body.jurisdictionId);
      const columns: DepartmentColumns = { name: body.name, kind: body.kind, phone: body.phone ?? null, active: body.active ?? true };
      try {
        const id = await sql.begin(async (tx) => {
          const newId = await repo.insert(tx, place, columns);
          await logIn(tx).audit({ userId: actor.userId, action: 'incident.department.create', entity: 'department', entityId: newId, ip: actor.ip,
            details: { name: body.name, jurisdiction: place.code } });
          return newId;
        });
        return (await repo.byId(sql, id))!;
      } catch (e) {
        if (isUniqueViolation(e)) throw nameTaken(body.name);
        throw e;
      }
    },

    /** Renames, re-kinds, re-phones or (de)activates a department of the scope. */
    async patch(caller: Caller, actor: AdminActor, id: number, body: PatchDepartmentBody): Promise<DepartmentRecord> {
      const before = await mine(caller, id);
      const columns = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)) as Partial<DepartmentColumns>;
      const fields = Object.keys(columns).filter((k) => columns[k as keyof DepartmentColumns] !== before[k as keyof DepartmentColumns]);
      try {
        await sql.begin(async (tx) => {
          await repo.update(tx, id, columns);
          await logIn(tx).audit({ userId: actor.userId, action: 'incident.department.update', entity: 'department', entityId: id, fields, ip: actor.ip,
            details: { name: body.name ?? before.name } });
        });
      } catch (e) {
        if (isUniqueViolation(e)) throw nameTaken(body.name ?? before.name);
        throw e;
      }
      return (await repo.byId(sql, id))!;
    },

    /** Makes the department's members exactly these active users (one writer at a time per department). */
    async replaceMembers(caller: Caller, actor: AdminActor, id: number, userIds: number[]): Promise<DepartmentRecord> {
      await sql.begin(async (tx) => {
        await mine(caller, id, tx, true);
        const bad = await repo.notActiveUsers(tx, userIds);
        if (bad.length) {
          const details = bad.map((u) => ({ field: String(userIds.indexOf(u)), message: `no active user ${u}` }));
          throw badRequest('unknown_users', `No active user with id ${bad.join(', ')}`, details);
        }
        const { added, removed } = await repo.replaceMembers(tx, id, userIds);
        await logIn(tx).audit({ userId: actor.userId, action: 'incident.department.members', entity: 'department', entityId: id, ip: actor.ip,
          details: { count: userIds.length, joined: added.length, left: removed.length, ids: userIds } });
      });
      return (await repo.byId(sql, id))!;
    },
  };
}
