// Reading the workspace map from a browser test: its idle state, and where a box lies on the page.
import type { Page } from 'playwright-core';

/** Waits until the workspace map has drawn everything it was asked to (data-map-idle). */
export const waitForMapIdle = (p: Page) => p.waitForSelector('[data-testid="map"][data-map-idle="true"]', { timeout: 60_000 });

/** Where a [w, s, e, n] box lies on the page: its projected west, north, east and south edges in page pixels. */
export const onPage = (p: Page, bbox: number[]) => p.evaluate(([w, s, e, n]) => {
  const m = window.__wanggeMap!;
  const r = m.getCanvas().getBoundingClientRect();
  const nw = m.project([w!, n!]);
  const se = m.project([e!, s!]);
  return { left: r.left + nw.x, top: r.top + nw.y, right: r.left + se.x, bottom: r.top + se.y };
}, bbox);
