/** A share 0–1 as a whole percent, or a dash when there is nothing to measure. */
export function formatPercent(share: number | null | undefined): string {
  return share === null || share === undefined || !Number.isFinite(share) ? '—' : `${Math.round(share * 100)}%`;
}

/** Square metres, rounded, with thousands grouping. */
export function formatArea(m2: number | null | undefined): string {
  return m2 === null || m2 === undefined ? '—' : Math.round(m2).toLocaleString('en-US');
}

/** An automatic alternative's label (`streets-29`, `replan`, `communities-2`) as its objective key and grid count. */
export function alternativeParts(label: string): { objective: string; count: number | null } {
  const m = /^([a-z]+)(?:-(\d+))?$/.exec(label);
  return m ? { objective: m[1]!, count: m[2] ? Number(m[2]) : null } : { objective: label, count: null };
}

/** A GeoJSON file the browser saves (districts are proposals, not stored: the file is how they leave). */
export function downloadGeoJson(name: string, fc: unknown) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(fc)], { type: 'application/geo+json' }));
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
