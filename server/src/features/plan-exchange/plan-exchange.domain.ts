/**
 * Plan exchange formats: the grids of a plan as GeoJSON, KML, a zipped Shapefile and a
 * building → grid CSV; and the reading of such files back into grids. Pure.
 */
import { z } from 'zod';
import { checkFeatures, type ImportProblem } from '../imports/geojson.domain.ts';
import { invalidProperty } from '../imports/imports.problems.ts';
import { toCsv } from '../residents/residents.domain.ts';
import { writeShapefileZip, type ShapeField } from './shapefile.domain.ts';

export const EXCHANGE_FORMATS = ['geojson', 'shapefile', 'kml', 'csv'] as const;
export type ExchangeFormat = (typeof EXCHANGE_FORMATS)[number];

type MultiPolygon = { type: 'MultiPolygon'; coordinates: number[][][][] };
/** A grid as exported. */
export interface ExportGrid {
  code: string;
  name: string;
  communityCode: string;
  communityName: string;
  households: number;
  buildings: number;
  parentCodes: string[];
  locked: boolean;
  justification: string | null;
  geometry: MultiPolygon;
}
/** One building → grid row of the CSV. */
export interface AssignmentRow {
  buildingId: number;
  osmId: string | null;
  name: string | null;
  households: number;
  gridCode: string | null;
  gridName: string | null;
}
export interface PlanHead {
  id: number;
  name: string;
  version: number;
}

const props = (g: ExportGrid) => ({
  code: g.code, name: g.name, community_code: g.communityCode, community_name: g.communityName, households: g.households,
  buildings: g.buildings, parent_codes: g.parentCodes, locked: g.locked, justification: g.justification,
});

/** RFC 7946 FeatureCollection of the grids. */
export function gridsGeoJson(plan: PlanHead, grids: ExportGrid[]) {
  return {
    type: 'FeatureCollection' as const,
    name: plan.name,
    plan: { id: plan.id, version: plan.version },
    features: grids.map((g) => ({ type: 'Feature' as const, id: g.code, properties: props(g), geometry: g.geometry })),
  };
}

const SHAPE_FIELDS: ShapeField[] = [
  { name: 'code', type: 'C', size: 15 }, { name: 'name', type: 'C', size: 180 }, { name: 'comm_code', type: 'C', size: 12 },
  { name: 'comm_name', type: 'C', size: 180 }, { name: 'households', type: 'N', size: 9 }, { name: 'buildings', type: 'N', size: 6 },
  { name: 'parents', type: 'C', size: 254 }, { name: 'locked', type: 'C', size: 1 }, { name: 'justify', type: 'C', size: 254 },
];

/** Zipped Shapefile of the grids (dBase names are at most 10 characters, so some fields are shortened). */
export function gridsShapefile(plan: PlanHead, grids: ExportGrid[], now: Date): Uint8Array {
  return writeShapefileZip(`plan-${plan.id}-grids`, SHAPE_FIELDS, grids.map((g) => ({
    polygons: g.geometry.coordinates,
    attributes: { code: g.code, name: g.name, comm_code: g.communityCode, comm_name: g.communityName, households: g.households,
      buildings: g.buildings, parents: g.parentCodes.join(';'), locked: g.locked, justify: g.justification },
  })), now);
}

/** Text safe inside XML elements and attributes. */
export function xmlEscape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!)
    // control characters XML 1.0 cannot carry at all (tab, newline and return it can)
    .replace(/\p{Cc}/gu, (c) => ('\t\n\r'.includes(c) ? c : ''));
}

const ring = (r: number[][]) => `<LinearRing><coordinates>${r.map((p) => `${p[0]},${p[1]}`).join(' ')}</coordinates></LinearRing>`;
const polygon = (p: number[][][]) =>
  `<Polygon><outerBoundaryIs>${ring(p[0]!)}</outerBoundaryIs>${p.slice(1).map((h) => `<innerBoundaryIs>${ring(h)}</innerBoundaryIs>`).join('')}</Polygon>`;

/** KML 2.2 document: one Placemark per grid with its attributes as ExtendedData. */
export function gridsKml(plan: PlanHead, grids: ExportGrid[]): string {
  const placemarks = grids.map((g) => {
    const data = Object.entries(props(g)).map(([k, v]) =>
      `<Data name="${k}"><value>${xmlEscape(Array.isArray(v) ? v.join(';') : v === null ? '' : String(v))}</value></Data>`).join('');
    return `<Placemark id="${xmlEscape(g.code)}"><name>${xmlEscape(g.name)}</name><ExtendedData>${data}</ExtendedData>` +
      `<MultiGeometry>${g.geometry.coordinates.map(polygon).join('')}</MultiGeometry></Placemark>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>${xmlEscape(plan.name)}</name>\n` +
    `${placemarks.join('\n')}\n</Document></kml>\n`;
}

export const CSV_HEADER = ['building_id', 'osm_id', 'building_name', 'households', 'grid_code', 'grid_name'];

/** building → grid CSV (UTF-8 with BOM for Excel, formula-looking cells defused). */
export function assignmentCsv(rows: AssignmentRow[]): string {
  return toCsv(CSV_HEADER, rows.map((r) => [r.buildingId, r.osmId, r.name, r.households, r.gridCode, r.gridName]));
}

const EXT: Record<ExchangeFormat, string> = { geojson: 'geojson', shapefile: 'zip', kml: 'kml', csv: 'csv' };
/** Content-Disposition: an ASCII fallback name and the plan's own (Chinese) name per RFC 6266/5987. */
export function contentDisposition(plan: PlanHead, format: ExchangeFormat): string {
  const suffix = `${format === 'csv' ? '-buildings' : ''}-v${plan.version}.${EXT[format]}`;
  const ascii = `plan-${plan.id}${suffix}`;
  const own = `${plan.name.replace(/[\\/:*?"<>|\p{Cc}]/gu, '_')}${suffix}`;
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(own)}`;
}

const gridProps = z.object({
  name: z.union([z.string(), z.number()]).transform(String).pipe(z.string().trim().max(60, 'at most 60 characters')).nullish(),
  justification: z.string().trim().max(2000).nullish(),
  justify: z.string().trim().max(2000).nullish(),
});

/** A grid read from a file, ready for replaceGrids. */
export interface ImportedGrid {
  index: number;
  geom: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown };
  name?: string;
  justification: string | null;
}

/** Polygon features → grids (name and justification kept), with a located problem for each bad one; `skip` leaves features out. */
export function gridsFromFeatures(raw: unknown[], skip: (f: unknown) => boolean = () => false): { grids: ImportedGrid[]; problems: ImportProblem[] } {
  const checked = checkFeatures(raw, 'polygon');
  const problems = checked.problems.filter((p) => p.index === null || !skip(raw[p.index]));
  const grids: ImportedGrid[] = [];
  for (const f of checked.features.filter((x) => !skip(raw[x.index]))) {
    const p = gridProps.safeParse(f.properties);
    if (!p.success) {
      problems.push(...p.error.issues.map((i) => {
        const property = String(i.path[0]);
        return { index: f.index, ...(f.id ? { id: f.id } : {}), field: `properties.${property}`, ...invalidProperty(i, property, f.properties[property]) };
      }));
      continue;
    }
    const name = p.data.name || undefined;
    grids.push({ index: f.index, geom: f.geometry as ImportedGrid['geom'], ...(name ? { name } : {}), justification: p.data.justification || p.data.justify || null });
  }
  if (!raw.length) problems.push({ index: null, code: 'empty_file', message: 'The file holds no grids' });
  return { grids, problems };
}
