/**
 * Turns an uploaded plan file (GeoJSON, zipped Shapefile, KML) into raw GeoJSON features,
 * or a file-level problem saying why it cannot be read.
 */
import { kml } from '@tmcw/togeojson';
import { DOMParser } from '@xmldom/xmldom';
import { strFromU8, unzipSync } from 'fflate';
import shp from 'shpjs';
import { readFeatureCollection, type ImportProblem } from '../imports/geojson.domain.ts';
import type { PlanFileProblemCode } from '../imports/imports.problems.ts';

type Read = { features: unknown[]; problems: ImportProblem[] };
const unreadable = (code: PlanFileProblemCode, message: string): Read => ({ features: [], problems: [{ index: null, code, message }] });
const text = (bytes: Uint8Array) => new TextDecoder('utf-8').decode(bytes);

/**
 * A zipped Shapefile, one feature list over all its layers. A lon/lat .prj is left out: shpjs would
 * run WGS-84 → WGS-84 through proj4, and its 1e-14 noise can make a valid ring cross itself.
 * A projected .prj is applied (shpjs reprojects); the .cpg names the .dbf text encoding.
 */
async function readShapefile(bytes: Uint8Array): Promise<Read> {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch (err) {
    return unreadable('unreadable_zip', `Not a readable zip file: ${(err as Error).message}`);
  }
  const byExt = (base: string, ext: string) => Object.entries(files).find(([k]) => k.toLowerCase() === `${base}.${ext}`.toLowerCase())?.[1];
  const layers = Object.keys(files).filter((k) => /\.shp$/i.test(k) && !k.includes('__MACOSX')).map((k) => k.slice(0, -4));
  if (!layers.length) return unreadable('no_shapefile', 'The zip holds no .shp file (a Shapefile needs .shp, .shx, .dbf and .prj in one .zip)');
  try {
    const features: unknown[] = [];
    for (const base of layers) {
      const prj = byExt(base, 'prj');
      const prjText = prj && strFromU8(prj);
      const projected = prjText !== undefined && /^\s*PROJCS/i.test(prjText);
      const fc = await shp({ shp: byExt(base, 'shp')!, dbf: byExt(base, 'dbf'), cpg: byExt(base, 'cpg'), ...(projected ? { prj: prjText } : {}) });
      features.push(...(Array.isArray(fc) ? fc : [fc]).flatMap((l) => l.features));
    }
    return { features, problems: [] };
  } catch (err) {
    return unreadable('unreadable_shapefile', `Not a readable Shapefile: ${(err as Error).message}`);
  }
}

function readKml(bytes: Uint8Array): Read {
  const errors: string[] = [];
  try {
    const doc = new DOMParser({ onError: (level, msg) => { if (level !== 'warning') errors.push(msg); } }).parseFromString(text(bytes), 'text/xml');
    if (errors.length || !doc.documentElement) return unreadable('unreadable_kml', `Not readable KML: ${errors[0] ?? 'no document'}`);
    return { features: kml(doc as unknown as Parameters<typeof kml>[0]).features, problems: [] };
  } catch (err) {
    return unreadable('unreadable_kml', `Not readable KML: ${(err as Error).message}`);
  }
}

/** Reads the raw features of a plan file in `format`. */
export async function readPlanFile(format: 'geojson' | 'shapefile' | 'kml', bytes: Uint8Array): Promise<Read> {
  if (format === 'shapefile') return readShapefile(bytes);
  if (format === 'kml') return readKml(bytes);
  // an empty file is said once for every format, by gridsFromFeatures
  return readFeatureCollection(text(bytes), { allowEmpty: true });
}
