import { existsSync, rmSync, writeFileSync } from 'node:fs';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { startEmbeddedCluster } from './cluster.ts';
import { findPostgres } from './pg-binaries.ts';

describe('embedded cluster', () => {
  it('finds PostgreSQL with PostGIS on this machine', () => {
    const pg = findPostgres();
    expect(pg?.hasPostgis).toBe(true);
    expect(pg!.major).toBeGreaterThanOrEqual(14);
  });

  it('creates a cluster, recovers one left running by a crash, and stops cleanly', async () => {
    const dir = `.wangge/cluster-test-${process.pid}`;
    try {
      const first = await startEmbeddedCluster({ dir, database: 'postgres', ephemeral: true, log: () => {} });
      expect(first.url).toMatch(/^postgres:\/\/wangge:.+@127\.0\.0\.1:\d+\/postgres$/);
      // simulate a crash: the owner is gone but the postmaster still runs
      rmSync(first.dataDir.replace(/data$/, 'owner.pid'));
      const second = await startEmbeddedCluster({ dir, database: 'postgres', ephemeral: true, log: () => {} });
      expect(second.port).not.toBe(first.port);
      const sql = postgres(second.url, { max: 1, onnotice: () => {} });
      const [row] = await sql`select 1 + 1 as two`;
      expect(row!.two).toBe(2);
      await sql.end();
      second.stop();
      expect(existsSync(`${second.dataDir}/postmaster.pid`)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses to share a cluster with a live Wangge process', async () => {
    const dir = `.wangge/cluster-busy-${process.pid}`;
    try {
      const c = await startEmbeddedCluster({ dir, database: 'postgres', ephemeral: true, log: () => {} });
      // another live owner (pid 1 always exists) must make a second start refuse
      writeFileSync(c.dataDir.replace(/data$/, 'owner.pid'), '1');
      await expect(startEmbeddedCluster({ dir, database: 'postgres', ephemeral: true, log: () => {} })).rejects.toThrow(/in use by another Wangge process/);
      c.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
