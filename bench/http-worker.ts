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
}

const { port, paths, ok, load } = workerData as HttpLoadRequest;
const client = createHttpClient(port, load.concurrency);
const stats = await runLoad((i) => client.get(paths[i % paths.length]!, ok), load);
client.close();
parentPort?.postMessage(stats);
