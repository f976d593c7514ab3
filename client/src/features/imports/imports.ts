import { IMPORT_PROBLEM_CODES, PLAN_FILE_PROBLEM_CODES, PROBLEM_WORDS, type ImportKind, type ImportProblem, type ImportQuery } from '../../api/imports.ts';

export const IMPORT_KINDS: readonly ImportKind[] = ['jurisdictions', 'buildings', 'roads', 'water', 'green'];

/** Where buildings' households come from, as the form holds it (numbers as typed). */
export interface HouseholdForm {
  households: 'property' | 'footprint' | 'population';
  floorsProperty: string;
  // number inputs: v-model gives numbers once typed in
  defaultFloors: string | number;
  m2PerHousehold: string | number;
  populationProperty: string;
  householdSize: string | number;
}

/** What the import form holds; crs 'auto' sends none, so the server refuses data that looks GCJ-02/BD-09. */
export interface ImportForm {
  kind: ImportKind;
  jurisdiction: string;
  mode: 'add' | 'replace';
  crs: 'auto' | 'wgs84' | 'gcj02' | 'bd09';
  file: File | null;
  derive?: HouseholdForm;
}

/** The form's household options at the server's defaults. */
export const defaultHouseholds = (): HouseholdForm => ({
  households: 'property', floorsProperty: 'floors', defaultFloors: '', m2PerHousehold: '120', populationProperty: 'population', householdSize: '2.62',
});

/** The query of POST /api/imports/:kind for a form: only the options that apply (household ones for buildings, by source). */
export function importQuery(f: ImportForm, dryRun: boolean): ImportQuery {
  const q: ImportQuery = { jurisdiction: f.jurisdiction, mode: f.mode, dryRun: dryRun ? 'true' : 'false', ...(f.crs === 'auto' ? {} : { crs: f.crs }) };
  const d = f.derive;
  if (f.kind !== 'buildings' || !d) return q;
  const text = (v: string | number, otherwise: string) => String(v).trim() || otherwise;
  const floors = { floorsProperty: text(d.floorsProperty, 'floors'), ...(text(d.defaultFloors, '') ? { defaultFloors: text(d.defaultFloors, '') } : {}) };
  if (d.households === 'footprint') return { ...q, households: 'footprint', ...floors, m2PerHousehold: text(d.m2PerHousehold, '120') };
  if (d.households === 'population') {
    return { ...q, households: 'population', populationProperty: text(d.populationProperty, 'population'), householdSize: text(d.householdSize, '2.62') };
  }
  return q;
}

/** A key for "the same import": the real import is offered only after a clean dry run of exactly this. */
export function formKey(f: ImportForm): string {
  return f.file ? [JSON.stringify(importQuery(f, true)), f.kind, f.file.name, f.file.size, f.file.lastModified].join('|') : '';
}

/** Every problem code this client has a text for: those of base-data imports and of plan files. */
export const PROBLEM_CODES: readonly string[] = [...IMPORT_PROBLEM_CODES, ...PLAN_FILE_PROBLEM_CODES];

/** A problem as a message key and its parameters, or null for one without a known code (from a newer server). */
export function problemKey(p: Pick<ImportProblem, 'code' | 'params'>): { key: string; params: Record<string, string | number> } | null {
  if (!p.code || !PROBLEM_CODES.includes(p.code)) return null;
  const params = p.params ?? {};
  if (p.code === 'missing_properties') return { key: `imports.problems.missing_properties.${String(params.hint ?? 'fill')}`, params };
  return { key: `imports.problems.${p.code}`, params };
}

type Translate = (key: string, params?: Record<string, unknown>) => string;

/** Where the words of each param are in the locale files (hint aside: it picks the message itself). */
export const WORD_KEYS: Record<Exclude<keyof typeof PROBLEM_WORDS, 'hint'>, string> = {
  reason: 'imports.reasons', defect: 'imports.defects', family: 'imports.families', textIssue: 'imports.textIssues', level: 'imports.levels',
  given: 'imports.levels', uses: 'imports.uses', ref: 'imports.refs', crs: 'imports.crsNames',
};

/** Where in a geometry, from its 1-based part and ring (ring 1 the outer one): '' when the problem names neither. */
function atText(part: unknown, ring: unknown, t: Translate): string {
  const hole = typeof ring === 'number' ? ring - 1 : undefined;
  if (typeof part === 'number') return hole === undefined ? t('imports.at.part', { part }) : hole ? t('imports.at.partHole', { part, hole }) : t('imports.at.partOuter', { part });
  return hole === undefined ? '' : hole ? t('imports.at.hole', { hole }) : t('imports.at.outer');
}

/**
 * A problem in the user's language: its code's message with the words in its params translated
 * (a property's reason with its own params, lists joined), and where in the geometry it is. A code
 * this client does not know (a newer server) is said as such, with the code, never in the server's English.
 */
export function problemText(p: Pick<ImportProblem, 'code' | 'params'>, t: Translate, te: (key: string) => boolean): string {
  const k = problemKey(p);
  if (!k || !te(k.key)) return t('imports.unknownProblem', { code: String(p.code ?? '') });
  const params: Record<string, string | number> = { ...k.params, at: atText(k.params.part, k.params.ring, t) };
  const word = (param: keyof typeof WORD_KEYS, v: string) => (te(`${WORD_KEYS[param]}.${v}`) ? t(`${WORD_KEYS[param]}.${v}`, params) : v);
  for (const param of Object.keys(WORD_KEYS) as (keyof typeof WORD_KEYS)[]) {
    const v = k.params[param];
    // the reason last: its text takes the other params, levels translated
    if (v === undefined || param === 'reason') continue;
    params[param] = String(v).split(',').map((w) => word(param, w)).join(t('imports.listSeparator'));
  }
  if (k.params.reason !== undefined) params.reason = word('reason', String(k.params.reason));
  return t(k.key, params);
}

/** Limits of the household options as the server checks them, to say which one it refused and why. */
const OPTION_RULES: Record<string, { reason: 'whole_number' | 'number'; min: number; max: number } | 'name'> = {
  defaultFloors: { reason: 'whole_number', min: 1, max: 200 }, m2PerHousehold: { reason: 'number', min: 10, max: 1000 },
  householdSize: { reason: 'number', min: 0.5, max: 20 }, floorsProperty: 'name', populationProperty: 'name',
};

/** A refused import that is not import_invalid, in the user's language (a household option, the jurisdiction); null for the errors every screen explains. */
export function failureText(err: unknown, t: Translate): string | null {
  const e = err as { code?: unknown; details?: unknown } | null;
  if (e?.code === 'jurisdiction_not_found') return t('imports.errors.jurisdiction_not_found');
  if (e?.code !== 'invalid_request' || !Array.isArray(e.details)) return null;
  const texts = (e.details as { field?: unknown }[]).flatMap(({ field }) => {
    const rule = typeof field === 'string' ? OPTION_RULES[field] : undefined;
    if (!rule) return [];
    const ruleText = rule === 'name' ? t('imports.errors.propertyName') : t(`imports.reasons.${rule.reason}`, rule);
    return [t('imports.errors.option', { option: t(`imports.derive.${String(field)}`), rule: ruleText })];
  });
  // the form sends nothing else the server could refuse: a stale page, said without its English message
  return texts.length ? texts.join(t('imports.listSeparator')) : t('imports.errors.request');
}

/** The located problems of a rejected import, or null when the error is something else. */
export function problemsOf(err: unknown): ImportProblem[] | null {
  const e = err as { code?: unknown; details?: { problems?: unknown } } | null;
  return e?.code === 'import_invalid' && Array.isArray(e.details?.problems) ? (e.details.problems as ImportProblem[]) : null;
}

/** "lon, lat" to 6 decimals (about 0.1 m), or '' without a location. */
export function locationText(p: Pick<ImportProblem, 'location'>): string {
  return p.location ? `${p.location[0].toFixed(6)}, ${p.location[1].toFixed(6)}` : '';
}

/** The feature column: its 1-based number in the file (as GIS tools count) and its id; null index = the whole file. */
export function featureText(p: Pick<ImportProblem, 'index' | 'id'>, wholeFile: string): string {
  if (p.index === null) return p.id ? `${wholeFile} (${p.id})` : wholeFile;
  return p.id ? `#${p.index + 1} (${p.id})` : `#${p.index + 1}`;
}

/** The problems shown at once; a file with thousands of broken features still renders quickly. */
export const SHOWN_PROBLEMS = 500;
