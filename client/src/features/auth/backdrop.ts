// A stylised district drawn behind the sign-in card: streets, blocks and a few highlighted
// grids. Generated (not a real map) so the sign-in page needs no data and reveals nothing.

export interface BackdropBlock {
  /** SVG polygon points. */
  points: string;
  /** 0 plain block, 1 residential, 2 grid highlight, 3 accent grid. */
  tone: 0 | 1 | 2 | 3;
}

export interface BackdropRoad {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  major: boolean;
}

export interface Backdrop {
  width: number;
  height: number;
  blocks: BackdropBlock[];
  roads: BackdropRoad[];
}

/** Small deterministic PRNG (mulberry32), so the picture is the same on every visit. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Street positions along one axis: irregular spacing like a real street network. */
function streets(length: number, rnd: () => number): number[] {
  const at = [0];
  while (at[at.length - 1]! < length) at.push(at[at.length - 1]! + 90 + rnd() * 110);
  return at;
}

const pt = (x: number, y: number) => `${x.toFixed(1)},${y.toFixed(1)}`;

/** Splits one street block into 1–3 unit grids, as a planner would, with a small gap between. */
function splitBlock(x0: number, y0: number, x1: number, y1: number, rnd: () => number): [number, number, number, number][] {
  const parts = rnd() < 0.35 ? 1 : rnd() < 0.7 ? 2 : 3;
  const vertical = x1 - x0 > y1 - y0;
  const out: [number, number, number, number][] = [];
  for (let i = 0; i < parts; i++) {
    const a = i / parts;
    const b = (i + 1) / parts;
    const gap = i < parts - 1 ? 3 : 0;
    if (vertical) out.push([x0 + (x1 - x0) * a, y0, x0 + (x1 - x0) * b - gap, y1]);
    else out.push([x0, y0 + (y1 - y0) * a, x1, y0 + (y1 - y0) * b - gap]);
  }
  return out;
}

/** Builds the backdrop for a width × height canvas from a seed. */
export function buildBackdrop(width: number, height: number, seed = 20260101): Backdrop {
  const rnd = random(seed);
  const xs = streets(width, rnd);
  const ys = streets(height, rnd);
  const blocks: BackdropBlock[] = [];
  const roads: BackdropRoad[] = [];
  // streets lean a little, like an old city's grid; every line shares the same lean
  const lean = 0.06;
  xs.forEach((x, i) => roads.push({ x1: x, y1: 0, x2: x + height * lean, y2: height, major: i % 3 === 1 }));
  ys.forEach((y, i) => roads.push({ x1: 0, y1: y, x2: width, y2: y - width * lean * 0.4, major: i % 3 === 2 }));
  for (let i = 0; i + 1 < xs.length; i++) {
    for (let j = 0; j + 1 < ys.length; j++) {
      const inset = 7;
      for (const [a, b, c, d] of splitBlock(xs[i]! + inset, ys[j]! + inset, xs[i + 1]! - inset, ys[j + 1]! - inset, rnd)) {
        // shear each corner by the same lean as the streets so blocks sit between them
        const shear = (x: number, y: number) => pt(x + y * lean, y - x * lean * 0.4);
        const roll = rnd();
        const tone: BackdropBlock['tone'] = roll < 0.07 ? 3 : roll < 0.22 ? 2 : roll < 0.62 ? 1 : 0;
        blocks.push({ points: [shear(a, b), shear(c, b), shear(c, d), shear(a, d)].join(' '), tone });
      }
    }
  }
  return { width, height, blocks, roads };
}
