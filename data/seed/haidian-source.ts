/**
 * The Haidian demo's inputs: the OSM layers and division codes copied into data/haidian/,
 * and the curated links between OSM compounds/campuses and real community codes.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const DATA_DIR = fileURLToPath(new URL('../haidian/', import.meta.url));
export const DATASET_NAME = 'haidian-demo';
export const COUNTY_CODE = '110108';
export const TOWN_CODE = '110108010';
/** Fixed seed: the demo's synthetic rows are the same on every machine and every run. */
export const DEMO_SEED = 'haidian-demo-v1';
/** Ages and the starting plan refer to this date. */
export const AS_OF = '2025-01-01';

/** The OSM export's bounding box (map.osm header): the core of the study area. */
export const EXPORT_BBOX = { west: 116.34403, south: 39.99767, east: 116.35974, north: 40.00888 } as const;

/**
 * Which OSM areas anchor which community. Compounds and campuses named in OSM are matched
 * to the 社区居委会 of the same name in the NBS list; 中建壹品·学府公馆 (built about 2021)
 * has no namesake and is assigned to 学清苑社区 as a demo assumption (see data/README.md).
 */
export const COMMUNITY_SEEDS: readonly { code: string; seeds: readonly string[] }[] = [
  { code: '110108010031', seeds: ['way/594891968'] }, // 富润家园
  { code: '110108010021', seeds: ['way/595108678'] }, // 石科院生活区
  { code: '110108010024', seeds: ['way/860342589', 'way/655185052', 'way/1041416781'] }, // 静淑苑, 清华东路27号院, 大华花园别墅
  { code: '110108010038', seeds: ['way/960760118'] }, // 双泉嘉苑
  // 农大东校区 campus, its residential quarter, 农大小区-北区 and the main campus strip north of 石板房南路
  { code: '110108010019', seeds: ['way/55816439', 'way/609225889', 'way/609225890', 'way/412323508'] },
  { code: '110108010027', seeds: ['way/1003833559'] }, // 中国矿业大学（北京） campus
  { code: '110108010035', seeds: ['way/930935495'] }, // 中建壹品·学府公馆 (assumed)
];

/** One OSM feature ready for staging: id 'way/123', tags as JSON, geometry as GeoJSON text. */
export interface SourceFeature {
  layer: string;
  osm_id: string;
  tags: string;
  geom: string;
}

interface GeoJsonFeature {
  geometry: unknown;
  properties: Record<string, unknown>;
}

/** Reads one copied GeoJSON layer into staging rows. */
export function readLayer(layer: 'buildings' | 'roads' | 'areas' | 'community_boundary_partial'): SourceFeature[] {
  const fc = JSON.parse(readFileSync(`${DATA_DIR}${layer}.geojson`, 'utf8')) as { features: GeoJsonFeature[] };
  return fc.features.map((f) => {
    const p = f.properties;
    const id = p.osm_id ?? p.osm_way_id;
    return { layer, osm_id: `${String(p.osm_type ?? 'way')}/${String(id)}`, tags: JSON.stringify(p), geom: JSON.stringify(f.geometry) };
  });
}

/** A row of divisions.csv: an NBS statistical code with its name, level and parent. */
export interface Division {
  code: string;
  name: string;
  level: 'county' | 'town' | 'community';
  parentCode: string | null;
}

/** Reads the NBS codes of 海淀区, 学院路街道 and its communities. */
export function readDivisions(): Division[] {
  const lines = readFileSync(`${DATA_DIR}divisions.csv`, 'utf8').trim().split('\n').slice(1);
  return lines.map((line) => {
    const [code, name, level, parent] = line.split(',') as [string, string, Division['level'], string];
    return { code, name, level, parentCode: parent || null };
  });
}

/** The name used in the UI: 北京市海淀区, 学院路街道, 富润社区 (居委会 dropped). */
export function displayName(d: Division): string {
  if (d.level === 'county') return `北京市${d.name}`;
  return d.name.replace(/居委会$/, '');
}
