/**
 * Patrol coverage rules (巡查覆盖): the Beijing calendar day a figure belongs to, the coverage policy (how near
 * counts as passing a building or walking a street, which gap ends a walk, the patrol norms per role), when a
 * day's stored figures are stale, shares, staffing (一格一员) and norm compliance. Pure.
 */
import { z } from 'zod';

const OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** Whether a string is a real calendar date written YYYY-MM-DD. */
export function isDate(s: string): boolean {
  if (!DATE_RE.test(s)) return false;
  const t = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === s;
}

/** The Asia/Shanghai calendar day of an instant (China has no daylight saving: always +08:00). */
export function dayOf(t: Date): string {
  return new Date(t.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** The instants a Beijing day runs between: [00:00 +08:00, next 00:00 +08:00). */
export function dayBounds(day: string): { from: Date; to: Date } {
  if (!isDate(day)) throw new RangeError(`"${day}" is not a date (YYYY-MM-DD)`);
  const from = new Date(Date.parse(`${day}T00:00:00Z`) - OFFSET_MS);
  return { from, to: new Date(from.getTime() + DAY_MS) };
}

/** The day `n` days after `day` (before it when negative). */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** The days from `first` to `last`, both included. */
export function daysBetween(first: string, last: string): string[] {
  const out: string[] = [];
  for (let d = first; d <= last; d = addDays(d, 1)) out.push(d);
  return out;
}

export const NORMS = ['daily', 'weekly'] as const;
export type Norm = (typeof NORMS)[number];

/** The coverage policy (data/coverage/policy.json). */
export const coveragePolicySchema = z.object({
  /** A building counts as passed when a walk came this near its footprint. */
  buildingDistanceM: z.number().positive().max(500),
  /** A street piece counts as walked when a walk came this near it. */
  streetDistanceM: z.number().positive().max(200),
  /** Consecutive fixes further apart in time than this are not one walk: no time or distance between them. */
  maxGapMinutes: z.number().positive().max(120),
  /** How long today's figures are served before they are computed again. */
  freshSeconds: z.number().int().min(0).max(3600),
  /** Late uploads of a past day are taken in when its figures were computed less than this after it ended. */
  settleMinutes: z.number().int().min(0).max(1440),
  /** How often each role must patrol (网格巡查制度); roles not named have no norm. */
  norms: z.record(z.string(), z.enum(NORMS)),
});
export type CoveragePolicy = z.infer<typeof coveragePolicySchema>;

/** Reads the policy file, naming what is wrong. */
export function parseCoveragePolicy(raw: unknown): CoveragePolicy {
  return coveragePolicySchema.parse(raw);
}

/**
 * Whether a day's figures computed at `computedAt` (null: never) must be computed again at `now`: today's after
 * `freshSeconds`; a past day's until they were computed `settleMinutes` after it ended (late uploads); a future
 * day never has figures to compute.
 */
export function isStale(day: string, computedAt: Date | null, now: Date, policy: Pick<CoveragePolicy, 'freshSeconds' | 'settleMinutes'>): boolean {
  const { from, to } = dayBounds(day);
  if (now.getTime() < from.getTime()) return false;
  if (!computedAt) return true;
  const settled = to.getTime() + policy.settleMinutes * 60_000;
  if (computedAt.getTime() >= settled) return false;
  return now.getTime() - computedAt.getTime() >= policy.freshSeconds * 1000;
}

/** A part of a whole as a fraction rounded to 4 places (0 of nothing is 0). */
export function share(part: number, whole: number): number {
  if (!(whole > 0)) return 0;
  return Math.round(Math.min(1, Math.max(0, part / whole)) * 10_000) / 10_000;
}

export type Staffing = 'ok' | 'no_leader' | 'no_assistant' | 'nobody';

/** 一格一员: a grid needs a leader and an assistant. */
export function staffingOf(leaders: number, assistants: number): Staffing {
  if (leaders > 0 && assistants > 0) return 'ok';
  if (leaders === 0 && assistants === 0) return 'nobody';
  return leaders === 0 ? 'no_leader' : 'no_assistant';
}

/** Whole days from `last` to the day `asOf` (null when never). */
export function daysSince(last: Date | null, asOf: string): number | null {
  if (!last) return null;
  return Math.round((Date.parse(`${asOf}T00:00:00Z`) - Date.parse(`${dayOf(last)}T00:00:00Z`)) / DAY_MS);
}

/**
 * Whether a worker meets their norm on `asOf`: daily, a patrol that day or the day before (today may not be
 * over); weekly, a patrol within the 7 days up to `asOf`.
 */
export function compliant(norm: Norm, lastPatrolAt: Date | null, asOf: string): boolean {
  const n = daysSince(lastPatrolAt, asOf);
  if (n === null || n < 0) return n !== null;
  return norm === 'daily' ? n <= 1 : n < 7;
}

/** The strictest norm of a worker's roles (daily beats weekly), or null when none of their roles has one. */
export function normOf(roles: readonly string[], norms: CoveragePolicy['norms']): Norm | null {
  const own = roles.map((r) => norms[r]).filter((n): n is Norm => n !== undefined);
  if (own.includes('daily')) return 'daily';
  return own.length ? 'weekly' : null;
}
