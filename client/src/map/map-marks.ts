import type maplibregl from 'maplibre-gl';
import type { GeoJSONSource, IControl } from 'maplibre-gl';
import { fixFeatures, LOCATE_SOURCE, locateLayers, type Fix } from './locate.ts';
import { LAYER_IDS } from './overlay-layers.ts';
import { OWN_LAYERS, ownGridFilter, ownGridLayers, otherGridFilter } from './own-grids.ts';

// Marks the workspace map adds at run time, above the style's layers: the caller's own grids and
// the device's position. Kept apart from the style builder, which knows nothing of who is signed in.

/** Runs `fn` once the map's style is there (at once if it already is). */
function whenStyled(m: maplibregl.Map, fn: () => void) {
  if (m.isStyleLoaded()) fn();
  else m.once('load', fn);
}

/** Veils the other grids and outlines the caller's own (by code); an empty list takes the marks away. */
export function markOwnGrids(m: maplibregl.Map, codes: readonly string[]) {
  whenStyled(m, () => {
    if (!m.getLayer(LAYER_IDS.gridFill)) return;
    if (m.getLayer(OWN_LAYERS.line)) {
      m.setFilter(OWN_LAYERS.veil, otherGridFilter(codes));
      for (const id of [OWN_LAYERS.casing, OWN_LAYERS.line]) m.setFilter(id, ownGridFilter(codes));
      return;
    }
    const { veil, outline } = ownGridLayers(m.getLayer(LAYER_IDS.gridFill)!.source, codes);
    // the veil under the community boundaries, the outline under the selected grid's
    m.addLayer(veil, m.getLayer('jurisdictions-community') ? 'jurisdictions-community' : LAYER_IDS.gridSelectedHalo);
    for (const l of outline) m.addLayer(l, m.getLayer(LAYER_IDS.gridSelectedHalo) ? LAYER_IDS.gridSelectedHalo : undefined);
  });
}

/** Draws the device's position (dot and accuracy circle) above everything, or clears it. */
export function showFix(m: maplibregl.Map, fix: Fix | null) {
  whenStyled(m, () => {
    const source = m.getSource(LOCATE_SOURCE) as GeoJSONSource | undefined;
    if (source) return void source.setData(fixFeatures(fix));
    m.addSource(LOCATE_SOURCE, { type: 'geojson', data: fixFeatures(fix) });
    for (const l of locateLayers()) m.addLayer(l);
  });
}

/** An empty control box in MapLibre's corner, for a button Vue renders (so it follows the other controls and the locale). */
export class ControlHost implements IControl {
  readonly el = document.createElement('div');
  onAdd() {
    this.el.className = 'maplibregl-ctrl maplibregl-ctrl-group';
    return this.el;
  }
  onRemove() {
    this.el.remove();
  }
}
