import { describe, expect, it } from 'vitest';
import { assignmentCsv, contentDisposition, gridsFromFeatures, gridsKml, xmlEscape, type ExportGrid } from './plan-exchange.domain.ts';

const grid: ExportGrid = {
  code: '110108010031001', name: '富润<1>&"2"', communityCode: '110108010031', communityName: '富润社区', households: 300, buildings: 4,
  parentCodes: ['110108010031000'], locked: false, justification: null,
  geometry: { type: 'MultiPolygon', coordinates: [[[[116, 40], [116.01, 40], [116.01, 40.01], [116, 40]], [[116.002, 40.001], [116.004, 40.001], [116.004, 40.002], [116.002, 40.001]]]] },
};

describe('plan exchange formats', () => {
  it('escapes XML text and drops characters XML cannot carry', () => {
    expect(xmlEscape(`a&b<c>"d"'e'\u0001`)).toBe('a&amp;b&lt;c&gt;&quot;d&quot;&apos;e&apos;');
  });
  it('writes KML placemarks with holes as inner boundaries and attributes as ExtendedData', () => {
    const k = gridsKml({ id: 1, name: '方案 & 草案', version: 2 }, [grid]);
    expect(k).toContain('<name>方案 &amp; 草案</name>');
    expect(k).toContain('<name>富润&lt;1&gt;&amp;&quot;2&quot;</name>');
    expect(k).toContain('<Data name="parent_codes"><value>110108010031000</value></Data>');
    expect(k.match(/<innerBoundaryIs>/g)).toHaveLength(1);
  });
  it('names downloads in ASCII and in the plan\'s own words', () => {
    expect(contentDisposition({ id: 7, name: '学院路/方案', version: 3 }, 'shapefile'))
      .toBe(`attachment; filename="plan-7-v3.zip"; filename*=UTF-8''${encodeURIComponent('学院路_方案-v3.zip')}`);
    expect(contentDisposition({ id: 7, name: 'x', version: 3 }, 'csv')).toMatch(/filename="plan-7-buildings-v3.csv"/);
  });
  it('writes the building CSV with a BOM and defused formulas', () => {
    const csv = assignmentCsv([{ buildingId: 1, osmId: 'w1', name: '=1+1', households: 20, gridCode: null, gridName: null }]);
    expect(csv).toBe('\uFEFFbuilding_id,osm_id,building_name,households,grid_code,grid_name\r\n1,w1,\'=1+1,20,,\r\n');
  });
  it('reads grids from features, keeping names and justifications and skipping what it is told to', () => {
    const sq = { type: 'Polygon', coordinates: [[[116, 40], [116.01, 40], [116.01, 40.01], [116, 40]]] };
    const { grids, problems } = gridsFromFeatures([
      { type: 'Feature', properties: { name: '甲', justify: '大楼' }, geometry: sq },
      { type: 'Feature', properties: { code: 'other' }, geometry: { type: 'Point', coordinates: [1, 2] } },
      { type: 'Feature', properties: { name: 12 }, geometry: sq },
    ], (f) => (f as { properties: { code?: string } }).properties.code === 'other');
    expect(problems).toEqual([]);
    expect(grids.map((g) => [g.index, g.name, g.justification])).toEqual([[0, '甲', '大楼'], [2, '12', null]]);
    expect(gridsFromFeatures([]).problems).toEqual([{ index: null, code: 'empty_file', message: 'The file holds no grids' }]);
  });
});
