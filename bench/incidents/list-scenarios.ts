/** The list's typical questions, each asked with seeded variants (which community, category, month): query strings of GET /api/incidents. */
import type { Random } from '../../data/seed/random.ts';

/** One kind of question with its variants. */
export interface ListScenario {
  name: string;
  queries: Record<string, string>[];
}

/** The places and categories the variants draw from. */
export interface ListPlaces {
  towns: readonly string[];
  communities: readonly string[];
  grids: readonly string[];
  /** 2-digit category classes and 4-digit minor classes. */
  classes: readonly string[];
  minors: readonly string[];
}

const DAY_MS = 86_400_000;
const day = (t: number) => new Date(t).toISOString().slice(0, 10);

/** `variants` seeded variants of each typical question, over the year before `end`. */
export function listScenarios(places: ListPlaces, end: Date, rng: Random, variants = 40): ListScenario[] {
  const many = (f: () => Record<string, string>) => Array.from({ length: variants }, f);
  const month = () => {
    const start = end.getTime() - rng.int(30, 365) * DAY_MS;
    return { from: day(start), to: day(start + 30 * DAY_MS) };
  };
  const since = (days: number) => day(end.getTime() - days * DAY_MS);
  return [
    { name: 'the first page, newest first', queries: many(() => ({ limit: '50' })) },
    { name: 'open cases, soonest due first', queries: many(() => ({ status: 'accepted,dispatched,handling,fed_back', sort: 'due_asc' })) },
    { name: 'overdue now, soonest due first', queries: many(() => ({ overdue: 'true', sort: 'due_asc' })) },
    { name: 'a category class, last 30 days', queries: many(() => ({ category: rng.pick(places.classes), from: since(30) })) },
    { name: 'a minor category, one month', queries: many(() => ({ category: rng.pick(places.minors), ...month() })) },
    { name: 'a community, closed, last 90 days', queries: many(() => ({ jurisdiction: rng.pick(places.communities), status: 'closed,evaluated', from: since(90) })) },
    { name: 'a community, overdue, soonest due first', queries: many(() => ({ jurisdiction: rng.pick(places.communities), overdue: 'true', sort: 'due_asc' })) },
    { name: 'a street office, one month', queries: many(() => ({ jurisdiction: rng.pick(places.towns), ...month() })) },
    { name: 'a grid, the whole year', queries: many(() => ({ grid: rng.pick(places.grids) })) },
    { name: 'page 5 of a street office\'s open cases', queries: many(() => ({ jurisdiction: rng.pick(places.towns), status: 'reported,accepted,dispatched,handling,fed_back', offset: '200' })) },
  ];
}

/** The path of a query on the API. */
export const listPath = (q: Record<string, string>) => `/api/incidents?${new URLSearchParams(q).toString()}`;
