import { defineStore } from 'pinia';

/** Which main view the workspace shows. */
export type WorkspaceView = 'map' | 'incidents' | 'residents' | 'plans' | 'patrol' | 'coverage';

/** The workspace's open view and the ledger's grid filter, shared by the header tabs, the grid panel and the ledger. */
export const useWorkspace = defineStore('workspace', {
  state: () => ({
    view: 'map' as WorkspaceView,
    /** The ledger's grid filter (a grid code), or null for everything in the user's scope. */
    residentsGrid: null as string | null,
  }),
  actions: {
    show(view: WorkspaceView) {
      this.view = view;
    },
    /** Opens the ledger, filtered to one grid when a code is given. */
    openResidents(gridCode: string | null = null) {
      this.residentsGrid = gridCode;
      this.view = 'residents';
    },
  },
});
