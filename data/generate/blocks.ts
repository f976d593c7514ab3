/** Street-block contents: a matrix of plots holding residential and other buildings, parks and ponds. */
import type { Random } from '../seed/random.ts';
import { cutLine, inset, type Rect } from './frame.ts';

/** Floor area per household used to estimate households from footprint × floors. */
export const M2_PER_HOUSEHOLD = 90;

/** A housing type: plot size, footprint and floors of its buildings. */
export interface HousingClass {
  name: 'multi' | 'mid' | 'high';
  plot: [number, number];
  width: [number, number];
  depth: [number, number];
  floors: [number, number];
}

// 多层 / 小高层 / 高层; plot depth leaves the sunlight spacing Chinese codes require
export const HOUSING: readonly HousingClass[] = [
  { name: 'multi', plot: [70, 34], width: [48, 66], depth: [11, 13], floors: [6, 7] },
  { name: 'mid', plot: [60, 46], width: [36, 50], depth: [14, 16], floors: [11, 18] },
  { name: 'high', plot: [52, 60], width: [26, 36], depth: [18, 22], floors: [24, 30] },
];

export type PlotUse = 'residential' | 'school' | 'commercial' | 'public' | 'green' | 'parking';

/** A building to be written: rectangle footprint in metres and its counts. */
export interface BuildingSpec {
  rect: Rect;
  kind: 'residential' | 'public' | 'commercial';
  floors: number;
  entrances: number;
  households: number;
}

/** One plot of a block's matrix. */
export interface Plot {
  rect: Rect;
  use: PlotUse;
  building?: BuildingSpec;
  pond?: Rect;
}

/** A block cut into rows × cols plots, row-major. */
export interface BlockContent {
  housing: HousingClass['name'];
  rows: number;
  cols: number;
  plots: Plot[][];
  households: number[][];
}

const between = (rng: Random, [lo, hi]: readonly [number, number]) => lo + rng.next() * (hi - lo);

function meanHouseholds(c: HousingClass): number {
  const mid = (r: [number, number]) => (r[0] + r[1]) / 2;
  return (mid(c.width) * mid(c.depth) * mid(c.floors)) / M2_PER_HOUSEHOLD;
}

function plotCounts(rect: Rect, c: HousingClass): [number, number] {
  return [Math.max(1, Math.floor((rect.y1 - rect.y0) / c.plot[1])), Math.max(1, Math.floor((rect.x1 - rect.x0) / c.plot[0]))];
}

/** The least dense housing type that can hold `target` households in the block (sometimes one denser, for variety). */
export function chooseHousing(rect: Rect, target: number, rng: Random): HousingClass {
  const fits = HOUSING.findIndex((c) => {
    const [rows, cols] = plotCounts(rect, c);
    return rows * cols * meanHouseholds(c) * 0.85 >= target;
  });
  const index = fits < 0 ? HOUSING.length - 1 : Math.min(HOUSING.length - 1, fits + (rng.chance(0.25) ? 1 : 0));
  return HOUSING[index]!;
}

/** A footprint of `w` × `d` metres placed in the plot with a little jitter, kept clear of the plot edges. */
function place(plot: Rect, w: number, d: number, rng: Random): Rect {
  const room = inset(plot, 5);
  const bw = Math.min(w, room.x1 - room.x0);
  const bd = Math.min(d, room.y1 - room.y0);
  const x0 = room.x0 + rng.next() * (room.x1 - room.x0 - bw);
  const y0 = room.y0 + rng.next() * (room.y1 - room.y0 - bd);
  return { x0, y0, x1: x0 + bw, y1: y0 + bd };
}

function residential(plot: Rect, c: HousingClass, remaining: number, rng: Random): BuildingSpec {
  const rect = place(plot, between(rng, c.width), between(rng, c.depth), rng);
  const floors = rng.int(c.floors[0], c.floors[1]);
  const area = (rect.x1 - rect.x0) * (rect.y1 - rect.y0);
  const households = Math.min(remaining, Math.max(1, Math.floor((area * floors) / M2_PER_HOUSEHOLD)));
  return { rect, kind: 'residential', floors, households, entrances: Math.max(1, Math.round((rect.x1 - rect.x0) / 16)) };
}

function other(plot: Rect, use: PlotUse, rng: Random): Pick<Plot, 'building' | 'pond'> {
  const make = (kind: BuildingSpec['kind'], w: number, d: number, floors: number) => ({
    building: { rect: place(plot, w, d, rng), kind, floors, entrances: 1, households: 0 },
  });
  if (use === 'school') return make('public', 60, 18, rng.int(3, 5));
  if (use === 'commercial') return make('commercial', rng.int(30, 50), rng.int(18, 30), rng.int(2, 12));
  if (use === 'public') return make('public', rng.int(20, 30), rng.int(14, 20), rng.int(2, 4));
  if (use === 'green' && rng.chance(0.3)) return { pond: inset(plot, 12) };
  return {};
}

/** Serpentine order of a rows × cols matrix, so the built-up part of a block is one contiguous patch. */
export function serpentine(rows: number, cols: number, reverse: boolean): [number, number][] {
  const order: [number, number][] = [];
  for (let r = 0; r < rows; r++) for (let k = 0; k < cols; k++) order.push([r, r % 2 === 0 ? k : cols - 1 - k]);
  return reverse ? order.reverse() : order;
}

/** Fills a block with buildings holding exactly `target` households; the rest of its plots get other uses. */
export function buildBlock(rect: Rect, target: number, rng: Random): BlockContent {
  const housing = chooseHousing(rect, target, rng);
  const [rows, cols] = plotCounts(rect, housing);
  const plots: Plot[][] = [];
  for (let r = 0; r < rows; r++) {
    plots.push([]);
    for (let c = 0; c < cols; c++) {
      const cell = { x0: cutLine(rect.x0, rect.x1, c, cols), x1: cutLine(rect.x0, rect.x1, c + 1, cols), y0: cutLine(rect.y0, rect.y1, r, rows), y1: cutLine(rect.y0, rect.y1, r + 1, rows) };
      plots[r]!.push({ rect: cell, use: 'parking' });
    }
  }
  let remaining = target;
  for (const [r, c] of serpentine(rows, cols, rng.chance(0.3))) {
    const plot = plots[r]![c]!;
    if (remaining > 0) {
      plot.use = 'residential';
      plot.building = residential(plot.rect, housing, remaining, rng);
      remaining -= plot.building.households;
    } else {
      plot.use = rng.weighted({ green: 35, school: 12, commercial: 25, public: 10, parking: 18 });
      Object.assign(plot, other(plot.rect, plot.use, rng));
    }
  }
  if (remaining > 0) spreadRemainder(plots.flat(), remaining);
  return { housing: housing.name, rows, cols, plots, households: plots.map((row) => row.map((p) => p.building?.households ?? 0)) };
}

// Only when the densest type still cannot hold the target: extra flats go to every building in turn.
function spreadRemainder(plots: Plot[], remaining: number) {
  const homes = plots.filter((p) => p.use === 'residential');
  homes.forEach((p, i) => {
    p.building!.households += Math.floor(remaining / homes.length) + (i < remaining % homes.length ? 1 : 0);
  });
}
