import maplibregl, { type GeoJSONSource, type MapMouseEvent } from 'maplibre-gl';
import {
  TerraDraw, TerraDrawFreehandMode, TerraDrawLineStringMode, TerraDrawPolygonMode, TerraDrawRectangleMode, TerraDrawRenderMode, TerraDrawSelectMode,
  type GeoJSONStoreFeatures,
} from 'terra-draw';
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter';
import { markRaw, onBeforeUnmount, shallowRef, type Ref } from 'vue';
import type { Bbox, MapConfig } from '../../api/types.ts';
import { isValidBbox, toLngLatBounds } from '../../map/bbox.ts';
import { buildStyle } from '../../map/style.ts';
import { addMapChrome, CJK_FONTS } from '../../map/useMap.ts';
import type { PlanDiff } from '../../api/types.ts';
import { planDiffLayers, planDiffSources, PLAN_DIFF_LAYERS, PLAN_DIFF_SOURCES } from './plan-diff-layers.ts';
import { HIDDEN_BY_PROPOSAL, PLAN_LAYERS, PLAN_SOURCES, planGridLayers, problemLayers, proposalLayers, selectedFilter, studioStyle } from './plan-layers.ts';
import { ringsOf, snapPoint } from './plans.ts';

/** The studio's tools; each decides what a click or a drawn shape means. */
export type Tool = 'select' | 'draw' | 'split' | 'edit' | 'building' | 'rectangle' | 'lasso' | 'push';

/** What the map reports back to the studio. */
export interface PlanMapEvents {
  grid: (code: string | null, additive: boolean) => void;
  building: (id: number, compoundId: number | null) => void;
  shape: (tool: Tool, geometry: { type: string; coordinates: unknown }) => void;
}

type AnyGeoJson = { type: 'FeatureCollection'; features: { geometry: { type: string; coordinates: unknown }; properties: Record<string, unknown> }[] };
const EMPTY: AnyGeoJson = { type: 'FeatureCollection', features: [] };
const SNAP_PX = 12;
const MODE: Record<Tool, string> = { select: 'static', draw: 'polygon', split: 'linestring', edit: 'select', building: 'static', rectangle: 'rectangle', lasso: 'freehand', push: 'static' };

/** Owns the studio's MapLibre map and terra-draw instance, outside Vue reactivity; removed on unmount. */
export function usePlanMap(container: Ref<HTMLElement | null>, on: PlanMapEvents) {
  const map = shallowRef<maplibregl.Map | null>(null);
  let draw: TerraDraw | null = null;
  let tool: Tool = 'select';
  let grids: AnyGeoJson = EMPTY;

  /** Snaps to vertices and edges of the plan's grids and to road lines drawn near the pointer. */
  function snapTo(m: maplibregl.Map, event: { containerX: number; containerY: number }): [number, number] | undefined {
    const p: [number, number] = [event.containerX, event.containerY];
    const vertices: [number, number][] = [];
    const segments: [[number, number], [number, number]][] = [];
    const bounds = m.getBounds();
    const roads = m.queryRenderedFeatures([[p[0] - SNAP_PX, p[1] - SNAP_PX], [p[0] + SNAP_PX, p[1] + SNAP_PX]])
      .filter((f) => f.sourceLayer === 'roads' || f.sourceLayer === 'jurisdictions');
    const shapes = [...grids.features.map((f) => f.geometry), ...roads.map((f) => f.geometry as { type: string; coordinates: unknown })];
    for (const g of shapes) {
      for (const ring of ringsOf(g)) {
        const near = ring.some(([x, y]) => bounds.contains([x!, y!]));
        if (!near) continue;
        const px = ring.map(([x, y]) => m.project([x!, y!])).map((q) => [q.x, q.y] as [number, number]);
        if (g.type.includes('Polygon')) vertices.push(...px);
        for (let i = 0; i + 1 < px.length; i++) segments.push([px[i]!, px[i + 1]!]);
      }
    }
    const hit = snapPoint(p, vertices, segments, SNAP_PX);
    if (!hit) return undefined;
    const ll = m.unproject(hit);
    return [ll.lng, ll.lat];
  }

  function createDraw(m: maplibregl.Map) {
    const snapping = { toCustom: (e: { containerX: number; containerY: number }) => snapTo(m, e) };
    const d = new TerraDraw({
      adapter: new TerraDrawMapLibreGLAdapter({ map: m, coordinatePrecision: 8 }),
      modes: [
        new TerraDrawRenderMode({ modeName: 'static', styles: {} }),
        new TerraDrawPolygonMode({ snapping }),
        new TerraDrawLineStringMode({ snapping }),
        new TerraDrawRectangleMode(),
        new TerraDrawFreehandMode(),
        new TerraDrawSelectMode({ flags: { polygon: { feature: { coordinates: { draggable: true, midpoints: true, deletable: true, snappable: snapping } } } } }),
      ],
    });
    d.start();
    d.setMode('static');
    d.on('finish', (id) => {
      if (tool === 'edit') return;
      const f = d.getSnapshotFeature(id);
      if (f) on.shape(tool, f.geometry as { type: string; coordinates: unknown });
      d.removeFeatures([id]);
    });
    return d;
  }

  function create(config: MapConfig, locale: string) {
    const el = container.value;
    if (!el || map.value) return;
    const m = new maplibregl.Map({
      container: el, style: studioStyle(buildStyle(config, { origin: location.origin, locale })), center: config.center, zoom: config.zoom,
      attributionControl: false, dragRotate: false, pitchWithRotate: false, fadeDuration: 0,
      localIdeographFontFamily: CJK_FONTS,
    });
    addMapChrome(m, el);
    m.on('load', () => {
      m.addSource(PLAN_SOURCES.grids, { type: 'geojson', data: grids as never });
      m.addSource(PLAN_SOURCES.problems, { type: 'geojson', data: EMPTY as never });
      m.addSource(PLAN_SOURCES.proposal, { type: 'geojson', data: EMPTY as never });
      for (const l of [...planGridLayers(), ...proposalLayers(), ...problemLayers()]) m.addLayer(l);
      m.addLayer({ id: PLAN_LAYERS.buildingPicked, type: 'line', source: 'buildings', 'source-layer': 'buildings', filter: ['in', ['get', 'id'], ['literal', []]], paint: { 'line-color': '#17324D', 'line-width': 2.5 } });
      draw = createDraw(m);
      el.setAttribute('data-studio-ready', 'true');
    });
    m.on('click', (e: MapMouseEvent) => clicked(m, e));
    map.value = markRaw(m);
    Object.defineProperty(window, '__wanggeMap', { value: m, configurable: true, enumerable: false, writable: false });
  }

  function clicked(m: maplibregl.Map, e: MapMouseEvent) {
    if (tool === 'select') {
      const hit = m.queryRenderedFeatures(e.point, { layers: [PLAN_LAYERS.fill] })[0];
      on.grid(hit ? String(hit.properties.code) : null, e.originalEvent.shiftKey || e.originalEvent.ctrlKey || e.originalEvent.metaKey);
    } else if (tool === 'building') {
      const hit = m.queryRenderedFeatures(e.point).find((f) => f.sourceLayer === 'buildings');
      if (hit) on.building(Number(hit.properties.id), hit.properties.compound_id == null ? null : Number(hit.properties.compound_id));
    }
  }

  const source = (id: string) => map.value?.getSource(id) as GeoJSONSource | undefined;

  onBeforeUnmount(() => {
    draw?.stop();
    draw = null;
    map.value?.remove();
    map.value = null;
    Reflect.deleteProperty(window, '__wanggeMap');
  });

  return {
    map,
    create,
    /** Shows the plan's grids (decorated with their figures). */
    setGrids(fc: AnyGeoJson) {
      grids = fc;
      source(PLAN_SOURCES.grids)?.setData(fc as never);
    },
    setProblems: (fc: unknown) => source(PLAN_SOURCES.problems)?.setData((fc ?? EMPTY) as never),
    /** Previews a proposal (or none): while one shows, the plan's own fill and labels step aside. */
    setProposal(fc: unknown) {
      source(PLAN_SOURCES.proposal)?.setData((fc ?? EMPTY) as never);
      const m = map.value;
      for (const id of HIDDEN_BY_PROPOSAL) if (m?.getLayer(id)) m.setLayoutProperty(id, 'visibility', fc ? 'none' : 'visible');
    },
    setSelected(codes: readonly string[]) {
      if (map.value?.getLayer(PLAN_LAYERS.selected)) map.value.setFilter(PLAN_LAYERS.selected, selectedFilter(codes));
    },
    setPickedBuildings(ids: readonly number[]) {
      if (map.value?.getLayer(PLAN_LAYERS.buildingPicked)) map.value.setFilter(PLAN_LAYERS.buildingPicked, ['in', ['get', 'id'], ['literal', [...ids]]]);
    },
    /** Switches the tool; `edit` puts one grid's outline under terra-draw's vertex editor. */
    setTool(next: Tool, editGeometry?: { type: 'Polygon'; coordinates: number[][][] }) {
      tool = next;
      if (!draw) return;
      draw.clear();
      draw.setMode(MODE[next]);
      if (next === 'edit' && editGeometry) {
        const [r] = draw.addFeatures([{ id: 'editing', type: 'Feature', geometry: editGeometry, properties: { mode: 'polygon' } } as GeoJSONStoreFeatures]);
        if (r?.valid) draw.selectFeature('editing');
      }
      const canvas = map.value?.getCanvas();
      if (canvas) canvas.style.cursor = next === 'select' || next === 'building' ? 'pointer' : next === 'push' ? 'grab' : 'crosshair';
    },
    /** The outline under the vertex editor, as edited so far. */
    edited(): { type: 'Polygon'; coordinates: number[][][] } | null {
      const f = draw?.getSnapshotFeature('editing');
      return f ? (f.geometry as { type: 'Polygon'; coordinates: number[][][] }) : null;
    },
    /** Draws a diff over the plan (added, removed, changed grids and moved buildings), or removes it. */
    setDiff(diff: PlanDiff | null) {
      const m = map.value;
      if (!m) return;
      for (const id of Object.values(PLAN_DIFF_LAYERS)) if (m.getLayer(id)) m.removeLayer(id);
      for (const id of Object.values(PLAN_DIFF_SOURCES)) if (m.getSource(id)) m.removeSource(id);
      // the diff's own fills say added and changed: the grids' colours under them would muddy them
      for (const id of [PLAN_LAYERS.fill, PLAN_LAYERS.band]) if (m.getLayer(id)) m.setLayoutProperty(id, 'visibility', diff ? 'none' : 'visible');
      if (!diff) return;
      for (const [id, spec] of Object.entries(planDiffSources(diff))) m.addSource(id, spec);
      for (const l of planDiffLayers()) m.addLayer(l);
    },
    fitBbox(b: Bbox | null, padding: number | maplibregl.PaddingOptions = 60) {
      if (map.value && b && isValidBbox(b)) map.value.fitBounds(toLngLatBounds(b), { padding, maxZoom: 18, duration: 500 });
    },
  };
}

