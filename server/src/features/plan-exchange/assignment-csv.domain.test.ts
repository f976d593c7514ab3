import { describe, expect, it } from 'vitest';
import { parseCsv, readAssignments } from './assignment-csv.domain.ts';
import { assignmentCsv } from './plan-exchange.domain.ts';

describe('assignment CSV', () => {
  it('parses quoted cells with commas, quotes and line breaks, a BOM and CRLF', () => {
    expect(parseCsv('\uFEFFa,b\r\n"x, ""y""","line\nbreak"\r\n\r\n')).toEqual([['a', 'b'], ['x, "y"', 'line\nbreak']]);
  });
  it('reads back what the export writes, undoing defused formulas', () => {
    const csv = assignmentCsv([
      { buildingId: 1, osmId: 'w1', name: '=x', households: 20, gridCode: '110108010031001', gridName: '=网格' },
      { buildingId: 2, osmId: null, name: null, households: 0, gridCode: null, gridName: null },
    ]);
    expect(readAssignments(csv)).toEqual({ problems: [], rows: [
      { index: 0, buildingId: 1, osmId: 'w1', gridKey: '110108010031001', gridName: '=网格' },
      { index: 1, buildingId: 2, osmId: null, gridKey: '', gridName: null },
    ] });
  });
  it('reports missing columns, bad ids and a building given to two grids', () => {
    expect(readAssignments('name,grid\nx,1').problems[0]!.message).toMatch(/building_id \(or osm_id\) and grid_code/);
    const r = readAssignments('osm_id,building_id,grid_code\nw1,,A\n,x,B\n,,C\nw1,,B\nw1,,A');
    expect(r.problems.map((p) => [p.index, p.field, p.message])).toEqual([
      [1, 'building_id', 'must be a whole number'],
      [2, 'building_id', 'missing (give building_id or osm_id)'],
      [3, 'grid_code', 'The building is also given to grid A on row 2'],
    ]);
    expect(r.rows.map((x) => x.index)).toEqual([0, 4]);
  });
  it('reports a NUL or a lone surrogate in a cell as a problem of its row and column (PostgreSQL cannot store them)', () => {
    const r = readAssignments('building_id,grid_code,grid_name\n1,A,ok\n2,B,bad\u0000name\n3,C\ud800,x');
    expect(r.problems.map((p) => [p.index, p.field, p.message])).toEqual([
      [1, 'grid_name', 'The text contains a NUL character (U+0000), which text cannot hold'],
      [2, 'grid_code', 'The text contains a lone UTF-16 surrogate, which is not Unicode text'],
    ]);
    expect(r.rows.map((x) => x.index)).toEqual([0]);
  });
});
