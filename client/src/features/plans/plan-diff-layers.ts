import type { GeoJSONSourceSpecification, LayerSpecification } from 'maplibre-gl';
import type { Bbox, PlanDiff } from '../../api/types.ts';
import { padBbox } from '../../map/bbox.ts';

// Type-only maplibre import: the builders return plain style JSON that the studio map adds.

/** Colours of the diff map: added green, removed red (dashed), changed amber, moved buildings violet. */
export const DIFF_COLORS = { added: '#2E8B57', removed: '#C0392B', changed: '#E0A100', moved: '#7B3FBF' } as const;

export const PLAN_DIFF_SOURCES = { grids: 'plan-diff-grids', before: 'plan-diff-before', buildings: 'plan-diff-buildings' } as const;

export const PLAN_DIFF_LAYERS = {
  addedFill: 'plan-diff-added-fill',
  addedLine: 'plan-diff-added-line',
  changedFill: 'plan-diff-changed-fill',
  changedLine: 'plan-diff-changed-line',
  changedBefore: 'plan-diff-changed-before',
  removedLine: 'plan-diff-removed-line',
  moved: 'plan-diff-moved',
} as const;

type Change = 'added' | 'removed' | 'changed';
type Feature = GeoJSON.Feature<GeoJSON.Geometry, Record<string, string | number | null>>;
type GridChange = PlanDiff['grids']['added'][number];

const collection = (features: Feature[]): GeoJSON.FeatureCollection<GeoJSON.Geometry, Record<string, string | number | null>> => ({ type: 'FeatureCollection', features });

const gridFeature = (g: GridChange, change: Change, geometry: unknown): Feature => ({
  type: 'Feature',
  geometry: geometry as GeoJSON.Geometry,
  properties: { code: g.code, name: g.name, change, households: g.after?.households ?? g.before?.households ?? 0, deltaHouseholds: g.delta.households },
});

/** The diff as three GeoJSON FeatureCollections: grids by change, changed grids as they were, moved buildings. */
export function planDiffData(diff: PlanDiff) {
  const grids = [
    ...diff.grids.removed.map((g) => gridFeature(g, 'removed', g.geometry)),
    ...diff.grids.changed.map((g) => gridFeature(g, 'changed', g.geometry)),
    ...diff.grids.added.map((g) => gridFeature(g, 'added', g.geometry)),
  ];
  const before = diff.grids.changed.filter((g) => g.beforeGeometry).map((g) => gridFeature(g, 'changed', g.beforeGeometry));
  const buildings: Feature[] = diff.buildings.map((m) => ({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [m.anchor[0], m.anchor[1]] },
    properties: { id: m.id, name: m.name, households: m.households, from: m.from, to: m.to },
  }));
  return { grids: collection(grids), before: collection(before), buildings: collection(buildings) };
}

/** GeoJSON sources for map.addSource, keyed by PLAN_DIFF_SOURCES ids. */
export function planDiffSources(diff: PlanDiff): Record<string, GeoJSONSourceSpecification> {
  const data = planDiffData(diff);
  return {
    [PLAN_DIFF_SOURCES.grids]: { type: 'geojson', data: data.grids },
    [PLAN_DIFF_SOURCES.before]: { type: 'geojson', data: data.before },
    [PLAN_DIFF_SOURCES.buildings]: { type: 'geojson', data: data.buildings },
  };
}

const is = (change: Change) => ['==', ['get', 'change'], change] as ['==', ['get', string], string];

/** Layer specs over those sources, bottom to top: fills, the changed grids' old outlines, new outlines, moved buildings. */
export function planDiffLayers(): LayerSpecification[] {
  const grids = PLAN_DIFF_SOURCES.grids;
  return [
    { id: PLAN_DIFF_LAYERS.addedFill, type: 'fill', source: grids, filter: is('added'), paint: { 'fill-color': DIFF_COLORS.added, 'fill-opacity': 0.28 } },
    { id: PLAN_DIFF_LAYERS.changedFill, type: 'fill', source: grids, filter: is('changed'), paint: { 'fill-color': DIFF_COLORS.changed, 'fill-opacity': 0.24 } },
    {
      id: PLAN_DIFF_LAYERS.changedBefore, type: 'line', source: PLAN_DIFF_SOURCES.before,
      paint: { 'line-color': DIFF_COLORS.changed, 'line-width': 1.2, 'line-dasharray': [1, 1.5], 'line-opacity': 0.9 },
    },
    { id: PLAN_DIFF_LAYERS.addedLine, type: 'line', source: grids, filter: is('added'), paint: { 'line-color': DIFF_COLORS.added, 'line-width': 2.2 } },
    { id: PLAN_DIFF_LAYERS.changedLine, type: 'line', source: grids, filter: is('changed'), paint: { 'line-color': DIFF_COLORS.changed, 'line-width': 2.2 } },
    {
      id: PLAN_DIFF_LAYERS.removedLine, type: 'line', source: grids, filter: is('removed'),
      layout: { 'line-join': 'round' },
      paint: { 'line-color': DIFF_COLORS.removed, 'line-width': 2.2, 'line-dasharray': [2, 2] },
    },
    {
      id: PLAN_DIFF_LAYERS.moved, type: 'circle', source: PLAN_DIFF_SOURCES.buildings,
      paint: {
        'circle-color': DIFF_COLORS.moved, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1.5,
        'circle-radius': ['interpolate', ['linear'], ['sqrt', ['max', ['get', 'households'], 1]], 1, 4, 30, 12],
      },
    },
  ];
}

/** What the panel asks the map to zoom to: a grid's box, or a small box around a moved building. */
export function buildingFocusBbox(anchor: readonly [number, number] | readonly number[]): Bbox {
  const [lon = 0, lat = 0] = anchor;
  return padBbox([lon, lat, lon, lat], 0, 0.0015);
}
