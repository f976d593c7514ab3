import type { Sql } from 'postgres';
import { AppError, badRequest, conflict, notFound } from '../../http/errors.ts';
import { tokenHash } from '../auth/auth.domain.ts';
import { NOTHING_CACHED, type CallerInvalidation } from '../auth/caller-cache.ts';
import { hashPassword } from '../auth/auth.service.ts';
import { leavesNoAdmin, newApiKey, normalizeGrant, temporaryPassword, type GrantInput } from './admin.domain.ts';
import { createAdminRepo, type UsersQueries } from './admin.repo.ts';
import { createApiKeysRepo } from './api-keys.repo.ts';
import { createJurisdictionsAdminRepo } from '../jurisdictions/jurisdictions-admin.repo.ts';
import type { CreateUserBody, PatchUserBody } from './admin.schema.ts';

/** Who acts, and from where: every write is audited under their name. */
export interface Actor {
  userId: number;
  ip: string | null;
}

const userMissing = (id: number) => notFound('user_not_found', `No user with id ${id}`);
const isUniqueViolation = (e: unknown) => (e as { code?: string }).code === '23505';

/** Refuses grants whose jurisdictions or grid codes do not exist; `field` prefixes the field names. */
async function checkScopes(tx: UsersQueries, grants: GrantInput[], field: string) {
  const ids = grants.flatMap((g) => (g.jurisdictionId === undefined ? [] : [g.jurisdictionId]));
  const missing = new Set(ids.length ? await tx.missingJurisdictions(ids) : []);
  const codes = grants.flatMap((g) => g.gridCodes ?? []);
  const unknown = new Set(codes.length ? await tx.unknownGridCodes(codes) : []);
  const details = grants.flatMap((g, i) => [
    ...(g.jurisdictionId !== undefined && missing.has(g.jurisdictionId)
      ? [{ field: `${field}${i}.jurisdictionId`, message: `no jurisdiction with id ${g.jurisdictionId}` }] : []),
    ...(g.gridCodes?.some((c) => unknown.has(c))
      ? [{ field: `${field}${i}.gridCodes`, message: `not in any published plan: ${g.gridCodes.filter((c) => unknown.has(c)).join(', ')}` }] : []),
  ]);
  if (details.length) {
    const summary = details.map((d) => `${d.field}: ${d.message}`).join('; ');
    throw missing.size ? badRequest('unknown_jurisdiction', summary, details) : badRequest('unknown_grid', summary, details);
  }
}

/** Refuses a change that would leave no active admin. */
async function guardLastAdmin(tx: UsersQueries, userId: number, holdsAdminAfter: boolean) {
  const state = await tx.adminState(userId);
  if (leavesNoAdmin({ ...state, holdsAdminAfter })) {
    throw conflict('last_admin', 'This would leave the system without an active admin; grant admin to someone else first');
  }
}

/**
 * Account, grant and API key administration; each write is one transaction with its audit record.
 * `callers` (the process's cache of validated sessions and keys) forgets a user once a change commits.
 */
export function createAdminService(sql: Sql, clock: () => Date, callers: CallerInvalidation = NOTHING_CACHED) {
  const users = createAdminRepo(sql);
  const keys = createApiKeysRepo(sql);

  return {
    /** Creates an account with its grants; generates a temporary password when none is given. */
    async createUser(actor: Actor, body: CreateUserBody) {
      const generated = body.password === undefined ? temporaryPassword(body.username) : undefined;
      const passwordHash = await hashPassword(body.password ?? generated!);
      const grants = body.grants.map(normalizeGrant);
      const taken = () => conflict('username_taken', `The username ${body.username} is taken`, [{ field: 'username', message: 'taken' }]);
      try {
        const id = await users.transaction(async (tx, audit) => {
          if (await tx.usernameTaken(body.username)) throw taken();
          await checkScopes(tx, grants, 'grants.');
          const id = await tx.insert({
            username: body.username, displayName: body.displayName, phone: body.phone ?? null, passwordHash, now: clock(),
            mustChangePassword: generated !== undefined,
          });
          await tx.replaceGrants(id, grants);
          await audit({ userId: actor.userId, action: 'admin.user.create', entity: 'user', entityId: id, ip: actor.ip,
            details: { username: body.username, grants, passwordGenerated: generated !== undefined } });
          return id;
        });
        return { user: (await users.byId(id))!, temporaryPassword: generated };
      } catch (e) {
        // two admins creating the same name at once: the unique index decides
        if (isUniqueViolation(e)) throw taken();
        throw e;
      }
    },

    /**
     * The first admin of a deployment, from the command line (no one is signed in yet): scoped to a
     * jurisdiction by code, with a temporary password to be changed at the first sign-in. Audited.
     */
    async createAdminFromCli(input: { username: string; displayName: string; jurisdictionCode: string }) {
      const password = temporaryPassword(input.username);
      const passwordHash = await hashPassword(password);
      // the grant's foreign key keeps the jurisdiction from going away before the commit
      const j = await createJurisdictionsAdminRepo(sql).byCode(input.jurisdictionCode);
      if (!j) {
        throw notFound('jurisdiction_not_found', `No jurisdiction ${input.jurisdictionCode}: import it first ` +
          `(npm run import -- jurisdictions <file.geojson> --jurisdiction ${input.jurisdictionCode})`);
      }
      const id = await users.transaction(async (tx, audit) => {
        if (await tx.usernameTaken(input.username)) throw conflict('username_taken', `The username ${input.username} is taken`);
        const id = await tx.insert({ username: input.username, displayName: input.displayName, phone: null, passwordHash, now: clock(), mustChangePassword: true });
        await tx.replaceGrants(id, [{ role: 'admin', jurisdictionId: j.id }]);
        await audit({ userId: null, action: 'admin.user.create', entity: 'user', entityId: id,
          details: { username: input.username, grants: [{ role: 'admin', jurisdictionId: j.id }], passwordGenerated: true, via: 'cli' } });
        return id;
      });
      return { id, temporaryPassword: password };
    },

    /** Changes name, phone or active; deactivating ends the user's sessions and revokes their API keys. */
    async patchUser(actor: Actor, id: number, patch: PatchUserBody) {
      if (patch.active === false && id === actor.userId) {
        throw conflict('cannot_deactivate_self', 'You cannot deactivate your own account');
      }
      await users.transaction(async (tx, audit) => {
        if (patch.active === false) await guardLastAdmin(tx, id, false);
        if (!(await tx.update(id, patch))) throw userMissing(id);
        const sessionsEnded = patch.active === false ? await tx.endSessions(id) : 0;
        const keysRevoked = patch.active === false ? await tx.revokeKeysOf(id, clock()) : 0;
        await audit({ userId: actor.userId, action: 'admin.user.update', entity: 'user', entityId: id, ip: actor.ip,
          fields: Object.keys(patch), details: { ...('active' in patch ? { active: patch.active } : {}), sessionsEnded, keysRevoked } });
      });
      callers.forgetUser(id);
      return (await users.byId(id))!;
    },

    /** Replaces every grant of a user; the last active admin keeps theirs. */
    async replaceGrants(actor: Actor, id: number, input: GrantInput[]) {
      const grants = input.map(normalizeGrant);
      await users.transaction(async (tx, audit) => {
        const before = await tx.byId(id);
        if (!before) throw userMissing(id);
        await checkScopes(tx, grants, '');
        await guardLastAdmin(tx, id, grants.some((g) => g.role === 'admin'));
        await tx.replaceGrants(id, grants);
        await audit({ userId: actor.userId, action: 'admin.user.grants', entity: 'user', entityId: id, ip: actor.ip,
          details: { before: before.grants.map(({ role, jurisdictionId, gridCodes }) => ({ role, jurisdictionId, gridCodes })), after: grants } });
      });
      callers.forgetUser(id);
      return (await users.byId(id))!;
    },

    /** Sets a temporary password (returned once, to be changed at the next sign-in), ends the user's sessions and clears the lock. */
    async resetPassword(actor: Actor, id: number) {
      const user = await users.byId(id);
      if (!user) throw userMissing(id);
      // your own password goes through POST /api/auth/password, which checks the current one
      if (id === actor.userId) throw conflict('cannot_reset_self', 'Change your own password with POST /api/auth/password');
      const password = temporaryPassword(user.username);
      const hash = await hashPassword(password);
      await users.transaction(async (tx, audit) => {
        if (!(await tx.setTemporaryPassword(id, hash, clock()))) throw userMissing(id);
        const sessionsEnded = await tx.endSessions(id);
        await audit({ userId: actor.userId, action: 'admin.user.password_reset', entity: 'user', entityId: id, ip: actor.ip, details: { sessionsEnded } });
      });
      callers.forgetUser(id);
      return { temporaryPassword: password };
    },

    /** Clears failed sign-ins and the lock. */
    async unlock(actor: Actor, id: number) {
      await users.transaction(async (tx, audit) => {
        const before = await tx.byId(id);
        if (!before || !(await tx.unlock(id))) throw userMissing(id);
        await audit({ userId: actor.userId, action: 'admin.user.unlock', entity: 'user', entityId: id, ip: actor.ip,
          details: { failedLogins: before.failedLogins, lockedUntil: before.lockedUntil } });
      });
      return (await users.byId(id))!;
    },

    /** Issues an API key for an active user; the full key is in the answer and nowhere else. */
    async createApiKey(actor: Actor, input: { userId: number; name: string }) {
      const owner = await keys.owner(input.userId);
      if (!owner) throw badRequest('unknown_user', `userId: no user with id ${input.userId}`, [{ field: 'userId', message: 'no such user' }]);
      if (!owner.active) throw conflict('user_inactive', 'The user is deactivated; activate them before issuing a key');
      const { id, key } = await keys.transaction(async (tx, audit) => {
        for (let attempt = 0; attempt < 5; attempt++) {
          const k = newApiKey();
          const id = await tx.insert({ userId: input.userId, name: input.name, prefix: k.prefix, keyHash: tokenHash(k.secret), now: clock() });
          if (id === undefined) continue; // prefix collision: draw again
          await audit({ userId: actor.userId, action: 'admin.api_key.create', entity: 'api_key', entityId: id, ip: actor.ip,
            details: { userId: input.userId, name: input.name, prefix: k.prefix } });
          return { id, key: k.key };
        }
        throw new AppError(500, 'key_generation_failed', 'Could not draw a free key prefix');
      });
      return { ...(await keys.byId(id))!, key };
    },

    /** Revokes a key (again is a no-op); unknown ids are 404. */
    async revokeApiKey(actor: Actor, id: number) {
      const owner = await keys.transaction(async (tx, audit) => {
        const key = await tx.byId(id);
        if (!key) throw notFound('api_key_not_found', `No API key with id ${id}`);
        if (await tx.revoke(id, clock())) {
          await audit({ userId: actor.userId, action: 'admin.api_key.revoke', entity: 'api_key', entityId: id, ip: actor.ip,
            details: { userId: key.owner.id, name: key.name, prefix: key.prefix } });
        }
        return key.owner.id;
      });
      callers.forgetUser(owner);
    },

    listUsers: users.list,
    listApiKeys: keys.list,
  };
}
