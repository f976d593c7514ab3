import { describe, expect, it } from 'vitest';
import { MAX_FEATURES_PER_FILE, MAX_VERTICES_PER_GEOMETRY } from '../imports/geojson.domain.ts';
import { JINGSHU, planFileApi } from './plan-exchange.fixtures.ts';

// Plan files obey the caps of every import: vertices per geometry (400, the feature named) and
// features per file (413); a refused file leaves the draft as it was.
const { request, draft, sql } = planFileApi();
const version = async (id: number) => Number((await sql()`select version from grid_plan where id = ${id}`)[0]!.version);

describe('POST /api/plans/:id/import limits', () => {
  it('names a grid with more vertices than the cap and changes nothing', async () => {
    const plan = await draft();
    const [c] = await sql()`select ST_X(p) x, ST_Y(p) y from (select ST_PointOnSurface(geom) p from jurisdiction where code = ${JINGSHU}) s`;
    const n = MAX_VERTICES_PER_GEOMETRY + 1;
    const ring = Array.from({ length: n - 1 }, (_, i) => [c!.x + 0.0005 * Math.cos((2 * Math.PI * i) / (n - 1)), c!.y + 0.0005 * Math.sin((2 * Math.PI * i) / (n - 1))]);
    const file = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: '圆' }, geometry: { type: 'Polygon', coordinates: [[...ring, ring[0]]] } }] };
    const res = await request('POST', `/api/plans/${plan.id}/import?format=geojson&version=${plan.version}`, JSON.stringify(file));
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { code: string; details: { problems: { index: number; field: string; message: string }[] } } };
    expect(error.code).toBe('import_invalid');
    expect(error.details.problems).toEqual([expect.objectContaining({
      index: 0, field: 'geometry.coordinates', message: expect.stringMatching(/^The geometry has 20,001 vertices; at most 20,000/),
    })]);
    expect(await version(plan.id)).toBe(plan.version);
  });

  it('refuses a file with more features than one import takes with 413', async () => {
    const plan = await draft();
    const feature = JSON.stringify({ type: 'Feature', properties: {}, geometry: null });
    const body = `{"type":"FeatureCollection","features":[${Array(MAX_FEATURES_PER_FILE + 1).fill(feature).join(',')}]}`;
    const res = await request('POST', `/api/plans/${plan.id}/import?format=geojson&version=${plan.version}`, body);
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { code: 'too_many_features', message: expect.stringMatching(/200,001 features/) } });
    expect(await version(plan.id)).toBe(plan.version);
  });
});
