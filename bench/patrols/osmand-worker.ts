/**
 * Worker thread that plays Traccar Client on `devices` phones, each reporting one fix every
 * (devices ÷ perSecond) seconds: GET /gps/osmand with the query the app sends (id, timestamp in epoch seconds,
 * lat, lon, speed in knots, bearing, altitude, accuracy, batt), requests spread evenly, open loop. One round of
 * every device first (each opens its patrol), then the measured run.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createRandom } from '../../data/seed/random.ts';
import { createHttpClient } from '../http-client.ts';
import { runPaced, type PacedStats } from './paced.ts';
import { walk, type Box } from './walk.ts';

/** What the main thread asks for. */
export interface OsmandLoadRequest {
  port: number;
  devices: { identifier: string; box: Box }[];
  perSecond: number;
  seconds: number;
  sockets: number;
}

const KNOT_MPS = 1852 / 3600;
const o = workerData as OsmandLoadRequest;
const client = createHttpClient(o.port, o.sockets);
const interval = (o.devices.length / o.perSecond) * 1000;
const walks = o.devices.map((d) => walk(createRandom(`osmand/${d.identifier}`), { box: d.box, startAt: new Date(), intervalMs: interval, speedMps: 1.3 }));

function report(j: number): Promise<number> {
  const d = j % o.devices.length;
  const f = walks[d]!.next().value!;
  const q = `id=${o.devices[d]!.identifier}&timestamp=${Math.floor(Date.now() / 1000)}&lat=${f.lat}&lon=${f.lon}` +
    `&speed=${(f.speed / KNOT_MPS).toFixed(1)}&bearing=${f.heading}.0&altitude=${(40 + (j % 7)).toFixed(1)}&accuracy=${f.accuracy}.0&batt=${90 - (j % 50)}.0`;
  return client.get(`/gps/osmand?${q}`, [200]);
}

const warm = await runPaced(report, { perSecond: o.perSecond, seconds: interval / 1000 });
const measured = await runPaced(report, { perSecond: o.perSecond, seconds: o.seconds, first: warm.sent });
client.close();
parentPort?.postMessage({ warm, measured } satisfies { warm: PacedStats; measured: PacedStats });
