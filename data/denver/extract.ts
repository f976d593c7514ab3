/**
 * Makes data/denver/blocks-nw.geojson.gz from the full Denver census-block file (run once, by hand):
 *   npx tsx data/denver/extract.ts /path/to/denver-co-census-blocks-2020/blocks.geojson [blocks_adjacency.json]
 * Keeps six contiguous tracts of north-west Denver and only the fields the benchmark reads; with the
 * adjacency file, also writes adjacency-nw.json: the dataset's rook edges between the kept blocks.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** The tracts kept: about 26,500 people (≈ 10,600 households at 2.5 per household) in ~500 blocks. */
export const DENVER_TRACTS = ['000102', '000202', '000301', '000302', '000303', '000401'];

interface Feature {
  type: 'Feature';
  properties: Record<string, unknown>;
  geometry: unknown;
}

const source = process.argv[2];
if (!source) throw new Error('usage: npx tsx data/denver/extract.ts <blocks.geojson> [blocks_adjacency.json]');
const all = JSON.parse(readFileSync(source, 'utf8')) as { features: Feature[] };
const features = all.features
  .filter((f) => DENVER_TRACTS.includes(String(f.properties.TRACTCE20)))
  .map((f) => ({ type: 'Feature', properties: { GEOID20: f.properties.GEOID20, TRACTCE20: f.properties.TRACTCE20, TOTPOP20: f.properties.TOTPOP20 }, geometry: f.geometry }))
  .sort((a, b) => String(a.properties.GEOID20).localeCompare(String(b.properties.GEOID20)));
const out = join(import.meta.dirname, 'blocks-nw.geojson.gz');
writeFileSync(out, gzipSync(JSON.stringify({ type: 'FeatureCollection', features }), { level: 9 }));
console.log(`${features.length} blocks, ${features.reduce((s, f) => s + Number(f.properties.TOTPOP20), 0)} people → ${out}`);

const adjacency = process.argv[3];
if (adjacency) {
  const kept = new Set(features.map((f) => String(f.properties.GEOID20)));
  const { edges } = JSON.parse(readFileSync(adjacency, 'utf8')) as { edges: [string, string, number][] };
  const inside = edges.filter(([a, b]) => kept.has(a) && kept.has(b)).sort((x, y) => x[0].localeCompare(y[0]) || x[1].localeCompare(y[1]));
  const file = join(import.meta.dirname, 'adjacency-nw.json');
  writeFileSync(file, `${JSON.stringify({ adjacency: 'rook (shared boundary > 0.5 m), measured in EPSG:32613', edges: inside })}\n`);
  console.log(`${inside.length} adjacencies → ${file}`);
}
