import { describe, expect, it } from 'vitest';
import { batchProblem, formatVerdict, isPhotoFile, PHOTO_LIMITS, photoFile, requestLimit, roomFor, thumbFile } from './incident-photos.domain.ts';

const MB = 1024 * 1024;

describe('batchProblem', () => {
  it('takes one to six files within the size, while the case has room', () => {
    expect(batchProblem([MB], 0, 10 * MB)).toBeNull();
    expect(batchProblem(Array.from({ length: 6 }, () => 10 * MB), 14, 10 * MB)).toBeNull();
  });

  it('names the first problem: none sent, too many at once, a file too large, no room left', () => {
    expect(batchProblem([], 0, MB)).toEqual({ kind: 'no_files' });
    expect(batchProblem(Array.from({ length: 7 }, () => 1), 0, MB)).toEqual({ kind: 'too_many_in_request', max: 6 });
    expect(batchProblem([1, MB + 1, MB + 2], 0, MB)).toEqual({ kind: 'too_large', index: 1, maxBytes: MB });
    expect(batchProblem([1, 1], 19, MB)).toEqual({ kind: 'too_many_for_incident', max: 20, existing: 19 });
  });

  it('counts the cap exactly', () => {
    expect(roomFor(1, PHOTO_LIMITS.perIncident - 1)).toBeNull();
    expect(roomFor(1, PHOTO_LIMITS.perIncident)).not.toBeNull();
  });

  it('lets a request carry six files at the limit and their multipart framing, not a seventh', () => {
    expect(requestLimit(MB)).toBeGreaterThan(6 * MB);
    expect(requestLimit(MB)).toBeLessThan(7 * MB);
  });
});

describe('formatVerdict', () => {
  it('takes JPEG, PNG, WebP and AVIF; HEIC only where it can be decoded; nothing else', () => {
    expect(['jpeg', 'png', 'webp'].map((f) => formatVerdict(f, undefined, false))).toEqual(['ok', 'ok', 'ok']);
    expect(formatVerdict('heif', 'av1', false)).toBe('ok');
    expect([formatVerdict('heif', 'hevc', false), formatVerdict('heif', 'hevc', true)]).toEqual(['unsupported', 'ok']);
    expect(['gif', 'svg', 'tiff', 'pdf', 'raw', undefined].map((f) => formatVerdict(f, undefined, true))).toEqual(Array(6).fill('unsupported'));
  });
});

describe('photoFile', () => {
  const name = 'a'.repeat(32);
  it('shards by thousands of cases, then the case, under a random name', () => {
    expect(photoFile(7, name)).toBe(`000/7/${name}.jpg`);
    expect(photoFile(123_456, name)).toBe(`123/123456/${name}.jpg`);
    expect(photoFile(9_876_543_210, name)).toBe(`9876543/9876543210/${name}.jpg`);
    expect(thumbFile(photoFile(7, name))).toBe(`000/7/${name}.thumb.jpg`);
  });

  it('refuses names and ids that are not its own, and recognises only its own paths', () => {
    for (const [id, n] of [[0, name], [-1, name], [1.5, name], [1, '../etc/passwd'], [1, 'A'.repeat(32)], [1, `${name}/x`]] as const) {
      expect(() => photoFile(id, n), `${id} ${n}`).toThrow(RangeError);
    }
    expect([isPhotoFile(photoFile(7, name)), isPhotoFile(thumbFile(photoFile(7, name)))]).toEqual([true, true]);
    for (const p of ['../000/7/x.jpg', `000/7/../${name}.jpg`, `/000/7/${name}.jpg`, `000/7/${name}.png`, `000/0/${name}.jpg`]) expect(isPhotoFile(p), p).toBe(false);
  });
});
