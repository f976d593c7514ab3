/**
 * `npm run bench -- incidents-list incidents-intake`: a scratch database with the synthetic town and a
 * year of cases (a million by default), the real HTTP server on 127.0.0.1, the list's latency and then the
 * intake rate, each beside the repository's bare SQL; the scratch database is dropped at the end.
 */
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { serve, type ServerType } from '@hono/node-server';
import { createApp } from '../../server/src/app.ts';
import { describeMachine } from '../report.ts';
import { writeCases } from './cases.ts';
import { benchIntake } from './intake.ts';
import { benchList } from './list.ts';
import { intakeMarkdown, listMarkdown } from './report.ts';
import { openScratchDatabase } from './scratch.ts';
import { commanderCookie, reporterKey, writeTown } from './town.ts';

export const INCIDENT_SUITES = ['incidents-list', 'incidents-intake'] as const;
export type IncidentSuite = (typeof INCIDENT_SUITES)[number];

export interface IncidentOptions {
  suites: readonly IncidentSuite[];
  cases: number;
  intakeSeconds: number;
  intakeConcurrency: number;
  listRequests: number;
  rounds: number;
  log: (m: string) => void;
  /** Writes one suite's section of RESULTS.md. */
  write: (suite: IncidentSuite, body: string) => void;
}

async function listening(server: ServerType): Promise<number> {
  if (!server.listening) await new Promise((r) => server.once('listening', r));
  return (server.address() as AddressInfo).port;
}

/** Runs the incident suites asked for. */
export async function runIncidents(opts: IncidentOptions): Promise<void> {
  const loadBefore = loadavg()[0] ?? 0;
  const db = await openScratchDatabase(opts.log);
  let server: ServerType | undefined;
  try {
    const town = await writeTown(db.sql, opts.log);
    const end = new Date();
    const casesSeconds = await writeCases(db.sql, opts.cases, end, 1, opts.log);
    server = serve({ fetch: createApp({ sql: db.sql }).fetch, port: 0, hostname: '127.0.0.1' });
    const port = await listening(server);
    const flags = `--incident-cases ${opts.cases}`;
    if (opts.suites.includes('incidents-list')) {
      const { cookie, userId } = await commanderCookie(db.sql);
      const results = await benchList({ sql: db.sql, port, cookie, userId, now: new Date(), requests: opts.listRequests, rounds: opts.rounds, log: opts.log });
      const machine = await describeMachine(db.sql, loadBefore);
      opts.write('incidents-list', listMarkdown(machine, town, opts.cases, casesSeconds, results,
        `npm run bench -- incidents-list ${flags} --list-requests ${opts.listRequests} --rounds ${opts.rounds}`));
    }
    if (opts.suites.includes('incidents-intake')) {
      const { key, userId } = await reporterKey(db.sql);
      const before = loadavg()[0] ?? 0;
      const result = await benchIntake({ sql: db.sql, port, key, userId, concurrency: opts.intakeConcurrency, seconds: opts.intakeSeconds, log: opts.log });
      const machine = await describeMachine(db.sql, before);
      opts.write('incidents-intake', intakeMarkdown(machine, town, opts.cases, result, opts.intakeConcurrency,
        `npm run bench -- incidents-intake ${flags} --intake-seconds ${opts.intakeSeconds} --intake-concurrency ${opts.intakeConcurrency}`));
    }
  } finally {
    server?.close();
    await db.close();
  }
}
