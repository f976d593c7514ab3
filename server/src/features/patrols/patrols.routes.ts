import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { Sql } from 'postgres';
import { clientIp, requireCaller, type AuthEnv } from '../../http/auth.ts';
import { AppError } from '../../http/errors.ts';
import { idParam } from '../../http/params.ts';
import { validate } from '../../http/validate.ts';
import type { AuthRepo } from '../auth/auth.repo.ts';
import type { FixWriter } from './fix-writer.ts';
import type { PatrolBus } from './patrol-bus.ts';
import { patrolLive, type LiveOptions } from './patrol-live.ts';
import { presentPatrol, presentPosition } from './patrols.present.ts';
import { importQuery, listQuery, liveQuery, positionsQuery, stopBody, webFixesBody } from './patrols.schema.ts';
import { createPatrolsService } from './patrols.service.ts';

/** The largest GPX file taken (a day's track at one fix a second is about 4 MB). */
export const MAX_GPX_BYTES = 20 * 1024 * 1024;

export interface PatrolsRouteDeps {
  clock: () => Date;
  writer: FixWriter;
  bus: PatrolBus;
  audit: AuthRepo['audit'];
  live?: Partial<LiveOptions>;
}

/**
 * /api/patrols: the web app's patrols (start, buffered fixes, stop), GPX imports, and for supervisors the
 * patrols, tracks and live positions of the workers of their scope. A worker's location history is
 * personal data: reading a track or opening the live view is audited.
 */
export function patrolsRoutes(sql: Sql, deps: PatrolsRouteDeps) {
  const { clock, audit } = deps;
  const service = createPatrolsService(sql, deps);
  const live: LiveOptions = { coalesceMs: 1000, heartbeatMs: 25_000, ...deps.live };
  return new Hono<AuthEnv>()
    .get('/current', async (c) => {
      const p = await service.current(requireCaller(c.get('caller')));
      return c.json({ patrol: p ? presentPatrol(p) : null });
    })
    .post('/', async (c) => {
      const { patrol, created } = await service.start(requireCaller(c.get('caller')));
      return c.json({ patrol: presentPatrol(patrol) }, created ? 201 : 200);
    })
    .get('/positions', validate('query', positionsQuery), async (c) => {
      const caller = requireCaller(c.get('caller'));
      const now = clock();
      const list = await service.positions(caller, c.req.valid('query').minutes);
      return c.json({ positions: list.map((p) => presentPosition(p, now)) });
    })
    .get('/live', validate('query', liveQuery), async (c) => {
      const caller = requireCaller(c.get('caller'));
      await audit({ userId: caller.userId, action: 'patrol.live', entity: 'patrol', ip: clientIp(c) });
      c.header('X-Accel-Buffering', 'no');
      return streamSSE(c, (stream) => patrolLive(stream, caller, sql, service, deps.bus, clock, live), async (e) => {
        console.error(`[patrols] live stream of user ${caller.userId} failed: ${e.message}`);
      });
    })
    .post('/import', validate('query', importQuery), async (c) => {
      const caller = requireCaller(c.get('caller'));
      const { userId } = c.req.valid('query');
      const length = Number(c.req.header('content-length') ?? 0);
      if (length > MAX_GPX_BYTES) throw new AppError(413, 'payload_too_large', `A GPX file may be at most ${MAX_GPX_BYTES} bytes`);
      const text = await c.req.text();
      if (text.length > MAX_GPX_BYTES) throw new AppError(413, 'payload_too_large', `A GPX file may be at most ${MAX_GPX_BYTES} bytes`);
      const r = await service.importGpx(caller, userId, text);
      await audit({ userId: caller.userId, action: 'patrol.import', entity: 'patrol', entityId: r.patrol.id, ip: clientIp(c), details: { worker: userId, stored: r.stored } });
      return c.json({ patrol: presentPatrol(r.patrol), stored: r.stored, duplicates: r.duplicates, refused: r.refused }, 201);
    })
    .get('/', validate('query', listQuery), async (c) => {
      const caller = requireCaller(c.get('caller'));
      const q = c.req.valid('query');
      const list = await service.list(caller, { userId: q.user, from: q.from, to: q.to, gridCode: q.grid });
      return c.json({ patrols: list.map(presentPatrol) });
    })
    .get('/:id/track', validate('param', idParam), async (c) => {
      const caller = requireCaller(c.get('caller'));
      const { id } = c.req.valid('param');
      const t = await service.track(caller, id);
      if (t.patrol.userId !== caller.userId) await audit({ userId: caller.userId, action: 'patrol.track', entity: 'patrol', entityId: id, ip: clientIp(c), details: { worker: t.patrol.userId } });
      return c.json({
        patrol: presentPatrol(t.patrol), line: t.line,
        fixes: t.fixes.map((f) => ({ t: f.t.toISOString(), lon: f.lon, lat: f.lat, accuracy: f.accuracy, speed: f.speed, kept: f.kept })),
        stops: t.stops.map((s) => ({ from: s.from.toISOString(), to: s.to.toISOString(), lon: s.lon, lat: s.lat })),
      });
    })
    .post('/:id/fixes', validate('param', idParam), validate('json', webFixesBody), async (c) => {
      const caller = requireCaller(c.get('caller'));
      const { fixes, crs } = c.req.valid('json');
      return c.json(await service.addFixes(caller, c.req.valid('param').id, fixes, crs));
    })
    .post('/:id/stop', validate('param', idParam), validate('json', stopBody), async (c) => {
      const caller = requireCaller(c.get('caller'));
      const { at } = c.req.valid('json');
      const p = await service.stop(caller, c.req.valid('param').id, at ? new Date(at) : undefined);
      return c.json({ patrol: presentPatrol(p) });
    });
}
