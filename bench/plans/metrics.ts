/** Quality of a partition, aggregated from the validation of its grids. */

/** One line of quality figures, the same for the auto plan and the baseline. */
export interface Quality {
  grids: number;
  inBand: number;
  contiguous: number;
  gapArea: number;
  overlapArea: number;
  meanPolsbyPopper: number;
  /** Share (0–1) of the inner boundary on streets; null when the community has no roads. */
  streetShare: number | null;
  unassignedBuildings: number;
  splitBuildings: number;
  splitCompounds: number;
}
