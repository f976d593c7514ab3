/**
 * Reading a building → grid assignment CSV (the format GET /api/plans/:id/export?format=csv
 * writes, or a spreadsheet's): RFC 4180 quoting, a UTF-8 BOM, defused formulas undone.
 */
import { textProblem } from '../../http/text.ts';
import type { ImportProblem } from '../imports/geojson.domain.ts';
import { preview, textIssue } from '../imports/imports.problems.ts';

/** One assignment: a building (by id or OSM id) to a grid key (its code, or any label for a new grid; '' = none). */
export interface Assignment {
  index: number;
  buildingId: number | null;
  osmId: string | null;
  gridKey: string;
  gridName: string | null;
}

/** Splits CSV text into rows of cells (quoted cells may hold commas, quotes and line breaks). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const s = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length) rows.push([...row, cell]);
  return rows.filter((r) => r.some((x) => x.trim() !== ''));
}

/** A cell as typed: trimmed, with the quote our exports put before formula-looking text removed. */
const value = (cell: string | undefined) => (cell ?? '').trim().replace(/^'(?=[=+\-@\t\r])/, '');

const COLUMNS = { buildingId: ['building_id', '楼栋id'], osmId: ['osm_id', 'id'], grid: ['grid_code', 'grid', '网格编码'], gridName: ['grid_name', '网格名称'] };

/** Reads assignments; rows without a grid leave their building to the neighbouring grid. `index` is the data row (0 = first after the header). */
export function readAssignments(text: string): { rows: Assignment[]; problems: ImportProblem[] } {
  const [header, ...data] = parseCsv(text);
  const names = (header ?? []).map((h) => h.trim().toLowerCase());
  const col = (aliases: string[]) => names.findIndex((n) => aliases.includes(n));
  const at = { buildingId: col(COLUMNS.buildingId), osmId: col(COLUMNS.osmId), grid: col(COLUMNS.grid), gridName: col(COLUMNS.gridName) };
  if ((at.buildingId < 0 && at.osmId < 0) || at.grid < 0) {
    return { rows: [], problems: [{ index: null, code: 'csv_no_header', message: 'The CSV needs a header with building_id (or osm_id) and grid_code columns' }] };
  }
  const rows: Assignment[] = [];
  const problems: ImportProblem[] = [];
  const seen = new Map<string, { index: number; grid: string }>();
  data.forEach((cells, index) => {
    const badCell = cells.findIndex((cell) => textProblem(cell) !== null);
    if (badCell >= 0) {
      const why = textProblem(cells[badCell]!)!;
      return problems.push({ index, field: names[badCell] || `column ${badCell + 1}`, code: 'bad_text', params: { textIssue: textIssue(why) }, message: `The text ${why}` });
    }
    const rawId = value(cells[at.buildingId]);
    const osmId = value(cells[at.osmId]) || null;
    const gridKey = value(cells[at.grid]);
    const id = rawId || osmId || '';
    if (rawId && !/^\d{1,15}$/.test(rawId)) {
      return problems.push({ index, id: rawId, field: 'building_id', code: 'building_id_not_number', params: { value: preview(rawId) }, message: 'must be a whole number' });
    }
    if (!id) return problems.push({ index, field: 'building_id', code: 'building_id_missing', message: 'missing (give building_id or osm_id)' });
    const before = seen.get(id);
    if (before && before.grid !== gridKey) {
      const row = before.index + 2;
      return problems.push({ index, id, field: 'grid_code', ...(before.grid ? { code: 'building_twice', params: { grid: before.grid, row } } : { code: 'building_twice_ungridded', params: { row } }),
        message: `The building is also given to grid ${before.grid || '(none)'} on row ${row}` });
    }
    seen.set(id, { index, grid: gridKey });
    rows.push({ index, buildingId: rawId ? Number(rawId) : null, osmId, gridKey, gridName: value(cells[at.gridName]) || null });
  });
  if (!data.length) problems.push({ index: null, code: 'csv_no_rows', message: 'The CSV holds no rows' });
  return { rows, problems };
}
