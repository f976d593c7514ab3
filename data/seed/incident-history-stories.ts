/**
 * What happens to each case of the demo's history: most are accepted, dispatched to the unit of their
 * category and closed on time; some are solved on the spot, closed late, reworked, extended, sent back,
 * escalated to the street office or forwarded to the county, deferred, put on the problem ledger or
 * voided; closed ones are often rated. Then, so the demo always shows every state, a few recent cases
 * are stopped short where none ended by chance, and some are left overdue. Pure and seeded.
 */
import { INCIDENT_STATUSES, type IncidentStatus } from '../../server/src/features/incidents/incidents.vocabulary.ts';
import { createRandom, type Random } from './random.ts';
import { createCaseRun, type CaseRun, type HistoryCase, type HistoryContext, type HistoryDepartment } from './incident-history-case.ts';
import type { PlannedReport } from './incident-history-plan.ts';
import { ACTION_NOTES, CATEGORY_TEXTS, RATING_COMMENTS } from './incident-history-texts.ts';

type Variant = 'normal' | 'late' | 'rework' | 'extension' | 'sendback' | 'defer' | 'shelve';
type Path = Variant | 'street' | 'forward' | 'void';

const PATHS: Record<Path, number> = {
  normal: 62, late: 8, rework: 7, extension: 3, sendback: 3, defer: 2.5, shelve: 2.5, street: 6, forward: 2, void: 3.5,
};
const ABOVE: Record<'normal' | 'late' | 'rework', number> = { normal: 80, late: 10, rework: 10 };
const HOUR = 60;
const DAY = 8 * HOUR; // a working day of minutes on the office clock
const OPEN: readonly IncidentStatus[] = ['reported', 'accepted', 'dispatched', 'handling', 'fed_back'];
/** At least this many cases are overdue now (the wall and the lists show them). */
export const MIN_OVERDUE = 4;

const note = (rng: Random, options: readonly string[]) => rng.pick(options);

/** The unit a level dispatches a category to: a department of the street office or county, or the community itself. */
function unitFor(ctx: HistoryContext, run: CaseRun): { kind: 'department'; dept: HistoryDepartment } | { kind: 'community' } | null {
  const c = run.case;
  const kind = ctx.categories[c.report.categoryCode]!.responsible;
  const g = c.report.grid;
  const town = ctx.departments.find((d) => d.kind === kind && d.jurisdictionCode === g.town?.code);
  const county = ctx.departments.find((d) => d.kind === kind && d.jurisdictionCode === g.county?.code);
  const level = c.state.level;
  if (kind === 'community' || kind === 'property') return { kind: 'community' };
  if (level === 'community') return town ? { kind: 'department', dept: town } : null;
  if (level === 'street') return town ? { kind: 'department', dept: town } : null;
  const dept = county ?? town;
  return dept ? { kind: 'department', dept } : { kind: 'community' };
}

function dispatch(run: CaseRun, rng: Random, unit: NonNullable<ReturnType<typeof unitFor>>): boolean {
  const g = run.case.report.grid;
  const assignee = unit.kind === 'department' ? { kind: 'department' as const, unitId: String(unit.dept.id) } : { kind: 'community' as const, unitId: g.community.code };
  return run.act('dispatch', 'center', run.after(rng, 5, 2 * HOUR), { assignee });
}

function evaluate(run: CaseRun, rng: Random, content: number): void {
  const rating = content >= 1 ? 5 - [0, 0, 0, 1, 1, 2][rng.int(0, 5)]! : rng.int(1, 4);
  if (run.act('evaluate', 'system', run.after(rng, 2 * HOUR, 3 * DAY, true), { rating }) && rng.chance(0.5)) run.case.ratingComment = rng.pick(RATING_COMMENTS[rating]!);
}

/** From dispatch to verified close, with the variant's detour. */
function handle(ctx: HistoryContext, run: CaseRun, rng: Random, variant: Variant): void {
  const c = run.case;
  if (variant === 'sendback' && c.state.assignee?.kind === 'department') {
    if (!run.act('send_back', 'handler', run.after(rng, 30, DAY), { note: note(rng, ACTION_NOTES.sendBack) })) return;
    const unit = unitFor(ctx, run);
    if (!unit || !dispatch(run, rng, unit)) return;
  }
  if (!run.act('start', 'handler', run.beforeDue(rng, 0.05, 0.3))) return;
  if (variant === 'extension') {
    const extra = { amount: rng.int(2, 5), unit: 'working_days' as const };
    if (!run.act('request_extension', 'handler', run.beforeDue(rng, 0.4, 0.8), { note: note(rng, ACTION_NOTES.extension), extra })) return;
    const refuse = rng.chance(0.15);
    if (!run.act(refuse ? 'refuse_request' : 'approve_request', 'center', run.after(rng, 20, 4 * HOUR), refuse ? { note: note(rng, ACTION_NOTES.refuse) } : {})) return;
  }
  if (variant === 'defer') {
    if (!run.act('request_deferral', 'handler', run.beforeDue(rng, 0.3, 0.7), { note: note(rng, ACTION_NOTES.deferral) })) return;
    if (!run.act('approve_request', 'center', run.after(rng, 30, DAY))) return;
    if (!run.act('resume', 'handler', run.after(rng, 3 * 24 * HOUR, 25 * 24 * HOUR, true))) return;
  }
  if (variant === 'shelve') {
    if (!run.act('shelve', 'center', run.after(rng, DAY, 5 * DAY), { note: note(rng, ACTION_NOTES.shelve) })) return;
    if (rng.chance(0.5)) run.act('review', 'center', run.after(rng, 10 * DAY, 30 * DAY), { note: note(rng, ACTION_NOTES.review) });
    return;
  }
  const done = CATEGORY_TEXTS[c.report.categoryCode]!.done;
  const fed = variant === 'late' ? run.afterDue(rng, HOUR, 4 * DAY) : run.beforeDue(rng, 0.1, 0.85);
  if (!run.act('feed_back', 'handler', fed, { note: done })) return;
  const verifier = c.report.grid.workers.length || rng.chance(0.7) ? 'grid_worker' : 'center';
  if (variant === 'rework') {
    if (!run.act('rework', verifier, run.after(rng, 30, DAY), { note: note(rng, ACTION_NOTES.rework) })) return;
    if (!run.act('feed_back', 'handler', run.beforeDue(rng, 0.2, 0.8), { note: done })) return;
  }
  if (!run.act('verify', verifier, run.after(rng, 30, DAY))) return;
  if (rng.chance(variant === 'normal' ? 0.45 : 0.3)) evaluate(run, rng, variant === 'normal' ? 1 : 0);
}

/** A case the community cannot place goes up: the street office takes it, or forwards it to the county. */
function upwards(ctx: HistoryContext, run: CaseRun, rng: Random, forward: boolean): boolean {
  const urgent = run.plainClock;
  if (!run.act('escalate', 'center', run.after(rng, urgent ? 5 : 30, urgent ? 40 : DAY), { note: note(rng, ACTION_NOTES.escalateStreet) })) return false;
  if (forward || !unitFor(ctx, run)) {
    if (!run.act('forward', 'center', run.after(rng, urgent ? 5 : 30, urgent ? 40 : DAY), { note: note(rng, ACTION_NOTES.forward) })) return false;
  }
  return run.act('accept', 'center', run.after(rng, 5, urgent ? 30 : 3 * HOUR), { note: note(rng, ACTION_NOTES.accept) });
}

/** The whole story of one case, as far as now allows. */
function story(ctx: HistoryContext, run: CaseRun, rng: Random): void {
  const c = run.case;
  if (c.state.level === 'grid') {
    if (CATEGORY_TEXTS[c.report.categoryCode]!.onTheSpot && rng.chance(0.5)) {
      if (run.act('self_handle', 'center', run.after(rng, 5, 90, true), { note: note(rng, ACTION_NOTES.onTheSpot) }) && rng.chance(0.15)) evaluate(run, rng, 1);
      return;
    }
    if (rng.chance(0.03)) {
      run.act('void', 'center', run.after(rng, 5, 60, true), { note: note(rng, ACTION_NOTES.void) });
      return;
    }
    if (!run.act('escalate', 'center', run.after(rng, 5, 90, true), { note: note(rng, ACTION_NOTES.escalate) })) return;
  }
  const path = run.plainClock ? 'street' : rng.weighted(PATHS);
  if (path === 'void') {
    run.act('void', 'center', run.after(rng, 20, 5 * HOUR), { note: note(rng, ACTION_NOTES.void) });
    return;
  }
  const variant: Variant = path === 'street' || path === 'forward' ? rng.weighted(ABOVE) : path;
  const needsUp = path === 'street' || path === 'forward' || !unitFor(ctx, run);
  if (needsUp) {
    if (!upwards(ctx, run, rng, path === 'forward' && ctx.departments.some((d) => d.level === 'county' && d.kind === ctx.categories[c.report.categoryCode]!.responsible))) return;
  } else if (!run.act('accept', 'center', run.after(rng, 10, 4 * HOUR), { note: note(rng, ACTION_NOTES.accept) })) return;
  const unit = unitFor(ctx, run);
  if (!unit || !dispatch(run, rng, unit)) return;
  handle(ctx, run, rng, variant);
}

/** Runs one case, stopped after `maxSteps` steps if given. */
export function runCase(ctx: HistoryContext, seed: string, index: number, report: PlannedReport, maxSteps = Infinity): HistoryCase {
  const run = createCaseRun(report, ctx, maxSteps);
  story(ctx, run, createRandom(`${seed}/case/${index}`));
  return run.case;
}

const isOverdue = (c: HistoryCase, now: Date) => OPEN.includes(c.state.status) && c.dueAt !== null && c.dueAt.getTime() < now.getTime();

/** Stops the latest case that passed through `status` (and that `take` accepts) right there, if the cut is one `keep` accepts. */
function pin(
  ctx: HistoryContext, seed: string, reports: readonly PlannedReport[], cases: HistoryCase[], status: IncidentStatus,
  take: (c: HistoryCase) => boolean, keep: (c: HistoryCase) => boolean,
): boolean {
  for (let i = cases.length - 1; i >= 0; i--) {
    const c = cases[i]!;
    const step = c.events.findIndex((e, k) => k > 0 && e.toStatus === status);
    if (step < 0 || c.state.status === status || !take(c)) continue;
    const cut = runCase(ctx, seed, i, reports[i]!, step);
    if (!keep(cut)) continue;
    cases[i] = cut;
    return true;
  }
  return false;
}

/** Every case of the reports, with every state present and a few overdue now. */
export function buildCases(ctx: HistoryContext, seed: string, reports: readonly PlannedReport[]): HistoryCase[] {
  const cases = reports.map((r, i) => runCase(ctx, seed, i, r));
  const all = () => true;
  for (const status of INCIDENT_STATUSES) {
    if (!cases.some((c) => c.state.status === status)) pin(ctx, seed, reports, cases, status, all, all);
  }
  // cases a department has sat on for one to four weeks
  const now = ctx.now.getTime();
  const stuck = (c: HistoryCase) => (c.state.status === 'closed' || c.state.status === 'evaluated') && c.report.at.getTime() < now - 7 * 86_400_000 && c.report.at.getTime() > now - 30 * 86_400_000;
  while (cases.filter((c) => isOverdue(c, ctx.now)).length < MIN_OVERDUE) {
    if (!pin(ctx, seed, reports, cases, 'handling', stuck, (c) => isOverdue(c, ctx.now))) break;
  }
  return cases;
}
