/** Vector tile layers served by /tiles/:layer/:z/:x/:y.mvt, with the zooms where they carry data. */
export const TILE_LAYERS = {
  grids: { minzoom: 10, maxzoom: 22 },
  buildings: { minzoom: 13, maxzoom: 22 },
  roads: { minzoom: 8, maxzoom: 22 },
  jurisdictions: { minzoom: 0, maxzoom: 22 },
  landcover: { minzoom: 8, maxzoom: 22 },
} as const;

export type TileLayer = keyof typeof TILE_LAYERS;
export const MAX_ZOOM = 22;

export interface TileCoord {
  z: number;
  x: number;
  y: number;
}

/** Narrows a path segment to a known layer name (the allow-list for tile SQL). */
export function isTileLayer(name: string): name is TileLayer {
  return Object.hasOwn(TILE_LAYERS, name);
}

/** Why a z/x/y triple is not a tile of the Web-Mercator pyramid, or undefined when it is. */
export function tileCoordProblem({ z, x, y }: TileCoord): string | undefined {
  if (![z, x, y].every(Number.isInteger)) return 'z, x and y must be integers';
  if (z < 0 || z > MAX_ZOOM) return `z must be between 0 and ${MAX_ZOOM}`;
  const n = 2 ** z;
  if (x < 0 || x >= n || y < 0 || y >= n) return `x and y must be between 0 and ${n - 1} at zoom ${z}`;
  return undefined;
}

/** True when a layer has nothing to draw at this zoom (answered without touching the database). */
export function outsideLayerZoom(layer: TileLayer, z: number): boolean {
  const { minzoom, maxzoom } = TILE_LAYERS[layer];
  return z < minzoom || z > maxzoom;
}

/** Strong ETag for a tile: changes whenever the layer's data version (or the plan date) changes. */
export function tileEtag(layer: TileLayer, version: number | bigint, { z, x, y }: TileCoord, date?: string): string {
  return `"${layer}-${version}${date ? `-${date}` : ''}-${z}-${x}-${y}"`;
}

/** Cache policy: a URL pinned to the current version may be cached long; otherwise revalidate by ETag. */
export function tileCacheControl(requestedVersion: string | undefined, currentVersion: number | bigint): string {
  return requestedVersion === String(currentVersion) ? 'public, max-age=86400' : 'public, max-age=0, must-revalidate';
}
