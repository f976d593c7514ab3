/** `npm run generate -- --households N`: builds a synthetic town in DATABASE_URL or the embedded cluster. */
import { openDatabase } from '../../server/src/db/connect.ts';
import { migrate } from '../../server/src/db/migrate.ts';
import { parseGenerateArgs, USAGE } from './args.ts';
import { generateSyntheticTown } from './generate.ts';
import { RegionInUseError } from './region.ts';

async function main() {
  let opts;
  try {
    opts = parseGenerateArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  const db = await openDatabase({ log: console.log });
  process.once('exit', db.stopClusterSync);
  process.once('SIGINT', () => process.exit(130));
  process.once('SIGTERM', () => process.exit(143));
  try {
    await migrate(db.sql);
    const started = performance.now();
    const summary = await generateSyntheticTown(db.sql, { ...opts, log: console.log });
    console.log(`[generate] done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    console.table(summary.counts);
    console.table(summary.phases);
  } catch (err) {
    if (err instanceof RegionInUseError || err instanceof RangeError) console.error(err.message);
    else console.error(err);
    process.exitCode = 1;
  } finally {
    await db.close();
  }
}

await main();
