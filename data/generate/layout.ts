/** Town-level layout: towns side by side in columns, each cut into a jittered lattice of street blocks. */
import type { Random } from '../seed/random.ts';
import { splitLines, type Rect } from './frame.ts';

/** Households per town (街道) and per street block that the layout aims at. */
export const TOWN_HOUSEHOLDS = 50_000;
export const BLOCK_HOUSEHOLDS = 950;
/** Nominal block size in metres, before jitter. */
export const BLOCK_WIDTH = 230;
export const BLOCK_HEIGHT = 200;

/** One street block: the area between four roads, with the households it must hold. */
export interface BlockSpec {
  row: number;
  col: number;
  rect: Rect;
  target: number;
}

/** One town: its rectangle, its road lines and its blocks in row-major order. */
export interface TownSpec {
  index: number;
  target: number;
  rect: Rect;
  colLines: number[];
  rowLines: number[];
  blocks: BlockSpec[];
}

/** The whole synthetic region in the metric frame. */
export interface Layout {
  towns: TownSpec[];
  width: number;
  height: number;
}

/** Splits `total` into `parts` integers that differ by at most one and sum to `total`. */
export function splitEvenly(total: number, parts: number): number[] {
  const base = Math.floor(total / parts);
  return Array.from({ length: parts }, (_, i) => base + (i < total % parts ? 1 : 0));
}

/** Integers proportional to `weights` that sum exactly to `total` (cumulative rounding). */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  let acc = 0;
  let prev = 0;
  return weights.map((w) => {
    acc += w;
    const next = Math.round((total * acc) / sum);
    const share = next - prev;
    prev = next;
    return share;
  });
}

function jitter(rng: Random, n: number, lo: number, hi: number): number[] {
  return Array.from({ length: n }, () => lo + rng.next() * (hi - lo));
}

function layoutTown(index: number, target: number, x0: number, x1: number, y0: number, cols: number, rng: Random): TownSpec {
  const blocks = Math.max(1, Math.round(target / BLOCK_HOUSEHOLDS));
  const rows = Math.max(1, Math.ceil(blocks / cols));
  const rowHeights = jitter(rng, rows, 0.75 * BLOCK_HEIGHT, 1.25 * BLOCK_HEIGHT);
  const y1 = y0 + rowHeights.reduce((s, h) => s + h, 0);
  const colLines = splitLines(x0, x1, jitter(rng, cols, 0.75, 1.25));
  const rowLines = splitLines(y0, y1, rowHeights);
  const specs: BlockSpec[] = [];
  for (let row = 0; row < rows; row++) {
    for (let col = 0; col < cols; col++) {
      const rect = { x0: colLines[col]!, x1: colLines[col + 1]!, y0: rowLines[row]!, y1: rowLines[row + 1]! };
      specs.push({ row, col, rect, target: 0 });
    }
  }
  // density varies block to block, so some blocks get mid-rise and others towers
  const weights = specs.map((b) => (b.rect.x1 - b.rect.x0) * (b.rect.y1 - b.rect.y0) * (0.6 + 0.8 * rng.next()));
  apportion(target, weights).forEach((t, i) => (specs[i]!.target = t));
  return { index, target, rect: { x0, x1, y0, y1 }, colLines, rowLines, blocks: specs };
}

/** Lays out ~50k-household towns in a near-square arrangement of columns; deterministic for a given rng. */
export function layoutRegion(households: number, rng: Random): Layout {
  const townCount = Math.max(1, Math.round(households / TOWN_HOUSEHOLDS));
  const targets = splitEvenly(households, townCount);
  const townCols = Math.ceil(Math.sqrt(townCount));
  const perCol = Math.ceil(townCount / townCols);
  const meanBlocks = Math.max(1, Math.round((targets[0] ?? 0) / BLOCK_HOUSEHOLDS));
  // roughly square towns: cols × width ≈ rows × height with cols × rows ≈ blocks
  const blockCols = Math.max(1, Math.round(Math.sqrt((meanBlocks * BLOCK_HEIGHT) / BLOCK_WIDTH)));
  const colWidth = blockCols * BLOCK_WIDTH;
  const towns: TownSpec[] = [];
  let height = 0;
  for (let c = 0; c * perCol < townCount; c++) {
    let y = 0;
    for (let i = c * perCol; i < Math.min(townCount, (c + 1) * perCol); i++) {
      const town = layoutTown(i, targets[i]!, c * colWidth, (c + 1) * colWidth, y, blockCols, rng.fork(`town-${i}`));
      towns.push(town);
      y = town.rect.y1;
    }
    height = Math.max(height, y);
  }
  return { towns, width: Math.ceil(townCount / perCol) * colWidth, height };
}
