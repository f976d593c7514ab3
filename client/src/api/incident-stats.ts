import type { InferRequestType } from 'hono/client';
import { rpc, unwrap, type Ok } from './client.ts';

type Incidents = typeof rpc.api.incidents;
/** GET /api/incidents/stats: a period's indicators by group and in total, with the daily series. */
export type IncidentStats = Ok<Incidents['stats']['$get']>;
export type IncidentStatsGroup = IncidentStats['groups'][number];
export type IncidentStatsDay = IncidentStats['series'][number];
/** The stats query: jurisdiction (a code), from and to (dates or ISO times), level (grid, community, town, department). */
export type IncidentStatsQuery = NonNullable<InferRequestType<Incidents['stats']['$get']>['query']>;
/** The export's query: the list's filters and order, and the format. */
export type IncidentExportQuery = NonNullable<InferRequestType<Incidents['export']['$get']>['query']>;
/** What the heatmap's tiles take besides z/x/y: the window (default the last 30 days), a category and statuses. */
export interface HeatmapFilter {
  from?: string;
  to?: string;
  category?: string;
  /** Statuses, joined by commas as the list takes them. */
  status?: string[];
}

const search = (params: Record<string, string | undefined>) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
};

/**
 * The indicators, the export and the heatmap's tile URL. The export is a plain GET that the browser downloads
 * (same-origin cookie), so it is a URL; the tiles are a MapLibre vector source template: layer `incident_cells`
 * (count, category) up to z14, layer `incidents` (id, category, status, overdue) above.
 */
export const incidentStatsApi = {
  stats: (query: IncidentStatsQuery) => unwrap<IncidentStats>(rpc.api.incidents.stats.$get({ query })),
  /** The URL of the export of what the list's filters select (scoped, masked, audited; 400 export_too_large beyond 20,000). */
  exportUrl: (query: IncidentExportQuery) => `/api/incidents/export${search(query as Record<string, string | undefined>)}`,
  /** The vector tile URL template of the heatmap ({z}/{x}/{y} left for MapLibre; relative, as /api/map gives the others: map/tiles.ts absoluteTileUrl). */
  heatmapTiles: (f: HeatmapFilter = {}) =>
    `/tiles/incidents/{z}/{x}/{y}.mvt${search({ from: f.from, to: f.to, category: f.category, status: f.status?.join(',') })}`,
  /** Zooms where the heatmap's tiles carry cells; above it they carry cases. */
  cellMaxZoom: 14,
};
