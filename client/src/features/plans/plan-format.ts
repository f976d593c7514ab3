/** A share 0–1 as a whole percent, or a dash when there is nothing to measure. */
export function formatPercent(share: number | null | undefined): string {
  return share === null || share === undefined || !Number.isFinite(share) ? '—' : `${Math.round(share * 100)}%`;
}

/** Square metres, rounded, with thousands grouping. */
export function formatArea(m2: number | null | undefined): string {
  return m2 === null || m2 === undefined ? '—' : Math.round(m2).toLocaleString('en-US');
}
