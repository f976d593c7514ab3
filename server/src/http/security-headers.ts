import type { MiddlewareHandler } from 'hono';

/**
 * The Content-Security-Policy of the app: its own scripts only (no inline script, no eval), MapLibre's
 * blob: workers, images and fonts from itself, data: and blob:, basemap tiles from the configured
 * origins, and never inside a frame. Inline styles stay allowed: MapLibre, terra-draw and Vue's
 * style bindings set them.
 */
export function contentSecurityPolicy(basemapOrigins: readonly string[] = []): string {
  const tiles = basemapOrigins.join(' ');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "worker-src 'self' blob:",
    "child-src 'self' blob:",
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob: ${tiles}`.trim(),
    "font-src 'self' data:",
    `connect-src 'self' ${tiles}`.trim(),
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * Headers every answer carries (CSP, nosniff, no framing, no referrer leaving the site), and
 * `Cache-Control: no-store` on API answers that set no caching of their own: they carry personal
 * data, the CSRF token and scope-dependent figures that no browser or proxy may keep.
 */
export function securityHeaders(basemapOrigins: readonly string[] = []): MiddlewareHandler {
  const csp = contentSecurityPolicy(basemapOrigins);
  return async (c, next) => {
    await next();
    const h = c.res.headers;
    h.set('Content-Security-Policy', csp);
    h.set('X-Content-Type-Options', 'nosniff');
    h.set('X-Frame-Options', 'DENY');
    h.set('Referrer-Policy', 'same-origin');
    h.set('Cross-Origin-Opener-Policy', 'same-origin');
    if (c.req.path.startsWith('/api/') && !h.has('Cache-Control')) h.set('Cache-Control', 'no-store');
  };
}
