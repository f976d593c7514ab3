/** A lean keep-alive HTTP client for loopback benchmarks (lighter than fetch, so the server gets the CPU). */
import { Agent, request } from 'node:http';

/** GETs paths from one origin over persistent connections. */
export interface HttpClient {
  /** Resolves to the body size; rejects on a status outside `ok`. */
  get(path: string, ok?: readonly number[]): Promise<number>;
  close(): void;
}

/** A client for http://127.0.0.1:port with at most `sockets` connections, sending `headers` (a session cookie) with every request. */
export function createHttpClient(port: number, sockets: number, headers: Record<string, string> = {}): HttpClient {
  const agent = new Agent({ keepAlive: true, maxSockets: sockets });
  return {
    get: (path, ok = [200]) =>
      new Promise((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path, agent, headers }, (res) => {
          let size = 0;
          res.on('data', (chunk: Buffer) => (size += chunk.length));
          res.on('end', () => (ok.includes(res.statusCode ?? 0) ? resolve(size) : reject(new Error(`${path}: HTTP ${res.statusCode}`))));
          res.on('error', reject);
        });
        req.on('error', reject);
        req.end();
      }),
    close: () => agent.destroy(),
  };
}
