/** The street network: arterials on town edges, secondary and residential roads on block edges. */
import type { Random } from '../seed/random.ts';
import type { Layout, TownSpec } from './layout.ts';

/** One road polyline in metres, with an OSM-style class. */
export interface RoadSpec {
  class: 'primary' | 'secondary' | 'residential';
  points: [number, number][];
}

/** Class of the i-th internal lattice line of a town: every third one is a secondary road. */
export function lineClass(i: number): RoadSpec['class'] {
  return i % 3 === 0 ? 'secondary' : 'residential';
}

// Residential roads lose the odd segment (a cul-de-sac, a gated compound) so the lattice
// does not look machine-made; the blocks on both sides stay separate.
function brokenLine(stops: readonly number[], at: (t: number) => [number, number], keep: () => boolean): [number, number][][] {
  const runs: [number, number][][] = [];
  let run: [number, number][] = [];
  for (let k = 0; k + 1 < stops.length; k++) {
    if (keep()) {
      if (!run.length) run.push(at(stops[k]!));
      run.push(at(stops[k + 1]!));
    } else if (run.length) {
      runs.push(run);
      run = [];
    }
  }
  if (run.length) runs.push(run);
  return runs;
}

function townRoads(town: TownSpec, rng: Random): RoadSpec[] {
  const roads: RoadSpec[] = [];
  const { colLines, rowLines } = town;
  const add = (cls: RoadSpec['class'], stops: number[], at: (t: number) => [number, number]) => {
    const keep = () => cls !== 'residential' || rng.chance(0.88);
    for (const points of brokenLine(stops, at, keep)) roads.push({ class: cls, points });
  };
  for (let i = 1; i < colLines.length - 1; i++) add(lineClass(i), rowLines, (y) => [colLines[i]!, y]);
  for (let j = 1; j < rowLines.length - 1; j++) add(lineClass(j), colLines, (x) => [x, rowLines[j]!]);
  return roads;
}

function arterials(layout: Layout): RoadSpec[] {
  const roads: RoadSpec[] = [];
  const xs = [...new Set(layout.towns.flatMap((t) => [t.rect.x0, t.rect.x1]))].sort((a, b) => a - b);
  for (const x of xs) {
    // a boundary between two columns runs as far south as the longer of them
    const bottom = Math.max(...layout.towns.filter((t) => t.rect.x0 === x || t.rect.x1 === x).map((t) => t.rect.y1));
    roads.push({ class: 'primary', points: [[x, 0], [x, bottom]] });
  }
  for (const t of layout.towns) {
    roads.push({ class: 'primary', points: [[t.rect.x0, t.rect.y0], [t.rect.x1, t.rect.y0]] });
    const below = layout.towns.some((o) => o.rect.x0 === t.rect.x0 && o.rect.y0 === t.rect.y1);
    if (!below) roads.push({ class: 'primary', points: [[t.rect.x0, t.rect.y1], [t.rect.x1, t.rect.y1]] });
  }
  return roads;
}

/** Every road of the region, deterministic for a given rng. */
export function buildRoads(layout: Layout, rng: Random): RoadSpec[] {
  return [...arterials(layout), ...layout.towns.flatMap((t) => townRoads(t, rng.fork(`roads-${t.index}`)))];
}
