import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { proposeAlternatives } from './alternatives.domain.ts';
import { buildGraph, components, households, type Graph } from './graph.domain.ts';

// The engine on a real adjacency graph: Arkansas's 2,294 census block groups (2020 population as the
// weight; data/arkansas), into its 4 congressional districts and into 100 house-sized districts.
// Every district must be one connected piece of the census graph and within the band.

const FILE = join(import.meta.dirname, '../../../../data/arkansas/blockgroups-graph.json.gz');

function arkansas(): Graph {
  const { nodes, edges } = JSON.parse(gunzipSync(readFileSync(FILE)).toString('utf8')) as { nodes: [string, number, number, number][]; edges: [number, number][] };
  const units = nodes.map(([, pop], i) => ({ id: i + 1, households: pop, workload: pop, buildings: 1 }));
  // no border lengths in the graph: every adjacency counts alike, and none is along a street
  return buildGraph(units, edges.map(([a, b]) => ({ a: a + 1, b: b + 1, length: 1, sameBlock: true, sameCompound: false })));
}

function check(g: Graph, parts: number[][], band: { min: number; max: number }) {
  expect(parts.flat().sort((a, b) => a - b)).toEqual(g.units.map((_, i) => i)); // every unit exactly once
  for (const p of parts) {
    expect(components(g, p)).toHaveLength(1);
    const pop = households(g, p);
    expect(pop).toBeGreaterThanOrEqual(band.min);
    expect(pop).toBeLessThanOrEqual(band.max);
  }
}

describe('the partition engine on Arkansas block groups', () => {
  const g = arkansas();
  const total = households(g, g.units.map((_, i) => i));

  it('reads the real graph: 2,294 units, 6,357 adjacencies, one piece, 3,011,524 people', () => {
    expect(g.units).toHaveLength(2294);
    expect(g.edges).toHaveLength(6357);
    expect(components(g, g.units.map((_, i) => i))).toHaveLength(1);
    expect(total).toBe(3_011_524);
  });

  it('gives 4 congressional districts within 2 % of the mean, each one connected piece', () => {
    const mean = total / 4;
    const band = { min: Math.floor(mean * 0.98), max: Math.ceil(mean * 1.02) };
    const alts = proposeAlternatives(g, band, 2, 1, 4);
    expect(alts.length).toBeGreaterThanOrEqual(1);
    for (const a of alts) check(g, a.parts, band);
  });

  it('gives 100 house-sized districts within 10 % of the mean, each one connected piece', () => {
    const mean = total / 100;
    const band = { min: Math.floor(mean * 0.9), max: Math.ceil(mean * 1.1) };
    const [a] = proposeAlternatives(g, band, 1, 1, 100);
    check(g, a!.parts, band);
  });
});
