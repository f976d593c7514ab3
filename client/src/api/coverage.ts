// Coverage, gaps, patrols, tracks and live positions (issue 12), with the shapes the server declares (AppType).
import { rpc, unwrap, type Ok } from './client.ts';

type CoverageRpc = typeof rpc.api.coverage;
type GapsAnswer = Ok<CoverageRpc['gaps']['$get']>;
/** GET /api/coverage: a place's grids on one day (patrolled, by whom, minutes, distance, shares of buildings and streets). */
export type CoverageDay = Ok<CoverageRpc['$get']>;
export type CoverageGrid = CoverageDay['grids'][number];
export type CoverageWorker = CoverageGrid['workers'][number];
/** One grid of the gaps: when it was last walked, its leaders and assistants, what its staffing lacks. */
export type GapGrid = GapsAnswer['grids'][number];
export type Staffing = GapGrid['staffing'];
export type GapBuilding = GapsAnswer['buildings']['items'][number];
/** A street not walked (the server's GeoJSON, typed here as the lines it is). */
export type GapStreet = Omit<GapsAnswer['streets']['items'][number], 'geometry'> & { geometry: GeoJSON.LineString | GeoJSON.MultiLineString | null };
export type GapWorker = GapsAnswer['workers'][number];
/** GET /api/coverage/gaps: what nobody visited lately in a place, as of today. */
export type Gaps = Omit<GapsAnswer, 'streets'> & { streets: { total: number; items: GapStreet[] } };

type PatrolsRpc = typeof rpc.api.patrols;
/** A patrol: whose, from which source (web, osmand, owntracks, gpx), when, how many fixes (kept) and how far. */
export type Patrol = Ok<PatrolsRpc['$get']>['patrols'][number];
export type PatrolSource = Patrol['source'];
/** GET /api/patrols/:id/track: the fixes (set-aside ones flagged), the simplified line and the stops. */
export type Track = Omit<Ok<PatrolsRpc[':id']['track']['$get']>, 'line'> & { line: GeoJSON.LineString | null };
export type TrackFix = Track['fixes'][number];
export type TrackStop = Track['stops'][number];
/** One worker's latest position (GET /api/patrols/positions, and each `position` event of the live stream). */
export type WorkerPosition = Ok<PatrolsRpc['positions']['$get']>['positions'][number];

/** A place's grids on one day (jurisdiction: a county, street office or community code), the gaps over a window of days, the patrols and tracks behind them, and live positions. */
export const coverageApi = {
  day: (jurisdiction: string, date: string) => unwrap<CoverageDay>(rpc.api.coverage.$get({ query: { jurisdiction, date } })),
  gaps: (jurisdiction: string, days: number) => unwrap<Gaps>(rpc.api.coverage.gaps.$get({ query: { jurisdiction, days: String(days) } })),
  /** Where the browser downloads the gaps as Excel (a plain GET with the session cookie; audited by the server). */
  gapsExportUrl: (jurisdiction: string, days: number) => {
    const u = rpc.api.coverage.gaps.export.$url({ query: { jurisdiction, days: String(days) } });
    return u.pathname + u.search;
  },
  /** Patrols of a worker or through a grid over [from, to) (ISO times), newest first. */
  patrols: (f: { user?: number; grid?: string; from: string; to: string }) =>
    unwrap<Ok<PatrolsRpc['$get']>>(rpc.api.patrols.$get({ query: { user: f.user === undefined ? undefined : String(f.user), grid: f.grid, from: f.from, to: f.to } }))
      .then((r) => r.patrols),
  track: (id: number) => unwrap<Track>(rpc.api.patrols[':id'].track.$get({ param: { id: String(id) } })),
  /** Positions of the workers of the scope seen in the last `minutes`. */
  positions: (minutes: number) => unwrap<Ok<PatrolsRpc['positions']['$get']>>(rpc.api.patrols.positions.$get({ query: { minutes: String(minutes) } })).then((r) => r.positions),
  /** The live stream (same origin: the session cookie goes with it): `ready` with every position, then `position` and `patrol` events. */
  live: () => new EventSource(rpc.api.patrols.live.$url().pathname),
};
