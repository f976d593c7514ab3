/** What the print page needs from its URL: `?print=grid-file&plan=<id>&code=<code>`. */
export interface GridFilePrintParams {
  planId: number;
  code: string;
}

/** The print page to open (in a new tab) for a grid of a plan. */
export function gridFilePrintUrl(planId: number, code: string): string {
  return `/?${new URLSearchParams({ print: 'grid-file', plan: String(planId), code })}`;
}

/** Which print page the URL asks for, if any (App.vue switches on it). */
export function printMode(search: string): string | null {
  return new URLSearchParams(search).get('print');
}

/** The grid-file parameters of a URL query, or null when they are missing or malformed. */
export function gridFilePrintParams(search: string): GridFilePrintParams | null {
  const q = new URLSearchParams(search);
  if (q.get('print') !== 'grid-file') return null;
  const plan = q.get('plan') ?? '';
  const code = q.get('code') ?? '';
  if (!/^[1-9]\d{0,15}$/.test(plan) || !/^\d{14,15}$/.test(code)) return null;
  return { planId: Number(plan), code };
}

/** A count change with its sign: +30, −12 (a true minus sign), 0. */
export function signedCount(n: number, format: (n: number) => string): string {
  if (n > 0) return `+${format(n)}`;
  if (n < 0) return `−${format(-n)}`;
  return format(0);
}

const STAFF_ORDER = ['grid_leader', 'grid_assistant', 'supervisor', 'community_manager'];

/** Staff in the order a grid file lists them: leader, assistant, supervisors, community managers; by name within a role. */
export function sortStaff<T extends { role: string; displayName: string }>(staff: readonly T[]): T[] {
  const rank = (r: string) => (STAFF_ORDER.includes(r) ? STAFF_ORDER.indexOf(r) : STAFF_ORDER.length);
  return [...staff].sort((a, b) => rank(a.role) - rank(b.role) || a.displayName.localeCompare(b.displayName, 'zh-CN'));
}
