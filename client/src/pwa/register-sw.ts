/**
 * Registers the service worker (client/public/sw.js) in a production build, once the page has loaded so
 * it never competes with the first paint. The development server is left alone: vite serves modules
 * that must never come from a cache. A browser without service workers (or over plain HTTP away from
 * localhost) simply runs without offline caching. The build's mode says production rather than
 * import.meta.env.PROD, which follows NODE_ENV and is false in a build made under a test runner.
 */
export function registerServiceWorker(prod = import.meta.env.MODE === 'production') {
  if (!prod || typeof navigator === 'undefined' || !('serviceWorker' in navigator) || !window.isSecureContext) return;
  const register = () => navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch((err: unknown) => console.warn('[pwa] service worker not registered:', err));
  if (document.readyState === 'complete') void register();
  else window.addEventListener('load', () => void register(), { once: true });
}
