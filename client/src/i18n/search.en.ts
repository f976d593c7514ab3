import type { Messages } from './messages.ts';

/** English strings of the map's search box (the `search` namespace). */
export const searchEn: Messages['search'] = {
  label: 'Search places, grids, compounds, buildings or addresses',
  placeholder: 'Grid code, name, compound or address',
  results: 'Search results',
  searching: 'Searching…',
  none: 'Nothing found for “{q}”',
  noneHint: 'Try a grid code (whole or its last digits), a grid or compound name, a building name or an address. Only places you may see are shown.',
  failed: 'Search failed: {reason}',
  retry: 'Retry',
  clear: 'Clear search',
  kinds: { jurisdiction: 'Places', grid: 'Grids', compound: 'Compounds', building: 'Buildings', address: 'Addresses' },
  errors: {
    search_query_empty: 'Type something to look for.',
    search_query_too_long: 'That is too long to search; shorten it and try again.',
  },
};
