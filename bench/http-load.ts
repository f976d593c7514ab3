/** Runs an HTTP load in a worker thread of this process and returns its statistics. */
import { Worker } from 'node:worker_threads';
import type { HttpLoadRequest } from './http-worker.ts';
import type { Stats } from './measure.ts';

// Workers do not inherit tsx's loader: register it in the worker, then load the TypeScript module.
const BOOT = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(new URL('./http-worker.ts', import.meta.url).href)}); })`;

/** GETs `paths` round-robin from 127.0.0.1:port under `load`, from a worker thread. */
export function httpLoad(request: HttpLoadRequest): Promise<Stats> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(BOOT, { eval: true, workerData: request });
    worker.once('message', (stats: Stats) => resolve(stats));
    worker.once('error', reject);
    worker.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`HTTP load worker exited with ${code}`))));
  });
}
