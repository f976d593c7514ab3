import type { MiddlewareHandler } from 'hono';
import { compress } from 'hono/compress';

/** API answers below this many bytes go out as they are: gzip would save a few bytes for its CPU and headers. */
export const COMPRESS_MIN_BYTES = 1024;

/**
 * gzip for API answers of COMPRESS_MIN_BYTES and more (JSON, GeoJSON, CSV…; hono's compress picks the
 * types), for browsers that accept it, with `Vary: Accept-Encoding`. Tiles are not under /api: they
 * are small and cached (bench/RESULTS.md, firstload), and compressing each would cost the tile server.
 */
export function compressApi(): MiddlewareHandler {
  const gzip = compress({ encoding: 'gzip', threshold: COMPRESS_MIN_BYTES });
  return (c, next) => {
    // a client that takes no gzip (scripts, the benchmarks' load) costs nothing here; its plain answer
    // needs no Vary either: a cache handing it to a gzip client does no harm
    if (!/\bgzip\b/i.test(c.req.header('Accept-Encoding') ?? '')) return next();
    return gzip(c, async () => {
      await next();
      // compress honours its threshold only when Content-Length is known, and c.json() sets none;
      // a body built in memory (not a stream of unknown length) is measured here
      const res = c.res;
      if (res.headers.has('Content-Length') || !res.body || !/^application\/json\b/i.test(res.headers.get('Content-Type') ?? '')) return;
      const body = await res.arrayBuffer();
      c.res = new Response(body, res);
      c.res.headers.set('Content-Length', String(body.byteLength));
    });
  };
}
