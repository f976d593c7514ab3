import shp from 'shpjs';
import { unzipSync, strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { writeShapefileZip, type ShapeField } from './shapefile.domain.ts';

const fields: ShapeField[] = [{ name: 'code', type: 'C', size: 15 }, { name: 'name', type: 'C', size: 18 }, { name: 'households', type: 'N', size: 9 }];
// RFC 7946 orientation in: outer ring counter-clockwise, hole clockwise
const outer = [[116, 40], [116.01, 40], [116.01, 40.01], [116, 40.01], [116, 40]];
const hole = [[116.002, 40.002], [116.002, 40.004], [116.004, 40.004], [116.004, 40.002], [116.002, 40.002]];
const second = [[116.02, 40], [116.03, 40], [116.03, 40.01], [116.02, 40]];

describe('writeShapefileZip', () => {
  it('writes polygons with holes and multipolygons that shpjs reads back with UTF-8 names', async () => {
    const zip = writeShapefileZip('grids', fields, [
      { polygons: [[outer, hole]], attributes: { code: '110108010031001', name: '富润家园网格', households: 312 } },
      { polygons: [[outer], [second]], attributes: { code: '110108010031002', name: '一个很长的网格名称超出', households: 0 } },
    ]);
    const files = unzipSync(zip);
    expect(Object.keys(files).sort()).toEqual(['grids.cpg', 'grids.dbf', 'grids.prj', 'grids.shp', 'grids.shx']);
    expect(strFromU8(files['grids.cpg']!)).toBe('UTF-8');
    const back = (await shp(zip.buffer as ArrayBuffer)) as unknown as { features: { geometry: { type: string; coordinates: number[][][] | number[][][][] }; properties: Record<string, unknown> }[] };
    expect(back.features.map((f) => f.properties)).toEqual([
      { code: '110108010031001', name: '富润家园网格', households: 312 },
      // 18 bytes hold six 3-byte characters: cut at a character boundary
      { code: '110108010031002', name: '一个很长的网', households: 0 },
    ]);
    expect(back.features[0]!.geometry.type).toBe('Polygon');
    expect(back.features[0]!.geometry.coordinates).toHaveLength(2);
    expect(back.features[1]!.geometry.type).toBe('MultiPolygon');
    const ring = (back.features[0]!.geometry.coordinates as number[][][])[0]!;
    // shpjs reprojects through the .prj (WGS-84 to WGS-84), which leaves 1e-14 noise
    const key = (p: number[]) => p.map((v) => v.toFixed(9)).join(',');
    expect(new Set(ring.map(key))).toEqual(new Set(outer.map(key)));
  });
});
