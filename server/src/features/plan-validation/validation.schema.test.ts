import { describe, expect, it } from 'vitest';
import { polygonGeometry } from './validation.schema.ts';

describe('polygonGeometry', () => {
  it('refuses an empty ring as an issue, not a TypeError', () => {
    const r = polygonGeometry.safeParse({ type: 'Polygon', coordinates: [[]] });
    expect(r.error?.issues.map((i) => i.message)).toEqual(['a ring needs at least 4 positions']);
  });
});
