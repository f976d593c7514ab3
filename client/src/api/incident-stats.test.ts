import { describe, expect, it } from 'vitest';
import { incidentStatsApi } from './incident-stats.ts';

describe('incidentStatsApi URLs', () => {
  it('builds the export URL from the filters it is given, empty ones left out', () => {
    expect(incidentStatsApi.exportUrl({ format: 'xlsx', status: 'closed,evaluated', q: '', grid: undefined }))
      .toBe('/api/incidents/export?format=xlsx&status=closed%2Cevaluated');
    expect(incidentStatsApi.exportUrl({})).toBe('/api/incidents/export');
  });

  it('builds the heatmap tile template with the window, category and statuses', () => {
    expect(incidentStatsApi.heatmapTiles()).toBe('/tiles/incidents/{z}/{x}/{y}.mvt');
    expect(incidentStatsApi.heatmapTiles({ from: '2026-06-01', to: '2026-07-01', category: '01', status: ['reported', 'accepted'] }))
      .toBe('/tiles/incidents/{z}/{x}/{y}.mvt?from=2026-06-01&to=2026-07-01&category=01&status=reported%2Caccepted');
  });
});
