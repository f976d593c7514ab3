/**
 * Every code an import problem (or warning) can carry, and the words the server puts in their
 * params: clients say each in their own language from these, so a code added here without a text
 * there fails the client's test. Pure (the client imports it); `message` stays English for the API and CLI.
 */
import type { $ZodIssue } from 'zod/v4/core';

export const IMPORT_PROBLEM_CODES = [
  // the file as a whole
  'invalid_json', 'not_geojson', 'crs_declared', 'features_not_array', 'empty_file',
  // a feature's structure and geometry
  'not_a_feature', 'bad_text', 'no_geometry', 'geometry_type', 'too_many_vertices', 'coordinates_not_array', 'no_parts', 'no_rings',
  'bad_position', 'projected_coordinates', 'out_of_range', 'ring_too_short', 'ring_not_closed', 'line_too_short', 'invalid_geometry',
  // properties and rules across the file
  'missing_property', 'missing_properties', 'invalid_property', 'duplicate', 'not_under_target', 'too_many_households', 'kind_assumed',
  // against the stored data
  'crs_shift', 'outside_communities', 'building_exists', 'building_elsewhere', 'ledger_building_missing', 'not_touching',
  'jurisdiction_exists', 'parent_missing', 'jurisdiction_in_use', 'far_from_parent', 'overlaps_sibling',
] as const;
export type ImportProblemCode = (typeof IMPORT_PROBLEM_CODES)[number];

/**
 * Codes of the checks only plan files have (grids into a draft, POST /api/plans/:id/import); their
 * other problems (JSON, features, geometry, properties, bad text, an empty file) use the codes above.
 */
export const PLAN_FILE_PROBLEM_CODES = [
  // reading a Shapefile or KML file
  'unreadable_zip', 'no_shapefile', 'unreadable_shapefile', 'unreadable_kml',
  // a building → grid CSV
  'csv_no_header', 'csv_no_rows', 'building_id_not_number', 'building_id_missing', 'building_twice', 'building_twice_ungridded',
  'unknown_building', 'building_not_in_file', 'grid_in_several_communities', 'no_grid_given',
  // grids against the draft
  'grid_outside_scope',
] as const;
export type PlanFileProblemCode = (typeof PLAN_FILE_PROBLEM_CODES)[number];
/** Any code a problem of a file (base data or plan) can carry. */
export type ProblemCode = ImportProblemCode | PlanFileProblemCode;

/**
 * Why PostGIS finds a geometry invalid, as a few stable kinds (never its raw reason): the reasons of
 * ST_IsValidDetail, then those only a failing PostGIS function gives (http/pg-errors.ts).
 */
export const GEOMETRY_DEFECTS = [
  'self_intersection', 'ring_self_intersection', 'too_few_points', 'hole_outside_shell', 'nested_holes', 'disconnected_interior',
  'nested_shells', 'duplicate_rings', 'invalid_coordinate', 'other',
  'has_z', 'has_m', 'other_srid', 'not_closed', 'topology', 'unreadable', 'empty',
] as const;
export type GeometryDefect = (typeof GEOMETRY_DEFECTS)[number];

/** What is wrong with a property's value (invalid_property's `reason`). */
export const PROPERTY_REASONS = [
  'whole_number', 'number', 'text', 'text_required', 'text_too_long', 'text_or_number', 'one_of', 'division_code', 'level_mismatch', 'not_below', 'invalid',
] as const;
export type PropertyReason = (typeof PROPERTY_REASONS)[number];

/** Params whose values are words a client translates, with every value the server may put there. */
export const PROBLEM_WORDS = {
  /** missing_properties: what to do about it (the client's text differs by it). */
  hint: ['derive', 'floors', 'population', 'fill'],
  reason: PROPERTY_REASONS,
  defect: GEOMETRY_DEFECTS,
  family: ['polygon', 'line'],
  textIssue: ['nul', 'surrogate', 'nested'],
  level: ['county', 'town', 'community'],
  given: ['county', 'town', 'community'],
  /** jurisdiction_in_use: a comma-separated list of these. */
  uses: ['buildings', 'compounds', 'grids', 'grid_plans', 'role_grants'],
  /** crs_shift: what the data was compared with, and the coordinate system it looks like. */
  ref: ['buildings', 'roads', 'water', 'green', 'jurisdictions', 'boundaries', 'data'],
  crs: ['gcj02', 'bd09'],
} as const;

const GEOS_REASONS: [RegExp, GeometryDefect][] = [
  [/^ring self-intersection/i, 'ring_self_intersection'],
  [/^self-intersection/i, 'self_intersection'],
  [/^too few (distinct )?points/i, 'too_few_points'],
  [/^hole lies outside shell/i, 'hole_outside_shell'],
  [/^holes are nested/i, 'nested_holes'],
  [/^interior is disconnected/i, 'disconnected_interior'],
  [/^nested shells/i, 'nested_shells'],
  [/^duplicate rings/i, 'duplicate_rings'],
  [/^invalid coordinate/i, 'invalid_coordinate'],
];

/** The kind of a PostGIS/GEOS validity reason (ST_IsValidDetail), 'other' when it is none we know. */
export function geometryDefect(reason: string): GeometryDefect {
  return GEOS_REASONS.find(([re]) => re.test(reason.trim()))?.[1] ?? 'other';
}

const TEXT_ISSUES: [RegExp, (typeof PROBLEM_WORDS.textIssue)[number]][] = [[/NUL/, 'nul'], [/surrogate/, 'surrogate'], [/nested/, 'nested']];

/** The kind of a text problem (http/text.ts's message) as a word of PROBLEM_WORDS.textIssue. */
export const textIssue = (message: string) => TEXT_ISSUES.find(([re]) => re.test(message))?.[1] ?? 'nul';

/** A short rendering of a file's value for messages; never JSON.stringify a whole value, whose nesting the sender chooses. */
export const preview = (v: unknown): string =>
  Array.isArray(v) ? `[${v.slice(0, 3).map((x) => (Array.isArray(x) ? '[…]' : preview(x))).join(', ')}${v.length > 3 ? ', …' : ''}]`
    : typeof v === 'string' ? JSON.stringify(v.slice(0, 60)) : typeof v === 'object' && v !== null ? '{…}' : String(v);

/**
 * A zod issue of one property as a reason and its params (invalid_property). Schemas of numbers and
 * codes raise custom issues that carry theirs (`params.reason`); the rest is read from zod's issue.
 */
export function propertyIssue(issue: $ZodIssue): { reason: PropertyReason; params: Record<string, string | number> } {
  if (issue.code === 'custom' && typeof issue.params?.reason === 'string') {
    const { reason, ...params } = issue.params as { reason: PropertyReason } & Record<string, string | number>;
    return { reason, params };
  }
  if (issue.code === 'invalid_type') return { reason: issue.expected === 'string' ? 'text' : 'invalid', params: {} };
  if (issue.code === 'too_small' && issue.origin === 'string') return { reason: 'text_required', params: {} };
  if (issue.code === 'too_big' && issue.origin === 'string') return { reason: 'text_too_long', params: { max: Number(issue.maximum) } };
  if (issue.code === 'invalid_union') return { reason: 'text_or_number', params: {} };
  if (issue.code === 'invalid_value') return { reason: 'one_of', params: { options: issue.values.map(String).join(', ') } };
  return { reason: 'invalid', params: {} };
}

/** invalid_property for a zod issue of `property` whose value in the file was `value`: code, params and the English message. */
export function invalidProperty(issue: $ZodIssue, property: string, value: unknown) {
  const { reason, params } = propertyIssue(issue);
  return { code: 'invalid_property' as const, params: { property, reason, value: preview(value), ...params }, message: issue.message };
}
