import type { ImportProblem } from '../../api/imports.ts';

/** What the import form holds. */
export interface ImportForm {
  kind: 'jurisdictions' | 'buildings' | 'roads';
  jurisdiction: string;
  mode: 'add' | 'replace';
  crs: 'wgs84' | 'gcj02' | 'bd09';
  file: File | null;
}

/** A key for "the same import": the real import is offered only after a clean dry run of exactly this. */
export function formKey(f: ImportForm): string {
  return f.file ? [f.kind, f.jurisdiction, f.mode, f.crs, f.file.name, f.file.size, f.file.lastModified].join('|') : '';
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
