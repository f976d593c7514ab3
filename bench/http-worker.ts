/** Worker thread that plays the HTTP clients, so the server's event loop serves requests and does nothing else. */
import { parentPort, workerData } from 'node:worker_threads';
import { createHttpClient } from './http-client.ts';
import { runLoad, type LoadOptions } from './measure.ts';

/** What the main thread asks the worker to fetch. */
export interface HttpLoadRequest {
  port: number;
  paths: string[];
  ok: number[];
  load: LoadOptions;
  /** Requests made before measuring, in this same worker, so its client code is warm (JIT). */
  warmup?: number;
  /** Sent with every request: the session cookie of a signed-in run. */
  headers?: Record<string, string>;
}

const { port, paths, ok, load, warmup = 2000, headers } = workerData as HttpLoadRequest;
const client = createHttpClient(port, load.concurrency, headers);
// a fresh worker runs its client cold: unwarmed, 2,000 requests measured ~4× slower than warm ones
if (warmup > 0) await runLoad((i) => client.get(paths[i % paths.length]!, ok), { ...load, maxRequests: warmup });
const stats = await runLoad((i) => client.get(paths[i % paths.length]!, ok), load);
client.close();
parentPort?.postMessage(stats);
