import { Hono } from 'hono';
import type { Sql } from 'postgres';
import type { AuthEnv } from '../../http/auth.ts';
import { validate } from '../../http/validate.ts';
import { scopeFor } from '../auth/scope.repo.ts';
import { planDate } from '../grids/grids.domain.ts';
import { pickResults, PUBLIC_KINDS, SEARCH_KINDS, toItem } from './search.domain.ts';
import { createSearchRepo } from './search.repo.ts';
import { searchQuery } from './search.schema.ts';

/**
 * GET /api/search?q=&limit=: places by name, address or grid code. Signed in, only what the
 * caller's map.view grants cover (and the places above them); anonymous, only what the public
 * map names (jurisdictions and the grids of the plan in force). No personal data is searched.
 */
export function searchRoutes(sql: Sql, clock: () => Date) {
  const repo = createSearchRepo(sql);
  return new Hono<AuthEnv>().get('/', validate('query', searchQuery), async (c) => {
    const { q: tokens, limit } = c.req.valid('query');
    const caller = c.get('caller');
    const scope = caller ? scopeFor(caller.grants, 'map.view') : null;
    const hits = await repo.search({ tokens, limit, date: planDate(clock()), scope, kinds: scope ? SEARCH_KINDS : PUBLIC_KINDS });
    return c.json({ items: pickResults(hits, limit).map(toItem) });
  });
}
