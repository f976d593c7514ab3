import { Hono } from 'hono';
import type { Sql } from 'postgres';
import { clientIp, requireCaller, type AuthEnv } from '../../http/auth.ts';
import { conflict, notFound } from '../../http/errors.ts';
import { idParam } from '../../http/params.ts';
import { validate } from '../../http/validate.ts';
import type { AuthRepo } from '../auth/auth.repo.ts';
import { scopeFor } from '../auth/scope.repo.ts';
import type { DeviceCache } from './device-cache.ts';
import { createDevicesRepo, type DeviceRow } from './devices.repo.ts';
import { deviceBody } from './patrols.schema.ts';
import { createPatrolsRepo } from './patrols.repo.ts';

const present = (d: DeviceRow) => ({
  id: d.id, userId: d.userId, userName: d.userName, protocol: d.protocol, identifier: d.identifier, label: d.label,
  createdAt: d.createdAt.toISOString(), revokedAt: d.revokedAt?.toISOString() ?? null, lastSeenAt: d.lastSeenAt?.toISOString() ?? null,
});

/**
 * /api/devices: phones bound to workers (Traccar Client by its device identifier, OwnTracks by identifier
 * and a secret shown once). For those who manage accounts (users.manage), over the workers of their scope;
 * every binding and revocation is audited and takes effect at once in this process.
 */
export function devicesRoutes(sql: Sql, audit: AuthRepo['audit'], cache: DeviceCache) {
  const repo = createDevicesRepo(sql);
  const patrols = createPatrolsRepo(sql);
  const scopeOf = (grants: Parameters<typeof scopeFor>[0]) => scopeFor(grants, 'users.manage');
  return new Hono<AuthEnv>()
    .get('/', async (c) => {
      const caller = requireCaller(c.get('caller'));
      return c.json({ devices: (await repo.list(scopeOf(caller.grants), caller.userId)).map(present) });
    })
    .post('/', validate('json', deviceBody), async (c) => {
      const caller = requireCaller(c.get('caller'));
      const body = c.req.valid('json');
      if (!(await repo.activeUser(body.userId)) || !(await patrols.sees(scopeOf(caller.grants), caller.userId, body.userId))) throw notFound('worker_not_found', `No worker ${body.userId} in your scope`);
      const made = await repo.create({ userId: body.userId, protocol: body.protocol, identifier: body.identifier, label: body.label ?? null, createdBy: caller.userId });
      if (!made) throw conflict('identifier_taken', `A live ${body.protocol} device is already called ${body.identifier}`);
      await audit({ userId: caller.userId, action: 'device.create', entity: 'device', entityId: made.id, ip: clientIp(c), details: { worker: body.userId, protocol: body.protocol, identifier: body.identifier } });
      return c.json(made, 201);
    })
    .post('/:id/revoke', validate('param', idParam), async (c) => {
      const caller = requireCaller(c.get('caller'));
      const { id } = c.req.valid('param');
      const d = await repo.byId(id);
      if (!d || d.protocol === 'web' || d.protocol === 'gpx' || !(await patrols.sees(scopeOf(caller.grants), caller.userId, d.userId))) throw notFound('device_not_found', `No device ${id} in your scope`);
      const revoked = await repo.revoke(id);
      cache.forget(d.protocol, d.identifier);
      if (revoked) await audit({ userId: caller.userId, action: 'device.revoke', entity: 'device', entityId: id, ip: clientIp(c), details: { worker: d.userId } });
      return c.json(present((await repo.byId(id))!));
    });
}
