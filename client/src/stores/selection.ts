import { defineStore } from 'pinia';
import type { Bbox } from '../api/types.ts';

/** A request for the map to show a box; seq changes so repeating a request re-fits the map. */
export interface ViewRequest {
  bbox: Bbox;
  seq: number;
}

/** A place the search found that has no selection of its own: its buildings are highlighted on the map. */
export interface FoundPlace {
  kind: 'compound' | 'building';
  id: number;
}

/** What the user is looking at, shared by the map, the tree, the search and the grid panel. */
export const useSelection = defineStore('selection', {
  state: () => ({
    gridId: null as number | null,
    jurisdictionId: null as number | null,
    view: null as ViewRequest | null,
    found: null as FoundPlace | null,
  }),
  actions: {
    selectGrid(id: number | null) {
      this.gridId = id;
      if (id !== null) this.found = null;
    },
    /** Chooses a place (its totals take the side panel, so any grid panel closes), or none. */
    selectJurisdiction(id: number | null, bbox: Bbox | null) {
      this.jurisdictionId = id;
      if (id !== null) this.gridId = null;
      this.found = null;
      if (bbox) this.showBbox(bbox);
    },
    showFound(found: FoundPlace | null) {
      this.found = found;
    },
    showBbox(bbox: Bbox) {
      this.view = { bbox, seq: (this.view?.seq ?? 0) + 1 };
    },
  },
});
