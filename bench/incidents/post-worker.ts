/** Worker thread that plays the reporting clients: POSTs JSON bodies round-robin over keep-alive connections. */
import { Agent, request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import { runLoad, type LoadOptions } from '../measure.ts';

/** What the main thread asks the worker to send. */
export interface PostLoadRequest {
  port: number;
  path: string;
  bodies: string[];
  ok: number[];
  load: LoadOptions;
  headers: Record<string, string>;
  /** The first body sent by this run (so rounds send different reports). */
  offset: number;
}

const { port, path, bodies, ok, load, headers, offset } = workerData as PostLoadRequest;
const agent = new Agent({ keepAlive: true, maxSockets: load.concurrency });

function post(body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', agent, headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      let size = 0;
      res.on('data', (chunk: Buffer) => (size += chunk.length));
      res.on('end', () => (ok.includes(res.statusCode ?? 0) ? resolve(size) : reject(new Error(`${path}: HTTP ${res.statusCode}`))));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

const stats = await runLoad((i) => post(bodies[(offset + i) % bodies.length]!), load);
agent.destroy();
parentPort?.postMessage(stats);
