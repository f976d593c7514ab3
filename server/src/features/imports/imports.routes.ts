import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Sql } from 'postgres';
import { clientIp, requireCaller, type AuthEnv } from '../../http/auth.ts';
import { AppError } from '../../http/errors.ts';
import { validate } from '../../http/validate.ts';
import type { AuthRepo } from '../auth/auth.repo.ts';
import { scopeFor } from '../auth/scope.repo.ts';
import { createImportsService } from './imports.service.ts';
import { importParam, importQuery } from './imports.schema.ts';

/** Base-data files are large (a district's buildings); only this route takes more than the API-wide 1 MiB. */
export const IMPORT_MAX_BODY = 50 * 1024 * 1024;

/** A body limit for file uploads, in the common error shape. */
export function uploadLimit(maxSize: number) {
  return bodyLimit({
    maxSize,
    onError: () => {
      throw new AppError(413, 'payload_too_large', `The file exceeds ${maxSize / 1024 / 1024} MiB`);
    },
  });
}

/**
 * POST /api/imports/:kind?jurisdiction=&mode=&crs=&dryRun= (buildings also households=property|footprint|population,
 * floorsProperty, defaultFloors, m2PerHousehold, populationProperty, householdSize) with the GeoJSON file as the body.
 */
export function importsRoutes(sql: Sql, audit: AuthRepo['audit']) {
  const service = createImportsService(sql);
  return new Hono<AuthEnv>()
    .post('/:kind', uploadLimit(IMPORT_MAX_BODY), validate('param', importParam), validate('query', importQuery), async (c) => {
      const caller = requireCaller(c.get('caller'));
      const { kind } = c.req.valid('param');
      const { jurisdiction, mode, crs, dryRun, ...households } = c.req.valid('query');
      const report = await service.run({
        kind, text: await c.req.text(), jurisdiction, mode, crs, dryRun, households, scope: scopeFor(caller.grants, 'data.import').prefixes,
      });
      if (!report.dryRun) {
        await audit({ userId: caller.userId, action: `import.${kind}`, entity: 'jurisdiction', ip: clientIp(c),
          details: { jurisdiction, mode, crs: report.crs, ...(kind === 'buildings' ? { households } : {}), ...report.counts } });
      }
      return c.json(report);
    });
}
