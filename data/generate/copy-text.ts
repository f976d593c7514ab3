/** PostgreSQL COPY text format: one line per row, tab-separated, \N for null. */

/** Escapes one value for COPY's text format. */
export function copyField(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v !== 'string') return String(v);
  return /[\\\t\n\r]/.test(v) ? v.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!) : v;
}

/** A COPY text line (with its newline) from the row's values. */
export function copyLine(values: readonly (string | number | boolean | null | undefined)[]): string {
  return `${values.map(copyField).join('\t')}\n`;
}

/** A text[] literal for plain words (the special-group vocabulary has no quotes or commas). */
export function textArray(items: readonly string[]): string {
  return `{${items.join(',')}}`;
}
