/**
 * A position fix as the protocols deliver it (Traccar Client / OsmAnd, OwnTracks, GPX, the web app),
 * in WGS-84 and SI units, before hygiene. Every parser turns its payload into these.
 */
export interface RawFix {
  /** When the phone took the fix. */
  at: Date;
  lon: number;
  lat: number;
  /** Horizontal accuracy in metres, null when unknown. */
  accuracy: number | null;
  /** Speed in metres per second, null when unknown. */
  speed: number | null;
  /** Course over ground in degrees from north, null when unknown. */
  heading: number | null;
  /** Altitude in metres, null when unknown. */
  altitude: number | null;
  /** Battery level 0–100 %, null when unknown. */
  battery: number | null;
  /** Whatever else the app sent (kept, never interpreted). */
  attributes: Record<string, unknown>;
}

/** Why hygiene set a fix aside (it is still stored, but not counted as walked). */
export const DROP_REASONS = ['accuracy', 'speed_jump', 'stationary', 'duplicate'] as const;
export type DropReason = (typeof DROP_REASONS)[number];

/** Why a fix was refused at the door (nothing stored): the protocol answers its own error. */
export const REFUSAL_REASONS = ['invalid', 'zero', 'future', 'too_old', 'out_of_range'] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];
