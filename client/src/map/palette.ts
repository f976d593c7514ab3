import type { BandStatus } from '../api/types.ts';

// Grid band colours follow the Okabe–Ito set, which stays distinguishable under the
// common colour-vision deficiencies: blue (too few households), bluish green (within
// the band), vermillion (too many). Each also differs in lightness, so greyscale prints work.
export const BAND_COLORS: Record<BandStatus, { fill: string; line: string }> = {
  under: { fill: '#56B4E9', line: '#1F78B4' },
  within: { fill: '#2BAE86', line: '#0B7A5A' },
  over: { fill: '#E5732E', line: '#B4460E' },
};

export const BUILDING_COLORS = {
  residential: '#E7C9A9',
  mixed: '#E2D0B5',
  public: '#CFCDE6',
  commercial: '#EAC8CF',
  other: '#DAD5CD',
} as const;

export type BuildingKind = keyof typeof BUILDING_COLORS;
export const BUILDING_KINDS = Object.keys(BUILDING_COLORS) as BuildingKind[];

/** Base-map colours: a quiet, warm paper tone so the grid overlay carries the information. */
export const BASE = {
  background: '#F4F2EE',
  water: '#A9CFEA',
  waterLine: '#86B6DA',
  green: '#D3E8C6',
  campus: '#EEE6D8',
  residential: '#EDE8E1',
  buildingLine: '#BDB3A6',
  roadCasing: '#CFC7BA',
  road: '#FFFFFF',
  majorCasing: '#D9A95C',
  major: '#FBD990',
  motorwayCasing: '#C9803A',
  motorway: '#F5B464',
  path: '#B8AE9F',
  label: '#4A4F57',
  labelHalo: '#FFFFFF',
  jurisdiction: '#7A5BA6',
  town: '#4D3A78',
  selected: '#17324D',
  selectedHalo: '#FFFFFF',
  // a deep pink far from every band, building kind and road colour (commercial buildings are a pale pink)
  found: '#C2185B',
} as const;

/** The fill colour for a band status, e.g. for the legend and the side panel. */
export function bandColor(status: BandStatus): string {
  return BAND_COLORS[status].fill;
}

// Fills that tell neighbouring grids apart (the plan's stored four-colouring, server
// plans/grid-colors): light, distinct hues that are none of the band colours, so the band
// can be drawn over them as an inner outline, and brighter than the beige, lilac and pink of
// the building kinds so a grid is not read as a building. Two spares for a grid that needs a fifth.
export const GRID_COLORS = ['#F5D54E', '#7FCDBB', '#F4A582', '#A99BD9', '#C2E08F', '#E59AC8'] as const;
/** A grid without a stored colour (e.g. before its plan was coloured). */
export const GRID_COLOR_NONE = '#C8CDD3';
/** Grid borders: one quiet slate for every grid, so the fill colours carry the difference. */
export const GRID_LINE = '#56616C';
