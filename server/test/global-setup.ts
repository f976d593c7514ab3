import { rmSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { ensureBrowserDeps } from '../../client/e2e/browser-deps.ts';
import { ensureClientBuilt } from '../../client/e2e/build.ts';
import { reapOrphanClusters, startEmbeddedCluster, type EmbeddedCluster } from '../src/db/cluster.ts';
import { openSql } from '../src/db/connect.ts';
import { migrate } from '../src/db/migrate.ts';
import { seedIncidentReference } from '../src/features/incidents/incident-reference.seed.ts';
import { DEMO_TEMPLATE, EMPTY_TEMPLATE, withDb } from './templates.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    adminUrl: string;
  }
}

let cluster: EmbeddedCluster | undefined;


async function buildTemplate(adminUrl: string, name: string, fill: (url: string) => Promise<void>) {
  const admin = openSql(withDb(adminUrl, 'postgres'), 1);
  await admin.unsafe(`drop database if exists ${name}`);
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  await fill(withDb(adminUrl, name));
}

/** Starts one test cluster (or uses TEST_DATABASE_URL's server) and builds the template databases. */
export default async function setup(project: TestProject) {
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    // one cluster per test run, so parallel runs (and a running `npm start`) never share one;
    // clusters of runs that were killed before their teardown are stopped and removed first
    reapOrphanClusters('.wangge/test-pg');

    cluster = await startEmbeddedCluster({ dir: `.wangge/test-pg/${process.pid}`, database: 'postgres', ephemeral: true, log: () => {} });
    adminUrl = cluster.url;
  }
  await buildTemplate(adminUrl, EMPTY_TEMPLATE, async (url) => {
    const sql = openSql(url, 1);
    await migrate(sql);
    await seedIncidentReference(sql);
    await sql.end();
  });
  await buildTemplate(adminUrl, DEMO_TEMPLATE, async (url) => {
    const sql = openSql(url, 2);
    await migrate(sql);
    await seedIncidentReference(sql);
    const { loadHaidianDemo } = await import('../../data/seed/haidian.ts');
    await loadHaidianDemo(sql, { log: () => {} });
    const { loadDemoAccounts } = await import('../../data/seed/accounts.ts');
    await loadDemoAccounts(sql);
    const { loadDemoDepartments } = await import('../../data/seed/departments.ts');
    await loadDemoDepartments(sql);
    // the history ends when the template is built: tests that need a fixed moment read it from its dataset row
    const { loadIncidentHistory } = await import('../../data/seed/incident-history.ts');
    await loadIncidentHistory(sql);
    // a month of synthetic patrols ending now, and its coverage
    const { loadPatrolHistory } = await import('../../data/seed/patrol-history.ts');
    await loadPatrolHistory(sql);
    await sql.end();
  });
  // once, before any browser test file starts a server on dist/ (and Chromium, fonts: installed if missing)
  ensureBrowserDeps();
  ensureClientBuilt();
  project.provide('adminUrl', adminUrl);
  return () => {
    cluster?.stop();
    if (cluster) rmSync(cluster.dataDir.replace(/\/data$/, ''), { recursive: true, force: true });
  };
}
