import type { Sql } from 'postgres';
import { conflict, notFound } from '../../http/errors.ts';
import { tokenHash } from '../auth/auth.domain.ts';
import type { Scope } from '../auth/scope.repo.ts';
import { planDate } from '../grids/grids.domain.ts';
import { createGridsRepo } from '../grids/grids.repo.ts';
import type { IncidentBus } from '../incidents/incident-bus.ts';
import { createIncidentsRepo } from '../incidents/incidents.repo.ts';
import { toWgs84 } from '../incidents/incidents.service.ts';
import { apply } from '../incidents/workflow.domain.ts';
import { pickResults, type SearchKind } from '../search/search.domain.ts';
import { createSearchRepo } from '../search/search.repo.ts';
import { FINISHED, presentTracked, TOKEN_PATTERN } from './public.domain.ts';
import { createPublicRepo } from './public.repo.ts';
import type { RatingBody } from './public.schema.ts';

/** Places a resident may look for their grid by: a grid, a compound, a building's name or address (never people). */
const FINDABLE: readonly SearchKind[] = ['grid', 'compound', 'building', 'address'];
/** Everywhere: 我的网格 is public, as the regulations want the grid plan disclosed. */
const EVERYWHERE: Scope = { prefixes: [''], gridCodes: [] };
const MATCHES = 5;

const trackNotFound = () => notFound('track_not_found', 'No case is followed by this link');

/** What residents and the public see: follow links and their ratings, and their grid with its workers. */
export function createPublicService(sql: Sql, deps: { clock: () => Date; bus: IncidentBus }) {
  const repo = createPublicRepo(sql);
  const incidents = createIncidentsRepo(sql);
  const grids = createGridsRepo(sql);
  const search = createSearchRepo(sql);

  /**
   * Stores the follower's rating once; on a case still closed (not evaluated by another follower yet)
   * the workflow's evaluate is applied for them by the system, with its timeline line. The follower
   * row is locked first, so of simultaneous identical ratings one is stored and the rest see it.
   */
  async function rate(token: string, body: RatingBody) {
    if (!TOKEN_PATTERN.test(token)) throw trackNotFound();
    const now = deps.clock();
    const evaluated = await sql.begin(async (tx) => {
      const follower = await repo.lockFollower(tx, tokenHash(token));
      if (!follower) throw trackNotFound();
      if (follower.ratedAt) throw conflict('already_rated', 'This case was already rated from this link', { ratedAt: follower.ratedAt.toISOString() });
      const r = (await incidents.byId(follower.incidentId, tx, true))!;
      if (!FINISHED.includes(r.status)) throw conflict('rating_not_open', 'A case can be rated once it is closed', { status: r.status });
      await repo.rate(tx, follower.id, body.rating, body.comment || null, now);
      if (r.status !== 'closed') return null;
      const step = apply(r.state, { type: 'evaluate', rating: body.rating }, { id: 'system', role: 'system' }, now);
      if (!step.ok) return null;
      const { incident: next, entry } = step;
      const written = await incidents.update(tx, r.id, r.version, {
        state: next, departmentId: r.departmentId, limit: r.limit, dueAt: r.dueAt, dueProvisional: r.dueProvisional, calendarVersion: r.calendarVersion,
      });
      if (!written) return null;
      // the comment stays with the follower: a timeline note is read by every handler of the case
      await incidents.addEvent(tx, r.id, r.regionCode, {
        at: now, action: entry.action, actorUserId: null, actorRole: entry.role, fromStatus: entry.from, toStatus: entry.to, level: entry.level,
        note: null, attachments: [], detail: { rating: body.rating, via: 'follow_link' },
      });
      return { r, next };
    });
    if (evaluated) {
      const { r, next } = evaluated;
      deps.bus.emit({ id: r.id, action: 'evaluate', status: next.status, level: next.level, at: now, actorUserId: null, communityCode: r.community.code, gridCode: r.grid?.code ?? null });
    }
    return track(token);
  }

  /** The case a follow link follows (through merges), as its reporter may see it. */
  async function track(token: string) {
    // a malformed token is not looked up; a well-formed one costs one indexed query whether it exists or not
    const found = TOKEN_PATTERN.test(token) ? await repo.tracked(tokenHash(token)) : undefined;
    if (!found) throw trackNotFound();
    return presentTracked(found);
  }

  /** Places that match the words, each with a point inside it, best first. */
  async function find(tokens: string[], date: string) {
    const hits = pickResults(await search.search({ tokens, limit: MATCHES, date, scope: EVERYWHERE, kinds: FINDABLE }), MATCHES);
    const matches = [];
    for (const h of hits) {
      const point = await repo.pointOf(h.kind, h.id);
      if (point) matches.push({ kind: h.kind, name: h.name, context: h.context, lon: point[0], lat: point[1] });
    }
    return matches;
  }

  /**
   * The grid of the plan in force at a point, or at the best match of an address: its outline, places,
   * and the people responsible for it with their work phones (disclosed, as the regulations require).
   */
  async function myGrid(q: { lon?: number; lat?: number; crs: 'wgs84' | 'gcj02' | 'bd09'; q?: string[] }) {
    const date = planDate(deps.clock());
    const matches = q.q ? await find(q.q, date) : [];
    if (q.q && matches.length === 0) throw notFound('place_not_found', `Nothing called "${q.q.join(' ')}" was found`);
    const [lon, lat] = matches[0] ? [matches[0].lon, matches[0].lat] : toWgs84(q.lon!, q.lat!, q.crs);
    const at = await grids.at(lon, lat, date);
    if (!at) throw notFound('grid_not_found', `No grid of the plan in force contains ${lon}, ${lat}`, { matches });
    const [shape, staff] = await Promise.all([repo.gridShape(at.grid.id), grids.staff(at.grid.code, at.community.id)]);
    return {
      grid: { code: at.grid.code, name: at.grid.name, boundary: shape!.boundary, bbox: shape!.bbox },
      community: { code: at.community.code, name: at.community.name },
      town: at.town ? { code: at.town.code, name: at.town.name } : null,
      plan: { name: at.plan.name, validFrom: shape!.validFrom },
      workers: staff.map((s) => ({ role: s.role, name: s.displayName, phone: s.phone })),
      matches,
    };
  }

  return { repo, rate, track, myGrid };
}
