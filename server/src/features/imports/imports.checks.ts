/**
 * The database checks of each import kind: they add located problems and return what the
 * writer needs (the community of each building, the jurisdictions to drop).
 */
import type { ImportProblem } from './geojson.domain.ts';
import type { ImportRow, ParsedBuilding, ParsedJurisdiction } from './imports.domain.ts';
import type { createImportsRepo, TargetJurisdiction } from './imports.repo.ts';

type Repo = ReturnType<typeof createImportsRepo>;

/** Buildings: inside a community of the target; ids new (add) or the target's own (replace); ledger buildings kept. */
export async function checkBuildings(repo: Repo, t: TargetJurisdiction, rows: ImportRow<ParsedBuilding>[], replace: boolean, problems: ImportProblem[]) {
  const community = new Map<number, number>();
  const byIndex = new Map(rows.map((r) => [r.index, r]));
  for (const c of await repo.communityOf(t.code)) {
    const row = byIndex.get(c.index);
    if (!row) continue;
    if (c.communityId !== null) community.set(c.index, c.communityId);
    else problems.push({ index: c.index, ...idOf(row), field: 'geometry', code: 'outside_communities', params: { jurisdiction: t.code },
      message: `The building lies outside every community of ${t.code}`, ...(c.location ? { location: c.location } : {}) });
  }
  const ids = rows.flatMap((r) => (r.props.osmId ? [r.props.osmId] : []));
  const stored = await repo.buildingsWithIds(ids, t.code);
  for (const r of rows) {
    const inside = r.props.osmId ? stored.get(r.props.osmId) : undefined;
    if (inside === undefined) continue;
    const id = r.props.osmId!;
    if (!replace) {
      problems.push({ index: r.index, id, field: 'properties.id', code: 'building_exists', params: { id },
        message: `A building with id ${id} is already stored; use mode replace to update it` });
    } else if (!inside) {
      problems.push({ index: r.index, id, field: 'properties.id', code: 'building_elsewhere', params: { id, jurisdiction: t.code },
        message: `Id ${id} belongs to a stored building outside ${t.code}` });
    }
  }
  if (replace) {
    for (const b of await repo.ledgerBuildingsMissing(t.code, ids)) {
      problems.push({ index: null, id: b.id, code: 'ledger_building_missing', params: { id: b.id, households: b.households },
        message: `Stored building ${b.id} has ${b.households} households in the ledger but is not in the file: ` +
        'keep it in the file with the same id, or move its households first', ...(b.location ? { location: b.location } : {}) });
    }
  }
  return community;
}

/** Roads, water and green areas: each must touch the target jurisdiction. */
export async function checkTouches(repo: Repo, t: TargetJurisdiction, rows: ImportRow<unknown>[], noun: 'road' | 'area', problems: ImportProblem[]) {
  if (!t.hasGeom) return;
  const byIndex = new Map(rows.map((r) => [r.index, r]));
  for (const o of await repo.outsideTarget(t.id)) {
    const row = byIndex.get(o.index);
    if (row) {
      problems.push({ index: o.index, ...idOf(row), field: 'geometry', code: 'not_touching', params: { jurisdiction: t.code },
        message: `The ${noun} does not touch ${t.code}`, ...(o.location ? { location: o.location } : {}) });
    }
  }
}

/** Jurisdictions: new codes (add), parents present, and (replace) the unused ones left out of the file, to drop. */
export async function checkJurisdictions(repo: Repo, target: string, rows: ImportRow<ParsedJurisdiction>[], replace: boolean, problems: ImportProblem[]) {
  const codes = rows.map((r) => r.props.code);
  const fileCodes = new Set(codes);
  const dropped = replace ? await repo.jurisdictionsDropped(target, codes) : [];
  const dropping = new Set(dropped.map((d) => d.code));
  const stored = await repo.existingCodes([...codes, ...codes.map(parentCode).filter((c): c is string => c !== null)]);
  for (const r of rows) {
    const { code } = r.props;
    if (!replace && stored.has(code)) {
      problems.push({ index: r.index, id: code, field: 'properties.code', code: 'jurisdiction_exists', params: { code },
        message: `Jurisdiction ${code} is already stored; use mode replace to update it` });
    }
    const parent = parentCode(code);
    if (parent && !fileCodes.has(parent) && !(stored.has(parent) && !dropping.has(parent))) {
      problems.push({ index: r.index, id: code, field: 'properties.code', code: 'parent_missing', params: { code, parent },
        message: `Its parent ${parent} is neither stored nor in the file` });
    }
  }
  for (const d of dropped.filter((x) => x.uses.length)) {
    problems.push({ index: null, id: d.code, code: 'jurisdiction_in_use', params: { code: d.code, name: d.name, uses: d.uses.join(',') },
      message: `Stored jurisdiction ${d.code} ${d.name} is not in the file but still has ${d.uses.map((u) => u.replace('_', ' ')).join(', ')}: ` +
      'keep it in the file, or move those first' });
  }
  return dropped.filter((d) => !d.uses.length).map((d) => d.code);
}

const parentCode = (code: string) => (code.length === 12 ? code.slice(0, 9) : code.length === 9 ? code.slice(0, 6) : null);
const idOf = (r: { id?: string }) => (r.id ? { id: r.id } : {});
