/** Real units for the planning benchmark: Denver census blocks as buildings, population / 2.5 as households. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { CommunityData } from './load.ts';

/** People per household used to turn block population into households (issue 4). */
export const PEOPLE_PER_HOUSEHOLD = 2.5;
export const DENVER_FILE = join(import.meta.dirname, '../../data/denver/blocks-nw.geojson.gz');

type Ring = number[][];
interface BlockFeature {
  properties: { GEOID20: string; TRACTCE20: string; TOTPOP20: number };
  geometry: { type: 'Polygon'; coordinates: Ring[] } | { type: 'MultiPolygon'; coordinates: Ring[][] };
}

/** EWKT (EPSG:4326) of a GeoJSON Polygon or MultiPolygon, always as a MultiPolygon. */
export function multiPolygonEwkt(geometry: BlockFeature['geometry']): string {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const ring = (r: Ring) => `(${r.map(([x, y]) => `${x} ${y}`).join(',')})`;
  return `SRID=4326;MULTIPOLYGON(${polygons.map((p) => `(${p.map(ring).join(',')})`).join(',')})`;
}

/** Households of a block: population / 2.5, rounded. */
export function blockHouseholds(population: number): number {
  return Math.round(population / PEOPLE_PER_HOUSEHOLD);
}

/** The Denver subset as one community; its starting plan has one grid per census tract. */
export function denverCommunity(file = DENVER_FILE): CommunityData {
  const { features } = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as { features: BlockFeature[] };
  return {
    region: '990301',
    names: { county: 'Denver (benchmark)', town: 'North-west Denver', community: 'NW Denver tracts' },
    asOf: '2025-01-01',
    buildings: features.map((f) => {
      const households = blockHouseholds(f.properties.TOTPOP20);
      return { ewkt: multiPolygonEwkt(f.geometry), households, kind: households > 0 ? 'residential' : 'other', floors: null,
        name: f.properties.GEOID20, compound: null, group: f.properties.TRACTCE20 };
    }),
    compounds: [],
    roads: [],
    details: { kind: 'Denver census blocks', file: 'data/denver/blocks-nw.geojson.gz', blocks: features.length },
  };
}
