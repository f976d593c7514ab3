/** The four sides of 四至, in the order the text names them. */
export const SIDES = ['E', 'S', 'W', 'N'] as const;
export type Side = (typeof SIDES)[number];

/** What lies beyond a stretch of grid boundary when no named road runs along it. */
export type NeighbourKind = 'grid' | 'community' | 'boundary';

/** What PostGIS found along one side of a grid: lengths in metres of boundary near each thing. */
export interface SideEvidence {
  /** Boundary length facing this side (segments weighted by how squarely they face it). */
  length: number;
  /** Named roads within reach of the boundary, with the boundary length they run along. */
  roads: { name: string; length: number }[];
  /** Neighbouring grid (same community), other community, or the community's own edge. */
  neighbours: { kind: NeighbourKind; name: string; length: number }[];
}

/** The chosen neighbour of one side. */
export type BoundaryChoice = { kind: 'road' | NeighbourKind; name: string } | { kind: 'none' };

export type FourBoundaries = Record<Side, BoundaryChoice>;

export interface ChoiceOptions {
  /** A road names the side only if it runs along at least this share of the side's boundary. */
  minRoadShare: number;
  /** …and at least this many metres (a corner touching a crossing road is not a side). */
  minRoadLength: number;
}

export const DEFAULT_CHOICE: ChoiceOptions = { minRoadShare: 0.25, minRoadLength: 20 };

// longest first; equal lengths by name so the text never flips between runs
const longest = <T extends { name: string; length: number }>(xs: readonly T[]): T | undefined =>
  [...xs].sort((a, b) => b.length - a.length || a.name.localeCompare(b.name))[0];

/** The road with the most boundary length on this side, else the neighbour with the most, else none. */
export function chooseBoundary(side: SideEvidence, opts: ChoiceOptions = DEFAULT_CHOICE): BoundaryChoice {
  const road = longest(side.roads);
  if (road && road.length >= opts.minRoadLength && road.length >= opts.minRoadShare * side.length) {
    return { kind: 'road', name: road.name };
  }
  const next = longest(side.neighbours);
  return next ? { kind: next.kind, name: next.name } : { kind: 'none' };
}

const OPPOSITE = [['E', 'W'], ['N', 'S']] as const;

const roadLength = (side: SideEvidence, name: string) => side.roads.find((r) => r.name === name)?.length ?? 0;

/**
 * 四至 of one grid from the evidence of its four sides (a side without evidence is 'none'). A road
 * cannot bound both opposite sides (a thin grid along one street): it keeps the side it runs along
 * longer and the other side is chosen again without it.
 */
export function chooseFourBoundaries(sides: Partial<Record<Side, SideEvidence>>, opts: ChoiceOptions = DEFAULT_CHOICE): FourBoundaries {
  const empty: SideEvidence = { length: 0, roads: [], neighbours: [] };
  const ev = (s: Side) => sides[s] ?? empty;
  const out = Object.fromEntries(SIDES.map((s) => [s, chooseBoundary(ev(s), opts)])) as FourBoundaries;
  for (const [a, b] of OPPOSITE) {
    const ca = out[a];
    if (ca.kind !== 'road' || out[b].kind !== 'road' || ca.name !== (out[b] as { name: string }).name) continue;
    const loser = roadLength(ev(a), ca.name) >= roadLength(ev(b), ca.name) ? b : a;
    const rest = ev(loser);
    out[loser] = chooseBoundary({ ...rest, roads: rest.roads.filter((r) => r.name !== ca.name) }, opts);
  }
  return out;
}

export type TextLocale = 'zh-CN' | 'en';

const ZH_SIDE: Record<Side, string> = { E: '东至', S: '南至', W: '西至', N: '北至' };
const EN_SIDE: Record<Side, string> = { E: 'East to', S: 'south to', W: 'west to', N: 'north to' };

function zhLabel(c: BoundaryChoice): string {
  switch (c.kind) {
    case 'none': return '—';
    case 'boundary': return `${c.name}界`;
    // grid names usually say 网格 already (…第2网格); a bare name gets the word in front
    case 'grid': return c.name.includes('网格') ? c.name : `网格${c.name}`;
    default: return c.name;
  }
}

function enLabel(c: BoundaryChoice): string {
  switch (c.kind) {
    case 'none': return '—';
    case 'boundary': return `the boundary of ${c.name}`;
    case 'grid': return `grid ${c.name}`;
    default: return c.name;
  }
}

/** The 四至 sentence: `东至…，南至…，西至…，北至…` or `East to …, south to …, west to …, north to …`. */
export function formatFourBoundaries(b: FourBoundaries, locale: TextLocale = 'zh-CN'): string {
  if (locale === 'en') return `${SIDES.map((s) => `${EN_SIDE[s]} ${enLabel(b[s])}`).join(', ')}.`;
  return SIDES.map((s) => `${ZH_SIDE[s]}${zhLabel(b[s])}`).join('，');
}
