/**
 * Worker thread that plays the web app's uploads: each request POSTs the next `batch` fixes of one patrol to
 * /api/patrols/:id/fixes with its worker's API key; request i goes to patrol i mod P, so each patrol's fixes
 * arrive in order and clients rarely share a patrol. A warm-up, then the measured run, over keep-alive.
 */
import { Agent, request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import { createRandom } from '../../data/seed/random.ts';
import { runLoad, type Stats } from '../measure.ts';
import { walk, type Box, type WalkFix } from './walk.ts';

/** One patrol the clients upload to. */
export interface UploadPatrol {
  id: number;
  key: string;
  box: Box;
  /** Seed of its walk (the baseline walks the same). */
  seed: string;
  /** Its first fix (ISO). */
  startAt: string;
}

/** What the main thread asks for. */
export interface FixesLoadRequest {
  port: number;
  patrols: UploadPatrol[];
  batch: number;
  intervalMs: number;
  speedMps: number;
  concurrency: number;
  warmSeconds: number;
  seconds: number;
}

/** What the server answered in the measured run, summed, and how many fixes each patrol's walk gave (warm-up included). */
export interface FixesLoadResult {
  warm: Stats;
  measured: Stats;
  taken: number[];
  answered: { stored: number; duplicates: number; setAside: number; refused: number };
}

const o = workerData as FixesLoadRequest;
const agent = new Agent({ keepAlive: true, maxSockets: o.concurrency });
const walks = o.patrols.map((p) => walk(createRandom(p.seed), { box: p.box, startAt: new Date(p.startAt), intervalMs: o.intervalMs, speedMps: o.speedMps }));
const taken = o.patrols.map(() => 0);
const answered = { stored: 0, duplicates: 0, setAside: 0, refused: 0 };

const wire = (f: WalkFix) => ({ at: f.at.toISOString(), lon: f.lon, lat: f.lat, accuracy: f.accuracy, speed: f.speed, heading: f.heading });

function upload(i: number): Promise<number> {
  const p = i % o.patrols.length;
  const fixes = Array.from({ length: o.batch }, () => wire(walks[p]!.next().value!));
  taken[p]! += o.batch;
  const body = JSON.stringify({ fixes });
  const path = `/api/patrols/${o.patrols[p]!.id}/fixes`;
  const headers = { authorization: `Bearer ${o.patrols[p]!.key}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: o.port, path, method: 'POST', agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        if (res.statusCode !== 200) return reject(new Error(`${path}: HTTP ${res.statusCode} ${Buffer.concat(chunks).toString().slice(0, 200)}`));
        const r = JSON.parse(Buffer.concat(chunks).toString()) as { stored: number; duplicates: number; setAside: number; refused: unknown[] };
        answered.stored += r.stored;
        answered.duplicates += r.duplicates;
        answered.setAside += r.setAside;
        answered.refused += r.refused.length;
        resolve(o.batch);
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

let next = 0;
const counted = (i: number) => upload(next + i);
const warm = await runLoad(counted, { concurrency: o.concurrency, maxRequests: 1e9, maxSeconds: o.warmSeconds });
next = warm.requests + warm.errors;
// the answers of the measured run only
Object.assign(answered, { stored: 0, duplicates: 0, setAside: 0, refused: 0 });
const measured = await runLoad(counted, { concurrency: o.concurrency, maxRequests: 1e9, maxSeconds: o.seconds });
agent.destroy();
parentPort?.postMessage({ warm, measured, taken, answered } satisfies FixesLoadResult);
