/**
 * npm run create-admin -- <username> --jurisdiction <code> [--name <display name>]
 * Creates an admin account on a deployment that has none yet (production starts without the demo
 * accounts), against DATABASE_URL or the embedded cluster. Prints a temporary password once; it must
 * be changed at the first sign-in. Exit codes: 0 created, 1 refused, 2 usage.
 */
import { parseArgs } from 'node:util';
import { openDatabase } from '../../db/connect.ts';
import { migrate } from '../../db/migrate.ts';
import { AppError } from '../../http/errors.ts';
import { createAdminService } from './admin.service.ts';

const USAGE = 'usage: npm run create-admin -- <username> --jurisdiction <6/9/12-digit code> [--name <display name>]';

async function main(): Promise<number> {
  let args;
  try {
    const { values, positionals } = parseArgs({ allowPositionals: true, options: { jurisdiction: { type: 'string' }, name: { type: 'string' } } });
    const username = positionals[0]?.trim().toLowerCase() ?? '';
    if (!/^[a-z0-9_.-]{2,40}$/.test(username)) throw new Error('the username must be 2–40 of a–z, 0–9, _ . -');
    if (!/^\d{6}(\d{3})?(\d{3})?$/.test(values.jurisdiction ?? '')) throw new Error('--jurisdiction needs a 6, 9 or 12-digit division code');
    args = { username, jurisdictionCode: values.jurisdiction!, displayName: values.name?.trim() || username };
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const db = await openDatabase({ log: () => {} });
  try {
    await migrate(db.sql);
    const { temporaryPassword } = await createAdminService(db.sql, () => new Date()).createAdminFromCli(args);
    console.log(`Created admin "${args.username}" for ${args.jurisdictionCode}.\n` +
      `Temporary password (shown once; it must be changed at the first sign-in): ${temporaryPassword}`);
    return 0;
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    console.error(err.message);
    return 1;
  } finally {
    await db.close();
  }
}

process.exitCode = await main();
