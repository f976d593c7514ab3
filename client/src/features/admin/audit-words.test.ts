import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IMPORT_KINDS } from '../../../../server/src/features/imports/imports.schema.ts';
import { PLAN_AUDIT_ACTIONS } from '../../../../server/src/features/plans/plans.audit.ts';
import { en } from '../../i18n/en.ts';
import { zhCN } from '../../i18n/zh-CN.ts';
import { ACTIONS, actionLabelKey, ENTITIES } from './audit.ts';

// Every audit action, object type and detail the server writes has words in both languages, so the
// audit log never shows a server key. They are read from the server's source: the `action:` and
// `entity:` of each audit call (every quoted name in the expression), the plan routes' actions
// (PLAN_AUDIT_ACTIONS), and the keys of each `details: { … }`. An action or detail that is not written
// out must be listed below with what it can give, or this test fails too.
const SERVER = join(import.meta.dirname, '../../../../server/src');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : /\.ts$/.test(e.name) && !/\.test\.ts$/.test(e.name) ? [join(dir, e.name)] : []);
}

/** Computed actions (file, expression) and every action each can give. */
const COMPUTED_ACTIONS = [{ file: 'features/imports/imports.routes.ts', expression: '`import.${kind}`', actions: IMPORT_KINDS.map((k) => `import.${k}`) }];
/** Spread details (file, expression) and the keys each brings. */
const SPREAD_DETAILS = [{ file: 'features/imports/imports.routes.ts', expression: 'report.counts', keys: ['inserted', 'updated', 'deleted'] }];
// details shown otherwise: grants as role · scope, ids and grant lists not at all
const STRUCTURED = new Set(['grants', 'before', 'after', 'ids']);

/** The text of a balanced { … } starting at `from` (which is the opening brace). */
function braces(text: string, from: number): string {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return text.slice(from, i + 1);
  }
  return text.slice(from);
}

/** The keys of an object literal's own level (`a: …` and shorthand `a`), not those of values nested in it. */
function topKeys(body: string): string[] {
  let flat = '';
  let depth = 0;
  for (const ch of body) {
    if ('{[('.includes(ch)) depth++;
    if (depth === 1) flat += ch;
    if ('}])'.includes(ch)) depth--;
  }
  return [...flat.matchAll(/(?:^|[{,])\s*([A-Za-z]\w*)\s*(?=[:,}])/g)].map((k) => k[1]!);
}

function serverWords() {
  const actions = new Set(Object.values(PLAN_AUDIT_ACTIONS));
  const entities = new Set<string>(['plan']);
  const details = new Set<string>();
  const computed: string[] = [];
  for (const f of files(SERVER)) {
    const text = readFileSync(f, 'utf8');
    const file = relative(SERVER, f);
    if (!/\baudit\(\{/.test(text)) continue;
    for (const m of text.matchAll(/\baudit\(\{([^]*?)\}\);/g)) {
      const call = m[1]!;
      const action = /\baction:\s*([^]*?),\s*(?:entity|ip)\b/.exec(call)?.[1]?.trim();
      if (action) {
        const names = [...action.matchAll(/'([a-z0-9_.]+)'/g)].map((n) => n[1]!);
        if (names.length && !action.includes('`')) names.forEach((n) => actions.add(n));
        else computed.push(`${file}: ${action}`);
      }
      for (const e of call.matchAll(/\bentity:\s*'([a-z_]+)'/g)) entities.add(e[1]!);
      const at = call.indexOf('details: {');
      if (at < 0) continue;
      const body = braces(call, at + 'details: '.length);
      topKeys(body).forEach((k) => details.add(k));
      // a conditional spread, ...(x ? { a, b: … } : {}), brings the keys of its object
      for (const c of body.matchAll(/\?\s*\{([^{}]*)\}/g)) topKeys(`{${c[1]}}`).forEach((k) => details.add(k));
      for (const s of body.matchAll(/\.\.\.([\w.]+)/g)) computed.push(`${file}: ...${s[1]}`);
    }
  }
  for (const c of COMPUTED_ACTIONS) c.actions.forEach((a) => actions.add(a));
  for (const s of SPREAD_DETAILS) s.keys.forEach((k) => details.add(k));
  return { actions, entities, details: [...details].filter((k) => !STRUCTURED.has(k)), computed };
}

describe('words for every audit action, object type and detail the server writes', () => {
  const words = serverWords();

  it('finds them in the server source (this test reads what it means to)', () => {
    expect(words.actions.size).toBeGreaterThan(40);
    for (const a of ['admin.user.create', 'login', 'resident.reveal', 'plan.accept', 'household.move', 'import.buildings']) expect(words.actions).toContain(a);
    for (const e of ['user', 'resident', 'api_key', 'plan', 'jurisdiction']) expect(words.entities).toContain(e);
    for (const d of ['username', 'sessionsEnded', 'fromBuilding', 'level', 'inserted']) expect(words.details).toContain(d);
  });

  it('knows every action and detail that is computed', () => {
    const known = [...COMPUTED_ACTIONS.map((c) => `${c.file}: ${c.expression}`), ...SPREAD_DETAILS.map((s) => `${s.file}: ...${s.expression}`)];
    expect(words.computed.filter((c) => !c.includes("'active' in patch")).sort()).toEqual(known.sort());
  });

  it('offers every action in the picker and every object type', () => {
    expect([...words.actions].filter((a) => !(ACTIONS as readonly string[]).includes(a)).sort()).toEqual([]);
    expect([...words.entities].filter((e) => !(ENTITIES as readonly string[]).includes(e)).sort()).toEqual([]);
  });

  it.each([['zh-CN', zhCN], ['en', en]] as const)('%s has words for each', (_, messages) => {
    const audit = messages.admin.audit as unknown as Record<string, Record<string, unknown>>;
    const label = (key: string) => key.split('.').reduce<unknown>((m, k) => (m as Record<string, unknown> | undefined)?.[k], messages);
    expect(ACTIONS.filter((a) => typeof label(actionLabelKey(a)!) !== 'string')).toEqual([]);
    expect(ENTITIES.filter((e) => typeof audit.entities![e] !== 'string')).toEqual([]);
    expect(words.details.filter((d) => typeof audit.detailNames![d] !== 'string').sort()).toEqual([]);
  });
});
