import type { Sql } from 'postgres';

/** Loads the Haidian demo district once (placeholder until the loader lands). */
export async function loadHaidianDemo(_sql: Sql, _opts: { log?: (m: string) => void } = {}): Promise<{ loaded: boolean }> {
  return { loaded: false };
}
