import type { Sql } from 'postgres';
import { createApp } from '../src/app.ts';
import { createSession } from './factories.ts';

/** Signs every account of the database in and returns a JSON request helper acting as any of them. */
export async function signedInSender(sql: Sql) {
  const as: Record<string, { cookie: string; csrfToken: string }> = {};
  for (const u of await sql`select id, username from app_user`) as[u.username] = await createSession(sql, Number(u.id));
  return (who: string, method: string, path: string, body?: unknown) =>
    createApp({ sql }).request(path, {
      method, body: body === undefined ? undefined : JSON.stringify(body),
      headers: { Cookie: as[who]!.cookie, 'X-CSRF-Token': as[who]!.csrfToken, 'Content-Type': 'application/json' },
    });
}

/** The JSON body of a response, typed by the caller. */
export const json = async <T = Record<string, unknown>>(res: Response) => (await res.json()) as T;
