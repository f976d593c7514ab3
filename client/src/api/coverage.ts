// Coverage, gaps, patrols, tracks and live positions (issue 12), as the server answers them.
// Shapes of the contract in issue 12; written out here until the routes are in AppType.
import { rpc, unwrap } from './client.ts';

/** One worker's part in a grid's day. */
export interface CoverageWorker {
  userId: number;
  name: string;
  role: string;
  minutes: number;
  distanceM: number;
}

/** GET /api/coverage: one grid's day. */
export interface CoverageGrid {
  gridCode: string;
  gridName: string;
  communityCode: string;
  communityName: string;
  patrolled: boolean;
  workers: CoverageWorker[];
  minutesInside: number;
  distanceM: number;
  buildingsPassed: number;
  buildingsTotal: number;
  buildingShare: number;
  streetWalkedM: number;
  streetTotalM: number;
  streetShare: number;
}

export interface CoverageDay {
  date: string;
  jurisdiction: { code: string; name: string };
  computedAt: string;
  grids: CoverageGrid[];
}

export type Staffing = 'ok' | 'no_leader' | 'no_assistant' | 'nobody';

export interface GapGrid {
  gridCode: string;
  gridName: string;
  communityCode: string;
  communityName: string;
  lastPatrolledAt: string | null;
  daysSince: number | null;
  leaders: number;
  assistants: number;
  staffing: Staffing;
}

export interface GapBuilding {
  id: number;
  name: string | null;
  address: string | null;
  gridCode: string | null;
  lastPassedAt: string | null;
  lon: number;
  lat: number;
}

export interface GapStreet {
  id: number;
  name: string | null;
  gridCode: string | null;
  lengthM: number;
  lastWalkedAt: string | null;
  geometry: GeoJSON.LineString | GeoJSON.MultiLineString;
}

export interface GapWorker {
  userId: number;
  name: string;
  role: string;
  gridCodes: string[];
  lastPatrolAt: string | null;
  norm: 'daily' | 'weekly';
  compliant: boolean;
}

/** GET /api/coverage/gaps */
export interface Gaps {
  asOf: string;
  days: number;
  grids: GapGrid[];
  buildings: { total: number; items: GapBuilding[] };
  streets: { total: number; items: GapStreet[] };
  workers: GapWorker[];
  plan: { gaps: unknown[]; overlaps: unknown[] };
}

export type PatrolSource = 'web' | 'osmand' | 'owntracks' | 'gpx';

export interface Patrol {
  id: number;
  userId: number;
  userName: string;
  source: PatrolSource;
  startedAt: string;
  endedAt: string | null;
  lastFixAt: string | null;
  fixes: number;
  keptFixes: number;
  distanceM: number;
}

export interface TrackFix {
  t: string;
  lon: number;
  lat: number;
  accuracy: number | null;
  speed: number | null;
  kept: boolean;
}

export interface TrackStop {
  from: string;
  to: string;
  lon: number;
  lat: number;
}

/** GET /api/patrols/:id/track */
export interface Track {
  patrol: Patrol;
  fixes: TrackFix[];
  line: GeoJSON.LineString | null;
  stops: TrackStop[];
}

/** One worker's latest position (GET /api/patrols/positions, and each `position` event of the live stream). */
export interface WorkerPosition {
  userId: number;
  name: string;
  role: string;
  lon: number;
  lat: number;
  fixedAt: string;
  accuracy: number | null;
  speed: number | null;
  heading: number | null;
  patrolId: number | null;
}

// The coverage routes are not in AppType yet: the typed client's proxy builds the same URLs untyped.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- until the routes are declared on the server
const loose = rpc as any;
const query = (q: Record<string, string | number | undefined>) =>
  Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => [k, String(v)]));

/** The place's grids on one day, the gaps over a window of days, the patrols and tracks behind them, and live positions. */
export const coverageApi = {
  day: (jurisdiction: string, date: string) => unwrap<CoverageDay>(loose.api.coverage.$get({ query: query({ jurisdiction, date }) })),
  gaps: (jurisdiction: string, days: number) => unwrap<Gaps>(loose.api.coverage.gaps.$get({ query: query({ jurisdiction, days }) })),
  /** Where the browser downloads the gaps as Excel (a plain GET with the session cookie; audited by the server). */
  gapsExportUrl: (jurisdiction: string, days: number) => {
    const q = new URLSearchParams(query({ jurisdiction, days })).toString();
    return `/api/coverage/gaps/export${q ? `?${q}` : ''}`;
  },
  patrols: (f: { user?: number; grid?: string; from: string; to: string }) =>
    unwrap<{ patrols: Patrol[] }>(loose.api.patrols.$get({ query: query(f) })).then((r) => r.patrols),
  track: (id: number) => unwrap<Track>(loose.api.patrols[':id'].track.$get({ param: { id: String(id) } })),
  positions: (minutes: number) => unwrap<{ positions: WorkerPosition[] }>(loose.api.patrols.positions.$get({ query: query({ minutes }) })).then((r) => r.positions),
  /** The live stream (same origin: the session cookie goes with it): `ready` with every position, then `position` and `patrol` events. */
  live: () => new EventSource('/api/patrols/live'),
};
