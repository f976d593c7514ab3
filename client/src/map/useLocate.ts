import { shallowRef } from 'vue';
import { api, ApiError } from '../api/client.ts';
import type { Bbox } from '../api/types.ts';
import { useNotices } from '../stores/notices.ts';
import { useSelection } from '../stores/selection.ts';
import { fixBbox, inBbox, locateErrorKey, type Fix } from './locate.ts';

/** The device's position once (a fresh fix: the person asking has likely moved), as a promise. */
function currentPosition(): Promise<GeolocationPosition> {
  return new Promise((resolve, reject) =>
    navigator.geolocation.getCurrentPosition(resolve, reject, { enableHighAccuracy: true, timeout: 15_000, maximumAge: 0 }));
}

/**
 * Locate-me: asks the device where it is, shows the position, and opens the grid under it
 * (/api/grids/at), or says in words why not: no grid there, outside the user's area, no permission,
 * no position. `area` is where the user works (the map's start extent).
 */
export function useLocate(show: (fix: Fix | null) => void, area: () => Bbox | null) {
  const busy = shallowRef(false);
  const selection = useSelection();
  const notices = useNotices();

  /** Opens the grid under the fix; false when the fix is outside the user's area (nothing of theirs to show there). */
  async function gridAt(fix: Fix): Promise<boolean> {
    try {
      const found = await api.gridAt(fix.lon, fix.lat);
      selection.selectGrid(found.grid.id);
      notices.push({ key: 'phone.locate.inGrid', params: { name: found.grid.name || found.grid.code } }, 'info', 4000);
      return true;
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 404)) {
        notices.error(err);
        return true;
      }
      selection.selectGrid(null);
      const box = area();
      const outside = box !== null && !inBbox(box, fix.lon, fix.lat);
      notices.push({ key: outside ? 'phone.locate.outside' : 'phone.locate.noGrid' }, 'info', 6000);
      return !outside;
    }
  }

  async function locate() {
    if (busy.value) return;
    if (!('geolocation' in navigator)) return notices.push({ key: 'phone.locate.unsupported' }, 'error', 6000);
    busy.value = true;
    try {
      let coords: GeolocationCoordinates;
      try {
        ({ coords } = await currentPosition());
      } catch (err) {
        return notices.push({ key: locateErrorKey((err as GeolocationPositionError | null)?.code) }, 'error', 6000);
      }
      const fix: Fix = { lon: coords.longitude, lat: coords.latitude, accuracy: coords.accuracy };
      show(fix);
      // framed after the grid is chosen, so the frame leaves room for its panel; not where the map has nothing of theirs
      if (await gridAt(fix)) selection.showBbox(fixBbox(fix));
    } finally {
      busy.value = false;
    }
  }

  return { busy, locate };
}
