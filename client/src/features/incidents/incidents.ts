// Pure rules of the incident screens: what each action asks for, how a deadline reads, the filters as
// a query, the category picker's entries, the map's points. Tested in incidents.test.ts.
import { RULES } from '../../../../server/src/features/incidents/workflow-rules.domain.ts';
import type { IncidentAction, IncidentStatus } from '../../../../server/src/features/incidents/incidents.vocabulary.ts';

/** What an action's form asks for beyond a button press. */
export interface ActionForm {
  note: 'required' | 'optional' | 'none';
  assignee: boolean;
  extra: boolean;
  until: boolean;
  rating: boolean;
  /** Shown in red and asked twice: it ends or throws back the case. */
  grave: boolean;
}

const GRAVE: readonly IncidentAction[] = ['void', 'send_back', 'shelve', 'rework', 'refuse_request'];
/** Actions a press does at once (nothing to fill in), the rest open a small form. */
export function actionForm(action: IncidentAction): ActionForm {
  const rule = RULES[action];
  return {
    note: rule.reason ? 'required' : action === 'accept' || action === 'start' || action === 'resume' ? 'none' : 'optional',
    assignee: action === 'dispatch',
    extra: action === 'request_extension',
    until: action === 'request_deferral',
    rating: action === 'evaluate',
    grave: GRAVE.includes(action),
  };
}

/** Whether an action can go without a form. */
export const isOneClick = (action: IncidentAction) => {
  const f = actionForm(action);
  return f.note === 'none' && !f.assignee && !f.extra && !f.until && !f.rating;
};

/** The order action buttons appear in: the main way forward first, side paths after, the grave ones last. */
const ORDER: readonly IncidentAction[] = [
  'accept', 'dispatch', 'start', 'feed_back', 'verify', 'self_handle', 'escalate', 'evaluate', 'approve_request', 'resume', 'review', 'reopen',
  'forward', 'request_extension', 'request_deferral', 'rework', 'refuse_request', 'send_back', 'shelve', 'void',
];
export function sortActions(actions: readonly string[]): IncidentAction[] {
  return ORDER.filter((a) => actions.includes(a));
}

/** A status's colour family on badges and map points. */
export type Tone = 'new' | 'working' | 'waiting' | 'done' | 'off';
const TONES: Record<IncidentStatus, Tone> = {
  reported: 'new', accepted: 'working', dispatched: 'working', handling: 'working', fed_back: 'waiting',
  closed: 'done', evaluated: 'done', deferred: 'waiting', ledger: 'off', voided: 'off',
};
export const statusTone = (s: string): Tone => TONES[s as IncidentStatus] ?? 'off';
export const TONE_COLOURS: Record<Tone, string> = { new: '#d9480f', working: '#1d5a8c', waiting: '#b7791f', done: '#0b7a5a', off: '#7b8794' };

/** How the deadline reads: due in / overdue by, in the largest sensible unit, as a message key and params. */
export function dueText(dueAt: string | null, overdue: boolean, closed: boolean, now: Date): { key: string; params: Record<string, number> } | null {
  if (!dueAt || closed) return null;
  const ms = new Date(dueAt).getTime() - now.getTime();
  const abs = Math.abs(ms);
  const [unit, n] = abs >= 86_400_000 ? ['days', Math.floor(abs / 86_400_000)] : abs >= 3_600_000 ? ['hours', Math.floor(abs / 3_600_000)] : ['minutes', Math.max(1, Math.floor(abs / 60_000))];
  return { key: `incidents.due.${overdue || ms < 0 ? 'over' : 'left'}.${unit}`, params: { n: n as number } };
}

/** The list's filters as the form holds them. */
export interface IncidentFilters {
  status: string[];
  category: string;
  jurisdiction: string;
  source: string;
  overdue: boolean;
  mine: boolean;
  from: string;
  to: string;
  q: string;
  sort: 'reported_desc' | 'reported_asc' | 'due_asc' | 'updated_desc';
}

export const emptyFilters = (): IncidentFilters => ({ status: [], category: '', jurisdiction: '', source: '', overdue: false, mine: false, from: '', to: '', q: '', sort: 'reported_desc' });

/** Status groups the quick chips offer (each a set of statuses). */
export const STATUS_GROUPS: Record<'open' | 'waiting' | 'done' | 'all', string[]> = {
  open: ['reported', 'accepted', 'dispatched', 'handling'],
  waiting: ['fed_back', 'deferred'],
  done: ['closed', 'evaluated'],
  all: [],
};

/** The query of GET /api/incidents for the filters and a page; empty values are left out. */
export function toQuery(f: IncidentFilters, page: { limit: number; offset: number }): Record<string, string> {
  const q: Record<string, string> = { sort: f.sort, limit: String(page.limit), offset: String(page.offset) };
  if (f.status.length) q.status = f.status.join(',');
  if (f.category) q.category = f.category;
  if (f.jurisdiction) q.jurisdiction = f.jurisdiction;
  if (f.source) q.source = f.source;
  if (f.overdue) q.overdue = 'true';
  if (f.mine) q.mine = 'true';
  // dates are days where the user sits (Beijing); the server takes them as the start of that day in +08:00
  if (f.from) q.from = f.from;
  if (f.to) q.to = nextDay(f.to);
  if (f.q.trim()) q.q = f.q.trim();
  return q;
}

function nextDay(day: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return day;
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + 1)).toISOString().slice(0, 10);
}

/** A category as the picker shows it: minor classes under their class's name. */
export interface CategoryRow {
  code: string;
  parentCode: string | null;
  name: string;
  nameEn: string;
  kind: string;
}
export function categoryChoices(rows: readonly CategoryRow[], lang: 'zh-CN' | 'en'): { value: string; label: string; hint: string }[] {
  const classes = new Map(rows.filter((r) => r.parentCode === null).map((r) => [r.code, r]));
  return rows.filter((r) => r.parentCode !== null).map((r) => {
    const parent = classes.get(r.parentCode!);
    const name = lang === 'en' ? r.nameEn : r.name;
    return { value: r.code, label: name, hint: `${parent ? (lang === 'en' ? parent.nameEn : parent.name) : ''} · ${r.code}` };
  });
}

/** Whether a category matches what was typed (name in either language, class name or code). */
export function matchCategory(c: { label: string; hint: string }, q: string): boolean {
  const s = q.trim().toLowerCase();
  return s === '' || c.label.toLowerCase().includes(s) || c.hint.toLowerCase().includes(s);
}

/** The list's cases as map points, coloured by status, the chosen one marked. */
export function incidentPoints(items: readonly { id: number; lon: number; lat: number; status: string; overdue: boolean }[], selected: number | null) {
  return {
    type: 'FeatureCollection' as const,
    features: items.map((i) => ({
      type: 'Feature' as const,
      id: i.id,
      geometry: { type: 'Point' as const, coordinates: [i.lon, i.lat] },
      properties: { id: i.id, colour: TONE_COLOURS[statusTone(i.status)], overdue: i.overdue, selected: i.id === selected },
    })),
  };
}
