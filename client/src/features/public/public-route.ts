// Which public page a path is: in its own small module, as App.vue asks it before anything else loads.

/** A public page and what its path carries. */
export type PublicRoute = { page: 'incidents' } | { page: 'my-grid' } | { page: 'track'; token: string };

const TRACK = /^\/public\/track\/([A-Za-z0-9_-]{16,64})\/?$/;

/** The public page a path names, or null for the signed-in app (the server serves only these under /public). */
export function publicRoute(pathname: string): PublicRoute | null {
  const path = pathname.replace(/\/+$/, '');
  if (path === '/public/incidents') return { page: 'incidents' };
  if (path === '/public/my-grid') return { page: 'my-grid' };
  const m = TRACK.exec(pathname);
  return m ? { page: 'track', token: m[1]! } : null;
}
