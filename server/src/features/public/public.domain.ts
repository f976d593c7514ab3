/**
 * What residents and the public may see of incidents (公示, the follow link) and how a place is made
 * coarse enough to show. Pure: the routes and the tests decide nothing here themselves.
 */
import type { IncidentAction, IncidentStatus } from '../incidents/incidents.vocabulary.ts';

/**
 * Side of the square cell a public incident is shown in. A case's point is often a home's door; at
 * 100 m the cell's centre is a block of a Chinese residential area (dozens to hundreds of households),
 * fine enough for a small map of where problems were solved, too coarse to point at a household.
 * A community's centroid would say nothing a map could show (every case of a community on one dot).
 */
export const CELL_METRES = 100;

const METRES_PER_DEGREE = 111_320;
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * The centre of the cell of a ~`metres` square grid that holds the point: rows of equal latitude
 * height, each row cut into columns `metres` wide at its own middle latitude. Every point of a cell
 * gives the same centre, so the answer carries nothing of where in the cell the point was.
 */
export function coarsen(lon: number, lat: number, metres = CELL_METRES): { lon: number; lat: number } {
  const latStep = metres / METRES_PER_DEGREE;
  const rowLat = (Math.floor(lat / latStep) + 0.5) * latStep;
  const lonStep = metres / (METRES_PER_DEGREE * Math.cos((rowLat * Math.PI) / 180));
  const colLon = (Math.floor(lon / lonStep) + 0.5) * lonStep;
  return { lon: round6(colLon), lat: round6(rowLat) };
}

/** Statuses of a finished case: the ones disclosed in 公示 and the ones a follower may rate. */
export const FINISHED: readonly IncidentStatus[] = ['closed', 'evaluated'];

/** Timeline steps a follower sees; 'report' and 'merge' are the service's own lines beside the workflow's actions. */
export type PublicStep = IncidentAction | 'report' | 'merge';

/**
 * The steps shown on the follow page, by name and date only: no actor, no note (notes name people and
 * places). Requests and refusals of extensions, and ledger reviews, are the handlers' own business.
 */
export const PUBLIC_STEPS: readonly PublicStep[] = [
  'report', 'accept', 'dispatch', 'start', 'feed_back', 'verify', 'self_handle', 'evaluate', 'rework',
  'escalate', 'forward', 'send_back', 'void', 'shelve', 'resume', 'reopen', 'merge',
];

/** The timeline as a follower sees it: public steps only, oldest first, each its name and time. */
export function publicSteps(events: readonly { action: string; at: Date }[]): { step: PublicStep; at: string }[] {
  return events
    .filter((e) => (PUBLIC_STEPS as readonly string[]).includes(e.action))
    .map((e) => ({ step: e.action as PublicStep, at: e.at.toISOString() }));
}

/** A closed case as the database gives it to the public list (no description, address, reporter or photo columns at all). */
export interface ClosedCaseRow {
  id: number;
  categoryCode: string;
  categoryName: string;
  categoryNameEn: string;
  lon: number;
  lat: number;
  community: { code: string; name: string };
  town: { code: string; name: string } | null;
  status: IncidentStatus;
  reportedAt: Date;
  closedAt: Date | null;
  closedOnTime: boolean | null;
  selfHandled: boolean;
  rating: number | null;
  synthetic: boolean;
}

/** One entry of 公示: what, roughly where, when, and how it ended. */
export function presentClosedCase(r: ClosedCaseRow) {
  return {
    id: r.id,
    category: { code: r.categoryCode, name: r.categoryName, nameEn: r.categoryNameEn },
    place: { ...coarsen(r.lon, r.lat), cellMetres: CELL_METRES },
    community: r.community,
    town: r.town,
    status: r.status,
    reportedAt: r.reportedAt.toISOString(),
    closedAt: r.closedAt?.toISOString() ?? null,
    result: { onTime: r.closedOnTime, selfHandled: r.selfHandled },
    closingStep: (r.selfHandled ? 'self_handle' : 'verify') as PublicStep,
    satisfaction: r.rating,
    synthetic: r.synthetic,
  };
}

/** A followed case as its follow link shows it. */
export interface TrackedCase {
  followerId: number;
  ratedAt: Date | null;
  rating: number | null;
  incidentId: number;
  merged: boolean;
  status: IncidentStatus;
  categoryCode: string;
  categoryName: string;
  categoryNameEn: string;
  community: string;
  town: string | null;
  reportedAt: Date;
  dueAt: Date | null;
  dueProvisional: boolean;
  closedAt: Date | null;
  closedOnTime: boolean | null;
  selfHandled: boolean;
  synthetic: boolean;
  events: { action: string; at: Date }[];
}

/** The follow page's answer: the case's progress by step names and dates, its deadline while open, how it ended, and the rating. */
export function presentTracked(t: TrackedCase) {
  const finished = FINISHED.includes(t.status);
  const open = !finished && t.status !== 'voided';
  return {
    status: t.status,
    // followed here from a merged case, or the case others' reports were merged into (a merge moves their links here)
    merged: t.merged || t.events.some((e) => e.action === 'merge'),
    category: { code: t.categoryCode, name: t.categoryName, nameEn: t.categoryNameEn },
    community: t.community,
    town: t.town,
    reportedAt: t.reportedAt.toISOString(),
    deadline: open && t.dueAt ? { dueAt: t.dueAt.toISOString(), provisional: t.dueProvisional } : null,
    closedAt: t.closedAt?.toISOString() ?? null,
    result: finished ? { onTime: t.closedOnTime, selfHandled: t.selfHandled } : null,
    steps: publicSteps(t.events),
    rating: { canRate: canRate(t.status, t.ratedAt), rating: t.rating, ratedAt: t.ratedAt?.toISOString() ?? null },
    synthetic: t.synthetic,
  };
}

/** Whether a follower may rate now: the case is finished and this follower has not rated yet. */
export function canRate(status: IncidentStatus, ratedAt: Date | null): boolean {
  return FINISHED.includes(status) && ratedAt === null;
}

/** How many reports one client address may file, and in what window (a resident needs one or two). */
export const REPORTS_PER_ADDRESS = 5;
export const REPORT_WINDOW_MS = 10 * 60_000;

/** The page a reporter follows their case on. */
export const trackPath = (token: string) => `/public/track/${token}`;

/** A follow token as the report hands it out (18 random bytes, base64url); anything else is not one. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;
