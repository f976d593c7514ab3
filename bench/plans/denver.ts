/** Real units for the planning benchmark: Denver census blocks as buildings, population / 2.5 as households. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { CommunityData } from './load.ts';

/** People per household used to turn block population into households (issue 4). */
export const PEOPLE_PER_HOUSEHOLD = 2.5;
export const DENVER_FILE = join(import.meta.dirname, '../../data/denver/blocks-nw.geojson.gz');
/** The benchmark's city: about 3,000 blocks of central Denver in 15 communities (data/denver/NOTICE.md). */
export const DENVER_CITY_FILE = join(import.meta.dirname, '../../data/denver/blocks-city.geojson.gz');

type Ring = number[][];
interface BlockFeature {
  properties: { GEOID20: string; TRACTCE20: string; TOTPOP20: number; COMMUNITY?: number };
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

/**
 * Denver blocks as a street office of several communities: `byTract` makes one community per tract
 * (the north-west subset: six), otherwise the file's COMMUNITY field says (the city: fifteen).
 */
export function denverCity(file = DENVER_CITY_FILE, opts: { region?: string; byTract?: boolean } = {}): CommunityData {
  const { features } = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as { features: BlockFeature[] };
  const keyOf = (f: BlockFeature) => (opts.byTract ? f.properties.TRACTCE20 : String(f.properties.COMMUNITY ?? 1));
  const keys = [...new Set(features.map(keyOf))].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  return {
    region: opts.region ?? '990302',
    names: { county: 'Denver city (benchmark)', town: 'Central Denver', community: '' },
    communities: keys.map((k) => ({ name: opts.byTract ? `Tract ${k}` : `Community ${k}` })),
    asOf: '2025-01-01',
    buildings: features.map((f) => {
      const households = blockHouseholds(f.properties.TOTPOP20);
      return { ewkt: multiPolygonEwkt(f.geometry), households, kind: households > 0 ? 'residential' : 'other', floors: null,
        name: f.properties.GEOID20, compound: null, group: f.properties.TRACTCE20, community: keys.indexOf(keyOf(f)) };
    }),
    compounds: [],
    roads: [],
    details: { kind: 'Denver census blocks in communities', file: file.replace(/.*\/data\//, 'data/'), blocks: features.length, communities: keys.length },
  };
}
