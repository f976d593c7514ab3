// A small street office far from the demo, as a city's own files would describe it: two
// communities of 潍坊新村街道 (浦东新区) side by side, 6 × 5 buildings of 20 households in each,
// a road between them and a street across each. Used by the API and browser tests of onboarding.

export const X0 = 121.52;
export const Y0 = 31.22;
/** A community's side in degrees (~570 m × 670 m). */
export const S = 0.006;

type Feature = { type: 'Feature'; geometry: { type: string; coordinates: unknown }; properties: Record<string, unknown> };
const box = (x: number, y: number, w: number, h: number) => ({ type: 'Polygon', coordinates: [[[x, y], [x + w, y], [x + w, y + h], [x, y + h], [x, y]]] });
const feature = (geometry: Feature['geometry'], properties: Record<string, unknown>): Feature => ({ type: 'Feature', geometry, properties });
const collection = (features: Feature[]) => ({ type: 'FeatureCollection' as const, features });

/** The base-data files of the new street office, by import kind. */
export const NEW_CITY_FILES = {
  jurisdictions: collection([0, 1].map((i) => feature(box(X0 + i * S, Y0, S, S), { code: `31011500400${i + 1}`, name: `潍坊${i + 1}村` }))),
  buildings: collection([0, 1].flatMap((c) => Array.from({ length: 30 }, (_, k) => feature(
    box(X0 + c * S + 0.0006 + (k % 6) * 0.0008, Y0 + 0.0006 + Math.floor(k / 6) * 0.001, 0.0004, 0.0003),
    { id: `b-${c}-${k}`, households: 20, floors: 6, kind: 'residential' })))),
  roads: collection([
    feature({ type: 'LineString', coordinates: [[X0 + S, Y0 - 0.001], [X0 + S, Y0 + S + 0.001]] }, { name: '潍坊路', class: 'primary' }),
    ...[0, 1].map((c) => feature({ type: 'LineString', coordinates: [[X0 + c * S, Y0 + 0.0031], [X0 + (c + 1) * S, Y0 + 0.0031]] }, { name: `${c + 1}号街`, class: 'residential' })),
  ]),
};
