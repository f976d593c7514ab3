// How the bell opens a case: the incident screens (features/incidents/IncidentsView.vue) listen for a
// `wangge:open-incident` window event with `{ id }` while they are shown. The bell first shows their
// view, then sends the event once the view is on the page (it loads on first use), so the request is
// never sent to nobody.

/** The event the incident screens listen for. */
export const OPEN_INCIDENT_EVENT = 'wangge:open-incident';
const VIEW_SELECTOR = '[data-testid="incidents-view"]';
const WAIT_MS = 15_000;

/** Shows the incident view (`show`) and asks it to open case `id`; false when the view never came. */
export async function openIncident(id: number, show: () => void): Promise<boolean> {
  show();
  const until = Date.now() + WAIT_MS;
  // the view mounts in a later frame (its code may still be loading); its listener is there once it is on the page
  while (!document.querySelector(VIEW_SELECTOR)) {
    if (Date.now() > until) return false;
    await new Promise((r) => requestAnimationFrame(() => r(undefined)));
  }
  window.dispatchEvent(new CustomEvent(OPEN_INCIDENT_EVENT, { detail: { id } }));
  return true;
}
