// shpjs ships no types; only what the plan import uses.
declare module 'shpjs' {
  interface ShpFeatureCollection {
    type: 'FeatureCollection';
    features: unknown[];
    fileName?: string;
  }
  /** Reads a zipped Shapefile into GeoJSON (one collection per layer). */
  export default function shp(
    input: ArrayBuffer | { shp: Uint8Array; dbf?: Uint8Array; cpg?: Uint8Array; prj?: string },
  ): Promise<ShpFeatureCollection | ShpFeatureCollection[]>;
}
