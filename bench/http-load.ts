/** Runs an HTTP load in a worker thread of this process and returns its statistics. */
import { Worker } from 'node:worker_threads';
import type { HttpLoadRequest } from './http-worker.ts';
import type { Stats } from './measure.ts';

/** Runs the worker module at `url` (it posts its Stats, or what it measures, back) in a worker thread with `data`. */
export function loadInWorker<T = Stats>(url: URL, data: unknown): Promise<T> {
  // Workers do not inherit tsx's loader: register it in the worker, then load the TypeScript module.
  const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); })`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(boot, { eval: true, workerData: data });
    worker.once('message', (stats: T) => resolve(stats));
    worker.once('error', reject);
    worker.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`load worker exited with ${code}`))));
  });
}

/** GETs `paths` round-robin from 127.0.0.1:port under `load`, from a worker thread. */
export function httpLoad(request: HttpLoadRequest): Promise<Stats> {
  return loadInWorker(new URL('./http-worker.ts', import.meta.url), request);
}
