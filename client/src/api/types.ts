// Response shapes of the Wangge API as the client relies on them (issue 2, section 5).
// The typed hc<AppType> client checks calls against the server; these names give the
// rest of the client something stable to import.

/** [west, south, east, north] in WGS-84 degrees. */
export type Bbox = [number, number, number, number];

export type BandStatus = 'under' | 'within' | 'over';
export type JurisdictionLevel = 'county' | 'town' | 'community';
export type TileLayerName = 'grids' | 'buildings' | 'roads' | 'jurisdictions' | 'landcover';

export interface Band {
  min: number;
  max: number;
}

export interface RasterBasemap {
  tiles: string[];
  attribution: string;
}

/** One tile layer with the zooms where the server has data for it. */
export interface TileLayerInfo {
  url: string;
  minzoom: number;
  maxzoom: number;
}

export interface MapConfig {
  center: [number, number];
  zoom: number;
  /** The home district's extent; null before any jurisdiction is loaded. */
  bounds: Bbox | null;
  band: Band;
  tiles: Partial<Record<TileLayerName, string>>;
  layers?: Partial<Record<TileLayerName, TileLayerInfo>>;
  basemap: RasterBasemap | null;
}

export interface JurisdictionNode {
  id: number;
  code: string;
  name: string;
  level: JurisdictionLevel;
  bbox: Bbox | null;
  children: JurisdictionNode[];
}

export interface Ref {
  id: number;
  code: string;
  name: string;
}

export interface GridAt {
  grid: Ref;
  community: Ref;
  town: Ref | null;
  plan: { id: number; name: string };
}

export const SPECIAL_GROUPS = ['elderly_alone', 'disabled', 'low_income', 'unemployed', 'migrant', 'renter', 'key_person'] as const;
export type SpecialGroup = (typeof SPECIAL_GROUPS)[number];

export interface GridStats {
  households: number;
  householdsEstimated: boolean;
  residentsSynthetic: boolean;
  residents: number;
  buildings: number;
  specialGroups: Partial<Record<SpecialGroup, number>>;
  areaM2: number;
}

export interface GridDetail {
  id: number;
  code: string;
  name: string;
  plan: { id: number; name: string; status: string; validFrom: string | null; validTo: string | null };
  community: Ref;
  town: Ref | null;
  stats: GridStats;
  band: Band & { status: BandStatus };
  bbox: Bbox;
}
