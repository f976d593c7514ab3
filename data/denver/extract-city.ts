/**
 * Makes data/denver/blocks-city.geojson.gz from the full Denver census-block file (run once, by hand):
 *   npx tsx data/denver/extract-city.ts /path/to/denver-co-census-blocks-2020/blocks.geojson /path/to/blocks_adjacency.json
 * The benchmark's city: the whole tracts nearest the centre of Denver until about 3,000 blocks, cut
 * into 15 communities of whole tracts by recursive bisection of the tract centres (compact, about 200
 * blocks each). Also writes adjacency-city.json.gz: the dataset's rook edges between the kept blocks.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export const CITY_BLOCKS = 3000;
export const CITY_COMMUNITIES = 15;

interface Feature { type: 'Feature'; properties: Record<string, unknown>; geometry: { type: string; coordinates: unknown } }
interface Tract { id: string; x: number; y: number; blocks: Feature[] }

/** Mean of a geometry's vertices: a centre good enough to order tracts. */
function centre(g: Feature['geometry']): [number, number] {
  const pts = JSON.stringify(g.coordinates).match(/-?\d+\.\d+,-?\d+\.\d+/g) ?? [];
  const xy = pts.map((p) => p.split(',').map(Number) as [number, number]);
  return [xy.reduce((s, p) => s + p[0], 0) / xy.length, xy.reduce((s, p) => s + p[1], 0) / xy.length];
}

/** Splits tracts into k groups of about equal block counts, cutting across the longer side each time. */
function bisect(tracts: Tract[], k: number): Tract[][] {
  if (k === 1) return [tracts];
  const spanX = Math.max(...tracts.map((t) => t.x)) - Math.min(...tracts.map((t) => t.x));
  const spanY = Math.max(...tracts.map((t) => t.y)) - Math.min(...tracts.map((t) => t.y));
  const sorted = [...tracts].sort((a, b) => (spanX * 0.78 > spanY ? a.x - b.x : a.y - b.y)); // 0.78 ≈ cos(39.7°)
  const k1 = Math.floor(k / 2);
  const total = sorted.reduce((s, t) => s + t.blocks.length, 0);
  let acc = 0;
  let cut = 0;
  while (cut < sorted.length - 1 && acc + sorted[cut]!.blocks.length / 2 < (total * k1) / k) acc += sorted[cut++]!.blocks.length;
  return [...bisect(sorted.slice(0, Math.max(1, cut)), k1), ...bisect(sorted.slice(Math.max(1, cut)), k - k1)];
}

const [source, adjacency] = process.argv.slice(2);
if (!source || !adjacency) throw new Error('usage: npx tsx data/denver/extract-city.ts <blocks.geojson> <blocks_adjacency.json>');
const all = JSON.parse(readFileSync(source, 'utf8')) as { features: Feature[] };
const byTract = new Map<string, Feature[]>();
for (const f of all.features) byTract.set(String(f.properties.TRACTCE20), [...(byTract.get(String(f.properties.TRACTCE20)) ?? []), f]);
const tracts: Tract[] = [...byTract].map(([id, blocks]) => {
  const cs = blocks.map((b) => centre(b.geometry));
  return { id, blocks, x: cs.reduce((s, c) => s + c[0], 0) / cs.length, y: cs.reduce((s, c) => s + c[1], 0) / cs.length };
});
const [cx, cy] = [tracts.reduce((s, t) => s + t.x, 0) / tracts.length, tracts.reduce((s, t) => s + t.y, 0) / tracts.length];
const near = [...tracts].sort((a, b) => Math.hypot((a.x - cx) * 0.78, a.y - cy) - Math.hypot((b.x - cx) * 0.78, b.y - cy) || a.id.localeCompare(b.id));
const kept: Tract[] = [];
for (let n = 0; n < CITY_BLOCKS; n += near[kept.length]!.blocks.length) kept.push(near[kept.length]!);
const groups = bisect(kept, CITY_COMMUNITIES);
const features = groups.flatMap((g, i) => g.flatMap((t) => t.blocks.map((f) => ({
  type: 'Feature', geometry: f.geometry,
  properties: { GEOID20: f.properties.GEOID20, TRACTCE20: f.properties.TRACTCE20, TOTPOP20: f.properties.TOTPOP20, COMMUNITY: i + 1 },
})))).sort((a, b) => String(a.properties.GEOID20).localeCompare(String(b.properties.GEOID20)));
const out = join(import.meta.dirname, 'blocks-city.geojson.gz');
writeFileSync(out, gzipSync(JSON.stringify({ type: 'FeatureCollection', features }), { level: 9 }));
console.log(`${features.length} blocks in ${kept.length} tracts and ${groups.length} communities (${groups.map((g) => g.reduce((s, t) => s + t.blocks.length, 0)).join(', ')} blocks), ` +
  `${features.reduce((s, f) => s + Number(f.properties.TOTPOP20), 0)} people → ${out}`);
const ids = new Set(features.map((f) => String(f.properties.GEOID20)));
const { edges } = JSON.parse(readFileSync(adjacency, 'utf8')) as { edges: [string, string, number][] };
const inside = edges.filter(([a, b]) => ids.has(a) && ids.has(b)).sort((x, y) => x[0].localeCompare(y[0]) || x[1].localeCompare(y[1]));
const file = join(import.meta.dirname, 'adjacency-city.json.gz');
writeFileSync(file, gzipSync(JSON.stringify({ adjacency: 'rook (shared boundary > 0.5 m), measured in EPSG:32613', edges: inside }), { level: 9 }));
console.log(`${inside.length} adjacencies → ${file}`);
