/** Runs a POST load in a worker thread of this process (the server's event loop only serves) and returns its statistics. */
import { loadInWorker } from '../http-load.ts';
import type { Stats } from '../measure.ts';
import type { PostLoadRequest } from './post-worker.ts';

/** POSTs `bodies` round-robin to 127.0.0.1:port under `load`, from a worker thread. */
export function postLoad(request: PostLoadRequest): Promise<Stats> {
  return loadInWorker(new URL('./post-worker.ts', import.meta.url), request);
}
