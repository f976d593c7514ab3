/** Template database names built once per test run by global-setup.ts. */
export const EMPTY_TEMPLATE = 'wangge_template';
export const DEMO_TEMPLATE = 'wangge_demo_template';

/** Replaces the database name in a postgres:// URL. */
export function withDb(url: string, db: string): string {
  return url.replace(/\/[^/?]*(\?|$)/, `/${db}$1`);
}
