/** How an `action` filter matches: `admin.*` is every action under `admin.`, anything else is exact. */
export function actionFilter(action: string | undefined): { exact: string | null; prefix: string | null } {
  if (!action) return { exact: null, prefix: null };
  return action.endsWith('*') ? { exact: null, prefix: action.slice(0, -1) } : { exact: action, prefix: null };
}
