import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Level } from './jurisdictions.domain.ts';

/** One official division: code, name, level, and the names above it (province, city, county…). */
export interface Division {
  code: string;
  name: string;
  level: Level;
  parentCode: string | null;
  /** 省 市 区 街道, for telling two 城关镇 apart. */
  path: string;
}

export const DIVISIONS_DIR = join(import.meta.dirname, '..', '..', '..', '..', 'data', 'divisions');

/** Parses a small CSV with optional double quotes and no embedded commas (the division files). */
function rows(file: string): string[][] {
  return readFileSync(join(DIVISIONS_DIR, file), 'utf8').trim().split('\n').slice(1)
    .map((line) => line.split(',').map((v) => v.replace(/^"|"$/g, '')));
}

/** The bundled list (loaded once, on first use): counties and street offices of the whole country, communities of Beijing and Shanghai. */
export function loadDivisions(): Division[] {
  const provinces = new Map(rows('provinces.csv').map(([code, name]) => [code!, name!]));
  const cities = new Map(rows('cities.csv').map(([code, name]) => [code!, name!]));
  const counties = rows('areas.csv').map(([code, name, city, province]) => ({
    code: code!, name: name!, level: 'county' as const, parentCode: null,
    // "市辖区" is not a name anyone says: the province (北京市) stands for it
    path: [provinces.get(province!), cities.get(city!) === '市辖区' ? undefined : cities.get(city!)].filter(Boolean).join(' '),
  }));
  const countyName = new Map(counties.map((c) => [c.code, `${c.path} ${c.name}`]));
  const towns = rows('streets.csv').map(([code, name, area]) => ({
    code: code!, name: name!, level: 'town' as const, parentCode: area!, path: countyName.get(area!) ?? '',
  }));
  const townName = new Map(towns.map((t) => [t.code, `${t.path} ${t.name}`]));
  const communities = rows('communities-bj-sh.csv').map(([code, name, , street]) => ({
    code: code!, name: name!, level: 'community' as const, parentCode: street!, path: townName.get(street!) ?? '',
  }));
  return [...counties, ...towns, ...communities];
}

let cache: { list: Division[]; byCode: Map<string, Division> } | undefined;
const divisions = () => {
  if (!cache) {
    const list = loadDivisions();
    cache = { list, byCode: new Map(list.map((d) => [d.code, d])) };
  }
  return cache;
};

/** The official division with this code, if the bundled list has it. */
export function divisionByCode(code: string): Division | undefined {
  return divisions().byCode.get(code);
}

/**
 * Up to `limit` divisions whose code starts with `q` or whose name (or path) contains it, under
 * `parentCode` when given, counties before street offices before communities, then by code.
 */
export function suggestDivisions(q: string, opts: { parentCode?: string; level?: Level; limit?: number } = {}): Division[] {
  const text = q.trim();
  const out: Division[] = [];
  for (const d of divisions().list) {
    if (opts.level && d.level !== opts.level) continue;
    if (opts.parentCode && d.parentCode !== opts.parentCode) continue;
    if (text && !(d.code.startsWith(text) || d.name.includes(text) || d.path.includes(text))) continue;
    out.push(d);
    if (out.length >= (opts.limit ?? 20)) break;
  }
  return out;
}
