import { defineStore } from 'pinia';
import type { Bbox } from '../api/types.ts';

/** A request for the map to show a box; seq changes so repeating a request re-fits the map. */
export interface ViewRequest {
  bbox: Bbox;
  seq: number;
}

/** What the user is looking at, shared by the map, the tree and the grid panel. */
export const useSelection = defineStore('selection', {
  state: () => ({
    gridId: null as number | null,
    jurisdictionId: null as number | null,
    view: null as ViewRequest | null,
  }),
  actions: {
    selectGrid(id: number | null) {
      this.gridId = id;
    },
    selectJurisdiction(id: number | null, bbox: Bbox | null) {
      this.jurisdictionId = id;
      if (bbox) this.showBbox(bbox);
    },
    showBbox(bbox: Bbox) {
      this.view = { bbox, seq: (this.view?.seq ?? 0) + 1 };
    },
  },
});
