import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { GeometryDefect } from '../features/imports/imports.problems.ts';

/**
 * PostgreSQL and PostGIS errors that a client caused (bad input, a clash with other data, a request
 * too big or too slow), told in our own words: the raw message names columns, types and internal
 * functions, so it is never passed on. Any other error is not ours to explain and stays a 500.
 */
export interface PgClientError {
  status: ContentfulStatusCode;
  code: string;
  message: string;
  /** invalid_geometry: what is wrong, as a kind clients have a text for, and where when GEOS says. */
  details?: { defect: GeometryDefect; location?: [number, number] };
}

type Known = Omit<PgClientError, 'details'>;
const known = (status: ContentfulStatusCode, code: string, message: string): Known => ({ status, code, message });

const INVALID_TEXT = known(400, 'invalid_text', 'A text holds a character that cannot be stored (a NUL character or invalid Unicode)');
const CONFLICT = known(409, 'serialization_conflict', 'Someone else changed the same data at the same time; try again');
const TOO_LARGE = known(413, 'too_large', 'The request is too large to process at once; send less');

const BY_SQLSTATE: Record<string, Known> = {
  '22P02': known(400, 'invalid_input', 'A value is not written in the form expected (a number, a date, an identifier)'),
  '22003': known(400, 'out_of_range', 'A number is too large or too small'),
  '22007': known(400, 'invalid_date', 'A date or time is not valid'),
  '22008': known(400, 'invalid_date', 'A date or time is out of range'),
  '22001': known(400, 'value_too_long', 'A text is longer than allowed'),
  '22021': INVALID_TEXT, // character_not_in_repertoire: NUL, bad UTF-8
  '22P05': INVALID_TEXT,
  '22023': known(400, 'invalid_parameter', 'A value is not valid here'),
  '23505': known(409, 'duplicate', 'A record with the same value already exists'),
  '23503': known(409, 'reference_violation', 'A record it refers to does not exist, or others still refer to it'),
  '23514': known(400, 'constraint_violation', 'A value breaks a rule of the data'),
  '23P01': known(409, 'exclusion_violation', 'It overlaps a record it must not overlap'),
  '23502': known(400, 'missing_value', 'A required value is missing'),
  '40001': CONFLICT,
  '40P01': CONFLICT, // deadlock: one of the two is rolled back, and may try again
  '57014': known(503, 'query_timeout', 'The request took too long and was stopped'), // statement_timeout
  '54000': TOO_LARGE, // program_limit_exceeded, e.g. "array size exceeds the maximum allowed"
  '54001': TOO_LARGE, // statement too complex
};

// PostGIS reports bad geometry as an internal error (XX000) or an invalid parameter (22023)
const GEOMETRIC = /geometr|GEOS|lwgeom|LinearRing|\bring\b|polygon|coordinate|TopologyException|SRID|dimension|intersection|GeoJSON/i;

/** What GEOS/lwgeom says, the kind of defect it is, and what we say instead: first match wins. */
const GEOMETRY_REASONS: [RegExp, GeometryDefect, string][] = [
  [/self[- ]?intersection/i, 'self_intersection', 'it intersects itself'],
  [/has Z dimension|Z dimension/i, 'has_z', 'it has a Z (height) coordinate; send longitude and latitude only'],
  [/M dimension/i, 'has_m', 'it has an M coordinate; send longitude and latitude only'],
  [/SRID/i, 'other_srid', 'it is in another coordinate system than WGS-84 longitude/latitude (EPSG:4326)'],
  [/non-closed|not closed|must be closed/i, 'not_closed', 'a ring is not closed (its first and last positions differ)'],
  [/four points|at least (4|four)|too few points|requires more points/i, 'too_few_points', 'a ring or line has too few positions'],
  [/hole lies outside/i, 'hole_outside_shell', 'a hole lies outside its polygon'],
  [/nested (shell|hole)/i, 'nested_shells', 'a polygon or hole lies inside another one'],
  [/interior is disconnected/i, 'disconnected_interior', 'a hole cuts the polygon in two'],
  [/NaN|infinite|Infinity|invalid coordinate/i, 'invalid_coordinate', 'a coordinate is not a finite number'],
  [/TopologyException/i, 'topology', 'its edges cross or overlap in a way that cannot be computed'],
  [/GeoJSON|parse error|invalid (hex|WKB|WKT)|unknown .*type/i, 'unreadable', 'it cannot be read as a geometry'],
  [/empty/i, 'empty', 'it is empty'],
];

const NUMBER = '(-?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?)';
const LOCATION = new RegExp(`(?:at or near point|at)\\s+${NUMBER}[\\s,]+${NUMBER}`, 'i');

/** Our message for a geometry PostGIS refused, with the place it names (GEOS says "at or near point x y"). */
export function geometryError(pgMessage: string): PgClientError {
  const [, defect, reason] = GEOMETRY_REASONS.find(([re]) => re.test(pgMessage)) ?? [null, 'other', 'it cannot be processed'];
  const at = LOCATION.exec(pgMessage);
  const location: [number, number] | null = at ? [Number(at[1]), Number(at[2])] : null;
  return {
    status: 400, code: 'invalid_geometry', message: `The geometry is not valid: ${reason}`,
    details: { defect, ...(location && location.every(Number.isFinite) ? { location } : {}) },
  };
}

/** The client error a PostgreSQL error stands for, or undefined when it is the server's own fault (a 500). */
export function pgClientError(err: unknown): PgClientError | undefined {
  if (typeof err !== 'object' || err === null || !('code' in err) || (err as { name?: string }).name !== 'PostgresError') return undefined;
  const sqlstate = String((err as { code: unknown }).code);
  const message = String((err as { message?: unknown }).message ?? '');
  if ((sqlstate === 'XX000' || sqlstate === '22023') && GEOMETRIC.test(message)) return geometryError(message);
  return BY_SQLSTATE[sqlstate];
}
