/** Command-line options of `npm run generate`. */
import { parseArgs } from 'node:util';
import { DEFAULTS, type GenerateOptions } from './generate.ts';

export const USAGE = `usage: npm run generate -- --households N [--seed S] [--region 990101] [--replace]
                          [--as-of 2025-01-01] [--center 120.10,30.25]`;

function integer(text: string, name: string): number {
  const n = Number(text.replace(/[_,]/g, ''));
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`--${name} must be a positive integer, got "${text}"`);
  return n;
}

function center(text: string): [number, number] {
  const parts = text.split(',').map(Number);
  const [lon, lat] = parts;
  if (parts.length !== 2 || lon === undefined || lat === undefined || !(Math.abs(lon) <= 180) || !(Math.abs(lat) <= 85)) {
    throw new RangeError(`--center must be "lon,lat", got "${text}"`);
  }
  return [lon, lat];
}

/** Parses the generator's arguments; throws RangeError with a readable message on bad input. */
export function parseGenerateArgs(argv: string[]): Omit<GenerateOptions, 'log'> {
  const { values } = parseArgs({
    args: argv,
    options: {
      households: { type: 'string' },
      seed: { type: 'string' },
      region: { type: 'string' },
      replace: { type: 'boolean', default: false },
      'as-of': { type: 'string' },
      center: { type: 'string' },
    },
    strict: true,
  });
  if (!values.households) throw new RangeError('--households is required');
  const region = values.region ?? DEFAULTS.region;
  if (!/^\d{6}$/.test(region)) throw new RangeError(`--region must be a 6-digit county code, got "${region}"`);
  const asOf = values['as-of'] ?? DEFAULTS.asOf;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(Date.parse(asOf))) throw new RangeError(`--as-of must be a date YYYY-MM-DD, got "${asOf}"`);
  return {
    households: integer(values.households, 'households'),
    seed: values.seed ?? DEFAULTS.seed,
    region,
    replace: values.replace ?? false,
    asOf,
    center: values.center ? center(values.center) : DEFAULTS.center,
  };
}
