import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { createJurisdictions, createSession, createUser, square } from '../../test/factories.ts';
import { startEmbeddedCluster, type EmbeddedCluster } from './cluster.ts';
import { ensureDatabase, openSql } from './connect.ts';
import { migrate } from './migrate.ts';

// Issue 8, point 6: a 2xx means the write is on disk. The embedded cluster (as `npm start` runs it,
// not the tests' throw-away one) is killed with SIGKILL right after acknowledged writes; after a
// restart every write and its audit record are there.
const dir = `.wangge/durability-test-${process.pid}`;
let cluster: EmbeddedCluster | undefined;
afterAll(() => {
  cluster?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** SIGKILL to the postmaster and every process it started: what a power cut leaves behind. */
function killCluster(dataDir: string) {
  const postmaster = Number(readFileSync(`${dataDir}/postmaster.pid`, 'utf8').split('\n')[0]);
  const children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(postmaster)], { encoding: 'utf8' })
    .split('\n').map((l) => Number(l.trim())).filter((n) => n > 0);
  for (const pid of [postmaster, ...children]) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

describe('durability of acknowledged writes', () => {
  it('keeps all 30 acknowledged updates and their audit rows after PostgreSQL is killed', async () => {
    cluster = await startEmbeddedCluster({ dir, database: 'wangge', log: () => {} });
    await ensureDatabase(cluster.url, 'wangge');
    let sql = openSql(cluster.url, 4);
    await migrate(sql);
    const { countyId } = await createJurisdictions(sql, { wkt: square(121.4, 31.2, 0.01) });
    const admin = await createUser(sql, { grants: [{ role: 'admin', jurisdictionId: countyId }] });
    const target = await createUser(sql, {});
    const s = await createSession(sql, admin.id);
    const app = createApp({ sql });
    for (let i = 1; i <= 30; i++) {
      const res = await app.request(`/api/admin/users/${target.id}`, {
        method: 'PATCH', body: JSON.stringify({ displayName: `第 ${i} 次` }),
        headers: { Cookie: s.cookie, 'X-CSRF-Token': s.csrfToken, 'Content-Type': 'application/json' },
      });
      expect(res.status).toBe(200);
    }
    killCluster(cluster.dataDir);
    await sql.end({ timeout: 1 }).catch(() => {});
    cluster = await startEmbeddedCluster({ dir, database: 'wangge', log: () => {} });
    sql = openSql(cluster.url, 1);
    const [u] = await sql`select display_name from app_user where id = ${target.id}`;
    const [a] = await sql`select count(*)::int as n from audit_log where action = 'admin.user.update' and entity_id = ${target.id}`;
    await sql.end();
    expect(u!.display_name).toBe('第 30 次');
    expect(a!.n).toBe(30);
  }, 120_000);
});
