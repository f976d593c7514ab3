import type { ImportKind, ImportProblem, ImportQuery } from '../../api/imports.ts';

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

/** Codes of import problems the client says in its own words (imports.problems.<code>); others show the server's English. */
export const PROBLEM_CODES = [
  'missing_property', 'missing_properties', 'invalid_property', 'too_many_households', 'kind_assumed', 'crs_shift',
  'not_touching', 'outside_communities', 'far_from_parent', 'overlaps_sibling',
] as const;

/** A problem as a message key and its parameters, or null to show the server's message. */
export function problemKey(p: Pick<ImportProblem, 'code' | 'params'>): { key: string; params: Record<string, string | number> } | null {
  if (!p.code || !(PROBLEM_CODES as readonly string[]).includes(p.code)) return null;
  const params = p.params ?? {};
  if (p.code === 'missing_properties') return { key: `imports.problems.missing_properties.${String(params.hint ?? 'fill')}`, params };
  return { key: `imports.problems.${p.code}`, params };
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
