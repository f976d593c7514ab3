/** Assembles the whole synthetic region in memory (everything except households and residents). */
import { createRandom, type Random } from '../seed/random.ts';
import { buildBlock, type BlockContent, type BuildingSpec } from './blocks.ts';
import { inset, type Rect } from './frame.ts';
import { layoutRegion, type BlockSpec, type TownSpec } from './layout.ts';
import { createNamer, gridName } from './names.ts';
import { bandOrder, groupCommunities, guillotine, rangeSum, type CellRange } from './partition.ts';
import { buildRoads, type RoadSpec } from './roads.ts';

/** Grid band (households) the partition aims for, and the size above which a compound is split in two. */
export const GRID_MAX = 500;
export const COMPOUND_MAX = 1_000;

export interface JurisdictionSpec {
  code: string;
  name: string;
  level: 'county' | 'town' | 'community';
  /** Index of the parent in Model.jurisdictions. */
  parent: number | null;
}
export interface GridSpec { code: string; name: string; community: number; rect: Rect; households: number }
export interface CompoundSpec { name: string; community: number; rect: Rect }
export interface BuildingRow extends BuildingSpec { name: string; address: string; community: number; compound: number | null }
export interface LandcoverSpec { class: 'water' | 'green' | 'campus' | 'residential'; name: string | null; rect: Rect }

/** The synthetic region; `parent`, `community` and `compound` fields are indices into these arrays. */
export interface Model {
  region: string;
  jurisdictions: JurisdictionSpec[];
  towns: number[];
  grids: GridSpec[];
  compounds: CompoundSpec[];
  buildings: BuildingRow[];
  roads: (RoadSpec & { name: string })[];
  landcover: LandcoverSpec[];
  width: number;
  height: number;
}

interface Builder {
  model: Model;
  rng: Random;
  place: (suffix: string) => string;
  estate: (suffix: string) => string;
}

const pad3 = (n: number) => String(n).padStart(3, '0');

/** Name of the fictional county for a region code. */
export function countyName(region: string): string {
  return region === '990101' ? '合成区' : `合成区${region}`;
}

function rangeRect(content: BlockContent, r: CellRange): Rect {
  const first = content.plots[r.r0]![r.c0]!.rect;
  const last = content.plots[r.r1 - 1]![r.c1 - 1]!.rect;
  return { x0: first.x0, y0: first.y0, x1: last.x1, y1: last.y1 };
}

function plotsIn(content: BlockContent, r: CellRange) {
  return content.plots.slice(r.r0, r.r1).flatMap((row) => row.slice(r.c0, r.c1));
}

function addCompound(b: Builder, community: number, content: BlockContent, range: CellRange) {
  const homes = plotsIn(content, range).filter((p) => p.use === 'residential');
  if (!homes.length) return null;
  const rect = inset({
    x0: Math.min(...homes.map((p) => p.rect.x0)), y0: Math.min(...homes.map((p) => p.rect.y0)),
    x1: Math.max(...homes.map((p) => p.rect.x1)), y1: Math.max(...homes.map((p) => p.rect.y1)),
  }, 4);
  const name = b.estate(b.rng.pick(['小区', '花园', '苑', '新村', '家园']));
  b.model.compounds.push({ name, community, rect });
  b.model.landcover.push({ class: 'residential', name, rect });
  return b.model.compounds.length - 1;
}

function addPlots(b: Builder, community: number, content: BlockContent, range: CellRange, compound: number | null) {
  const { model } = b;
  const where = `${model.jurisdictions[community]!.name}${compound === null ? '' : model.compounds[compound]!.name}`;
  let seq = 0;
  for (const plot of plotsIn(content, range)) {
    if (plot.use === 'green') model.landcover.push({ class: 'green', name: null, rect: inset(plot.rect, 3) });
    if (plot.pond) model.landcover.push({ class: 'water', name: null, rect: plot.pond });
    if (plot.use === 'school') model.landcover.push({ class: 'campus', name: null, rect: inset(plot.rect, 2) });
    if (!plot.building) continue;
    const home = plot.use === 'residential';
    const name = home ? `${++seq}幢` : { school: '学校', commercial: '商业楼', public: '社区服务中心' }[plot.use as string] ?? '建筑';
    model.buildings.push({ ...plot.building, name, address: `${where}${name}`, community, compound: home ? compound : null });
  }
}

function addBlock(b: Builder, community: number, grids: GridSpec[], block: BlockSpec, content: BlockContent) {
  const rule = { cellWidth: (block.rect.x1 - block.rect.x0) / content.cols, cellHeight: (block.rect.y1 - block.rect.y0) / content.rows };
  const whole = { r0: 0, r1: content.rows, c0: 0, c1: content.cols };
  for (const range of guillotine(content.households, whole, { ...rule, max: COMPOUND_MAX, target: 700 })) {
    const compound = addCompound(b, community, content, range);
    addPlots(b, community, content, range, compound);
    for (const g of guillotine(content.households, range, { ...rule, max: GRID_MAX, target: b.rng.int(280, 420) })) {
      grids.push({ code: '', name: '', community, rect: rangeRect(content, g), households: rangeSum(content.households, g) });
    }
  }
}

/** Grid codes run west→east within rows of ~150 m, rows north→south, as the national scheme asks. */
export function numberGrids(grids: GridSpec[], communityCode: string, communityName: string): GridSpec[] {
  const key = (g: GridSpec) => [Math.floor((g.rect.y0 + g.rect.y1) / 2 / 150), (g.rect.x0 + g.rect.x1) / 2] as const;
  const sorted = [...grids].sort((a, b) => key(a)[0] - key(b)[0] || key(a)[1] - key(b)[1]);
  return sorted.map((g, i) => ({ ...g, code: `${communityCode}${pad3(i + 1)}`, name: gridName(communityName, i + 1) }));
}

function addTown(b: Builder, town: TownSpec, county: number) {
  const { model } = b;
  const code = `${model.region}${pad3(town.index + 1)}`;
  model.jurisdictions.push({ code, name: b.place('街道'), level: 'town', parent: county });
  const townIndex = model.jurisdictions.length - 1;
  model.towns.push(townIndex);
  const cols = town.colLines.length - 1;
  const contents = town.blocks.map((blk) => buildBlock(blk.rect, blk.target, b.rng.fork(`block-${town.index}-${blk.row}-${blk.col}`)));
  const bands = bandOrder(town.rowLines.length - 1, cols).map((band) => band.map(([r, c]) => r * cols + c));
  groupCommunities(bands, (i) => town.blocks[i]!.target, b.rng).forEach((group, k) => {
    const cCode = `${code}${pad3(k + 1)}`;
    model.jurisdictions.push({ code: cCode, name: b.place('社区'), level: 'community', parent: townIndex });
    const community = model.jurisdictions.length - 1;
    const grids: GridSpec[] = [];
    for (const i of group) addBlock(b, community, grids, town.blocks[i]!, contents[i]!);
    model.grids.push(...numberGrids(grids, cCode, model.jurisdictions[community]!.name));
  });
}

/** Builds the region for `households` households; the same seed and size always give the same model. */
export function buildModel(opts: { households: number; seed: number | string; region: string }): Model {
  const rng = createRandom(`synthetic/${opts.seed}/${opts.households}`);
  const layout = layoutRegion(opts.households, rng.fork('layout'));
  const model: Model = {
    region: opts.region, jurisdictions: [{ code: opts.region, name: countyName(opts.region), level: 'county', parent: null }],
    towns: [], grids: [], compounds: [], buildings: [], roads: [], landcover: [], width: layout.width, height: layout.height,
  };
  const b: Builder = { model, rng: rng.fork('content'), place: createNamer(rng.fork('places')), estate: createNamer(rng.fork('estates')) };
  for (const town of layout.towns) addTown(b, town, 0);
  const roadNamer = createNamer(rng.fork('road-names'));
  model.roads = buildRoads(layout, rng.fork('roads')).map((r) => ({ ...r, name: roadNamer(r.class === 'primary' ? '大道' : r.class === 'secondary' ? '路' : '街') }));
  return model;
}
