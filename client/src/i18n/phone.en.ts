import type { Messages } from './messages.ts';

/** English strings of the phone-first pieces: locate-me and touch alternatives (the `phone` namespace). */
export const phoneEn: Messages['phone'] = {
  locate: {
    button: 'Show my location',
    inGrid: 'You are in {name}',
    noGrid: 'Your position is in no grid.',
    outside: 'Your position is outside your area, with no grid near it.',
    denied: 'Cannot locate you: location access was not allowed. Allow this site to use your location in the browser or phone settings (the address must be HTTPS).',
    unavailable: 'Your position is not available right now; try again in the open.',
    timeout: 'Locating took too long; try again.',
    unsupported: 'This browser cannot locate you.',
  },
  studio: {
    multi: 'Multi-select',
    selectHint: 'Tap a grid to inspect it; turn on Multi-select and tap neighbours to merge them',
    selectHintMulti: 'Multi-select is on: tap the neighbouring grids to merge, then Merge',
  },
};
