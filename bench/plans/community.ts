/** A synthetic community for the planning benchmarks: street blocks of low-rise buildings, compounds, roads and a starting plan. */
import { apportion } from '../../data/generate/layout.ts';
import { centredFrame, inset, lineEwkt, rectEwkt, splitLines, type Rect } from '../../data/generate/frame.ts';
import { createNamer } from '../../data/generate/names.ts';
import { createRandom, type Random } from '../../data/seed/random.ts';
import type { CommunityData } from './load.ts';

/** Size of the community and of its starting plan. */
export interface CommunityOptions {
  buildings: number;
  households: number;
  /** Grids of the starting plan: one per street block, the most populous blocks cut in two. */
  grids: number;
  seed: string;
  blockCols: number;
  blockRows: number;
}

/** Issue 4's benchmark community: 2,000 buildings, 10,000 households, a 50-grid starting plan, 6 × 5 street blocks. */
export const COMMUNITY_DEFAULTS: CommunityOptions = { buildings: 2_000, households: 10_000, grids: 50, seed: 'plans-1', blockCols: 6, blockRows: 5 };

export interface CommunityBuilding {
  rect: Rect;
  kind: 'residential' | 'public' | 'commercial';
  floors: number;
  households: number;
  compound: number | null;
  name: string;
}
export interface CommunityRoad { class: 'primary' | 'secondary' | 'residential'; name: string; points: [number, number][] }
export interface CommunityCompound { name: string; rect: Rect }

/** The community in a metric frame (x east, y south), ready to be written. */
export interface CommunityModel {
  width: number;
  height: number;
  buildings: CommunityBuilding[];
  compounds: CommunityCompound[];
  roads: CommunityRoad[];
  grids: Rect[];
}

interface Block {
  rect: Rect;
  rows: number;
  cols: number;
  /** Plot column lines (x), so a block can be cut between plots and never through a building. */
  colLines: number[];
  first: number;
  count: number;
}

const NON_RESIDENTIAL_SHARE = 0.07;

function lattice(n: number, size: [number, number], rng: Random): number[] {
  const weights = Array.from({ length: n }, () => size[0] + rng.next() * (size[1] - size[0]));
  return splitLines(0, weights.reduce((s, w) => s + w, 0), weights);
}

function cut(a: number, b: number, i: number, n: number) {
  return a + ((b - a) * i) / n;
}

// Plots of one block in a near-square matrix; buildings take the first `count` plots row by row.
function blockBuildings(block: Omit<Block, 'colLines'>, rng: Random, out: CommunityBuilding[]): number[] {
  const { rect, rows, cols } = block;
  const colLines = Array.from({ length: cols + 1 }, (_, c) => cut(rect.x0, rect.x1, c, cols));
  for (let k = 0; k < block.count; k++) {
    const r = Math.floor(k / cols);
    const c = r % 2 === 0 ? k % cols : cols - 1 - (k % cols);
    const plot = inset({ x0: colLines[c]!, x1: colLines[c + 1]!, y0: cut(rect.y0, rect.y1, r, rows), y1: cut(rect.y0, rect.y1, r + 1, rows) }, 2);
    const w = (plot.x1 - plot.x0) * (0.55 + 0.3 * rng.next());
    const d = (plot.y1 - plot.y0) * (0.55 + 0.3 * rng.next());
    const x0 = plot.x0 + rng.next() * (plot.x1 - plot.x0 - w);
    const y0 = plot.y0 + rng.next() * (plot.y1 - plot.y0 - d);
    const kind = rng.chance(NON_RESIDENTIAL_SHARE) ? rng.pick(['public', 'commercial'] as const) : 'residential';
    out.push({ rect: { x0, y0, x1: x0 + w, y1: y0 + d }, kind, floors: kind === 'residential' ? rng.int(2, 6) : rng.int(1, 3), households: 0, compound: null, name: '' });
  }
  return colLines;
}

function layBlocks(opts: CommunityOptions, rng: Random, out: CommunityBuilding[]) {
  const xs = lattice(opts.blockCols, [160, 220], rng);
  const ys = lattice(opts.blockRows, [130, 170], rng);
  const rects: Rect[] = [];
  for (let r = 0; r < opts.blockRows; r++) {
    for (let c = 0; c < opts.blockCols; c++) rects.push({ x0: xs[c]!, x1: xs[c + 1]!, y0: ys[r]!, y1: ys[r + 1]! });
  }
  const counts = apportion(opts.buildings, rects.map((b) => (b.x1 - b.x0) * (b.y1 - b.y0)));
  const blocks: Block[] = [];
  rects.forEach((rect, i) => {
    const count = counts[i]!;
    const cols = Math.max(1, Math.ceil(Math.sqrt((count * (rect.x1 - rect.x0)) / (rect.y1 - rect.y0))));
    const rows = Math.max(1, Math.ceil(count / cols));
    const partial = { rect, rows, cols, first: out.length, count };
    blocks.push({ ...partial, colLines: blockBuildings(partial, rng, out) });
  });
  return { blocks, width: xs.at(-1)!, height: ys.at(-1)!, xs, ys };
}

// Every residential building gets at least one household; the rest follow floor area × a per-block density,
// so some blocks hold more than a grid's band and others far less.
function assignHouseholds(buildings: CommunityBuilding[], blocks: readonly Block[], households: number, rng: Random) {
  const homes = buildings.filter((b) => b.kind === 'residential');
  if (households < homes.length) throw new RangeError(`households (${households}) must be at least the residential buildings (${homes.length})`);
  const density = new Map<CommunityBuilding, number>();
  for (const blk of blocks) {
    const d = 0.35 + 1.5 * rng.next();
    for (const b of buildings.slice(blk.first, blk.first + blk.count)) density.set(b, d);
  }
  const weight = (b: CommunityBuilding) => (b.rect.x1 - b.rect.x0) * (b.rect.y1 - b.rect.y0) * b.floors * density.get(b)!;
  apportion(households - homes.length, homes.map(weight)).forEach((extra, i) => (homes[i]!.households = 1 + extra));
}

// About half the blocks are gated compounds, split in two at a plot column when the block is wide.
function addCompounds(model: CommunityModel, blocks: readonly Block[], rng: Random) {
  const named = createNamer(rng.fork('compounds'));
  for (const blk of blocks) {
    if (!rng.chance(0.5)) continue;
    const mid = blk.cols >= 6 ? Math.floor(blk.cols / 2) : blk.cols;
    const parts = mid < blk.cols ? [[0, mid], [mid, blk.cols]] : [[0, blk.cols]];
    for (const [c0, c1] of parts) {
      const rect = inset({ x0: blk.colLines[c0!]!, x1: blk.colLines[c1!]!, y0: blk.rect.y0, y1: blk.rect.y1 }, 1);
      model.compounds.push({ name: named(rng.pick(['小区', '花园', '苑', '新村'])), rect });
      const index = model.compounds.length - 1;
      for (const b of model.buildings.slice(blk.first, blk.first + blk.count)) {
        const cx = (b.rect.x0 + b.rect.x1) / 2;
        if (b.kind === 'residential' && cx >= rect.x0 && cx <= rect.x1) b.compound = index;
      }
    }
  }
}

function addRoads(model: CommunityModel, xs: readonly number[], ys: readonly number[], rng: Random) {
  const named = createNamer(rng.fork('roads'));
  const cls = (i: number, n: number): CommunityRoad['class'] => (i === 0 || i === n ? 'primary' : i === Math.floor(n / 2) ? 'secondary' : 'residential');
  const suffix = { primary: '大道', secondary: '路', residential: '街' } as const;
  xs.forEach((x, i) => {
    const c = cls(i, xs.length - 1);
    model.roads.push({ class: c, name: named(suffix[c]), points: [[x, 0], [x, model.height]] });
  });
  ys.forEach((y, j) => {
    const c = cls(j, ys.length - 1);
    model.roads.push({ class: c, name: named(suffix[c]), points: [[0, y], [model.width, y]] });
  });
}

// One grid per block; the most populous blocks are cut in two between plot columns.
function startingGrids(model: CommunityModel, blocks: readonly Block[], grids: number): Rect[] {
  if (grids < blocks.length || grids > 2 * blocks.length) throw new RangeError(`grids must be between ${blocks.length} and ${2 * blocks.length}, got ${grids}`);
  const sum = (blk: Block) => model.buildings.slice(blk.first, blk.first + blk.count).reduce((s, b) => s + b.households, 0);
  const split = new Set([...blocks].sort((a, b) => sum(b) - sum(a)).slice(0, grids - blocks.length));
  return blocks.flatMap((blk) => {
    if (!split.has(blk) || blk.cols < 2) return [blk.rect];
    const x = blk.colLines[Math.floor(blk.cols / 2)]!;
    return [{ ...blk.rect, x1: x }, { ...blk.rect, x0: x }];
  });
}

/** Builds the community; the same options always give the same model. */
export function buildCommunity(opts: CommunityOptions = COMMUNITY_DEFAULTS): CommunityModel {
  const rng = createRandom(`bench-community/${opts.seed}`);
  const buildings: CommunityBuilding[] = [];
  const { blocks, width, height, xs, ys } = layBlocks(opts, rng.fork('blocks'), buildings);
  const model: CommunityModel = { width, height, buildings, compounds: [], roads: [], grids: [] };
  assignHouseholds(buildings, blocks, opts.households, rng.fork('households'));
  addCompounds(model, blocks, rng.fork('compound-split'));
  addRoads(model, xs, ys, rng);
  model.grids = startingGrids(model, blocks, opts.grids);
  buildings.forEach((b, i) => (b.name = `${i + 1}号楼`));
  return model;
}

/** Region code, names and place of the synthetic benchmark community (east of the 200k-household town). */
export const COMMUNITY_PLACE = { region: '990201', center: [120.16, 30.3] as [number, number], asOf: '2025-01-01' };

/** The model as rows for `loadCommunity`. */
export function communityData(model: CommunityModel, opts: CommunityOptions = COMMUNITY_DEFAULTS, place = COMMUNITY_PLACE): CommunityData {
  const frame = centredFrame(place.center[0], place.center[1], model.width, model.height);
  const rect = (r: Rect) => rectEwkt(frame, r);
  return {
    region: place.region,
    names: { county: '基准区', town: '基准街道', community: '基准社区' },
    asOf: place.asOf,
    buildings: model.buildings.map((b) => ({ ewkt: rect(b.rect), households: b.households, kind: b.kind, floors: b.floors, name: b.name, compound: b.compound })),
    compounds: model.compounds.map((c) => ({ ewkt: rect(c.rect), name: c.name })),
    roads: model.roads.map((r) => ({ ewkt: lineEwkt(frame, r.points), class: r.class, name: r.name })),
    grids: model.grids.map(rect),
    details: { ...opts, kind: 'synthetic community' },
  };
}
