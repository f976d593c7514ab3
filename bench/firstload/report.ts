/** The first-load figures: each run's transfers summed by kind and phase, medians over runs, and the RESULTS.md section. */
import type { BuiltFile } from './apps.ts';

/** One response of a run: what it was, its bytes on the wire (headers included) and decoded, and the phase it finished in. */
export interface Transfer {
  url: string;
  /** Playwright's resource type: document, script, stylesheet, fetch, xhr, image, … */
  type: string;
  /** Content-Encoding of the response ('' when none). */
  encoding: string;
  wire: number;
  decoded: number;
  /** Finished before the sign-in form was usable, before the map was idle, or later. */
  phase: 'sign-in' | 'map' | 'after';
}

export const KINDS = ['html', 'js', 'css', 'api', 'tiles', 'other'] as const;
export type Kind = (typeof KINDS)[number];

/** What a response is, by its resource type and path. */
export function kindOf(t: Pick<Transfer, 'url' | 'type'>): Kind {
  const path = new URL(t.url).pathname;
  if (t.type === 'document') return 'html';
  if (t.type === 'script') return 'js';
  if (t.type === 'stylesheet') return 'css';
  if (path.startsWith('/tiles/')) return 'tiles';
  if (path.startsWith('/api/')) return 'api';
  return 'other';
}

/** Bytes on the wire (and requests) to sign-in interactive and to map idle, and per kind up to map idle. */
export interface Bytes {
  signInWire: number;
  signInRequests: number;
  mapWire: number;
  mapRequests: number;
  wire: Record<Kind, number>;
  decoded: Record<Kind, number>;
}

/** One run's figures: times in ms and its bytes. */
export interface RunSummary extends Bytes {
  signInMs: number;
  mapIdleMs: number;
  totalMs: number;
}

const zero = (): Record<Kind, number> => ({ html: 0, js: 0, css: 0, api: 0, tiles: 0, other: 0 });

/** Sums a run's transfers: the sign-in phase alone, and everything up to map idle by kind. */
export function summarizeRun(run: { signInMs: number; mapIdleMs: number; totalMs: number; transfers: readonly Transfer[] }): RunSummary {
  const signIn = run.transfers.filter((t) => t.phase === 'sign-in');
  const toIdle = run.transfers.filter((t) => t.phase !== 'after');
  const wire = zero();
  const decoded = zero();
  for (const t of toIdle) {
    wire[kindOf(t)] += t.wire;
    decoded[kindOf(t)] += t.decoded;
  }
  const sum = (ts: readonly Transfer[]) => ts.reduce((a, t) => a + t.wire, 0);
  return { signInMs: run.signInMs, mapIdleMs: run.mapIdleMs, totalMs: run.totalMs, signInWire: sum(signIn), signInRequests: signIn.length, mapWire: sum(toIdle), mapRequests: toIdle.length, wire, decoded };
}

/** The median (mean of the middle two for an even count). */
export function median(xs: readonly number[]): number {
  if (!xs.length) throw new RangeError('median of nothing');
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** A figure over the runs: median, lowest, highest. */
export interface Spread {
  median: number;
  min: number;
  max: number;
}

const spread = (xs: readonly number[]): Spread => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs) });

/** Every figure of a checkout over its runs: the times' spread, the bytes' medians, its build. */
export interface CheckoutFigures extends Bytes {
  label: string;
  rev: string;
  runs: number;
  signIn: Spread;
  mapIdle: Spread;
  total: Spread;
  files: BuiltFile[];
}

/** Medians of a checkout's runs (bytes vary a little between runs: tiles drawn, a retried request). */
export function figures(label: string, rev: string, runs: readonly RunSummary[], files: BuiltFile[]): CheckoutFigures {
  const per = (f: (r: RunSummary) => Record<Kind, number>) => Object.fromEntries(KINDS.map((k) => [k, median(runs.map((r) => f(r)[k]))])) as Record<Kind, number>;
  return {
    label,
    rev,
    runs: runs.length,
    signIn: spread(runs.map((r) => r.signInMs)),
    mapIdle: spread(runs.map((r) => r.mapIdleMs)),
    total: spread(runs.map((r) => r.totalMs)),
    signInWire: median(runs.map((r) => r.signInWire)),
    signInRequests: median(runs.map((r) => r.signInRequests)),
    mapWire: median(runs.map((r) => r.mapWire)),
    mapRequests: median(runs.map((r) => r.mapRequests)),
    wire: per((r) => r.wire),
    decoded: per((r) => r.decoded),
    files,
  };
}

/** Targets of issue 10 §7, in ms. */
export const TARGETS = { signInMs: 3_000, mapIdleMs: 6_000 };

const kB = (n: number) => `${(n / 1000).toLocaleString('en', { maximumFractionDigits: n < 10_000 ? 1 : 0 })} kB`;
const s = (x: Spread) => `${(x.median / 1000).toFixed(1)} s (${(x.min / 1000).toFixed(1)}–${(x.max / 1000).toFixed(1)})`;
const verdict = (x: Spread, target: number) => `≤ ${target / 1000} s: ${x.median <= target ? 'met' : 'missed'}`;

const LABELS: Record<Kind, string> = { html: 'HTML', js: 'JavaScript', css: 'CSS', api: 'API (JSON)', tiles: 'vector tiles', other: 'other (icons)' };

/** The comparison table: one column per checkout, the target judged on the last (the code as it is now). */
export function comparisonTable(cols: readonly CheckoutFigures[]): string {
  const now = cols.at(-1)!;
  const head = `| | ${cols.map((c) => `${c.label} (${c.rev})`).join(' | ')} | target |`;
  const line = (name: string, cell: (c: CheckoutFigures) => string, target = '') => `| ${name} | ${cols.map(cell).join(' | ')} | ${target} |`;
  return [
    head,
    `|---|${cols.map(() => '---:|').join('')}---|`,
    line('**sign-in interactive** (navigation → form usable)', (c) => s(c.signIn), verdict(now.signIn, TARGETS.signInMs)),
    line('**map idle** (submit → every tile drawn)', (c) => s(c.mapIdle), verdict(now.mapIdle, TARGETS.mapIdleMs)),
    line('navigation → map idle (sign-in typed at once)', (c) => s(c.total)),
    line('bytes on the wire to sign-in interactive', (c) => `${kB(c.signInWire)} (${c.signInRequests} requests)`),
    line('bytes on the wire to map idle', (c) => `${kB(c.mapWire)} (${c.mapRequests} requests)`),
    ...KINDS.map((k) => line(`  ${LABELS[k]}: wire / decoded`, (c) => `${kB(c.wire[k])} / ${kB(c.decoded[k])}`)),
  ].join('\n');
}

/** The built client of a checkout: each file with its gzip and brotli sizes, JS and CSS totals. */
export function buildTable(c: CheckoutFigures): string {
  const files = [...c.files].sort((a, b) => b.bytes - a.bytes);
  const total = (re: RegExp) => files.filter((f) => re.test(f.name)).reduce((a, f) => ({ bytes: a.bytes + f.bytes, gzip: a.gzip + f.gzip, brotli: a.brotli + f.brotli }), { bytes: 0, gzip: 0, brotli: 0 });
  const row = (name: string, f: { bytes: number; gzip: number; brotli: number }) => `| ${name} | ${kB(f.bytes)} | ${kB(f.gzip)} | ${kB(f.brotli)} |`;
  return [
    `| ${c.label} (${c.rev}): file | bytes | gzip -9 | brotli |`,
    '|---|---:|---:|---:|',
    row('**all JavaScript**', total(/\.js$/)),
    row('**all CSS**', total(/\.css$/)),
    ...files.map((f) => row(f.name, f)),
  ].join('\n');
}
