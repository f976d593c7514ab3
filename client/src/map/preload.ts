/** The map view with MapLibre: chunks of their own, about a third of a megabyte compressed. */
export const loadMapView = () => import('./MapView.vue');

/**
 * Loads the map view and starts MapLibre's web workers, so that the first map waits for neither.
 * A failure is left for the map itself to show, when it is wanted.
 */
export function preloadMap(): Promise<void> {
  return Promise.all([loadMapView(), import('maplibre-gl')])
    .then(([, maplibre]) => maplibre.prewarm())
    .catch(() => {});
}
