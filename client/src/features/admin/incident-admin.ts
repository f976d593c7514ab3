// Pure rules of the 事件设置 tab: the category tree, the forms of categories, departments and local
// calendar days (what they check before sending, and the body they send), and the places an admin
// manages departments in. No Vue, no HTTP: tested on its own.
import { ROLE_PERMISSIONS, type Role } from '../../../../server/src/features/auth/permissions.domain.ts';
import { LIMIT_UNITS, type LimitUnit } from '../../../../server/src/features/incidents/deadline.domain.ts';
import { FIRST_LOCAL_CLASS, isCalendarDate, newCategoryCodeProblem } from '../../../../server/src/features/incidents/incident-admin.domain.ts';
import { RESPONSIBLE_UNIT_KINDS } from '../../../../server/src/features/incidents/incidents.vocabulary.ts';
import type { AdminCategory, CategoryPatch, NewCategory } from '../../api/incident-admin.ts';
import type { ErrorText } from '../../ui/error-message.ts';

export { FIRST_LOCAL_CLASS, LIMIT_UNITS, RESPONSIBLE_UNIT_KINDS };
export type { LimitUnit };
export type FormErrors = Record<string, ErrorText>;

/** A class with its minor classes, in the server's order. */
export interface CategoryNode {
  cls: AdminCategory;
  minors: AdminCategory[];
}

/** The flat list (each class followed by its minor classes) as a tree. */
export function categoryTree(items: readonly AdminCategory[]): CategoryNode[] {
  const nodes: CategoryNode[] = [];
  for (const c of items) {
    if (c.parentCode === null) nodes.push({ cls: c, minors: [] });
    else nodes.find((n) => n.cls.code === c.parentCode)?.minors.push(c);
  }
  return nodes;
}

/** The next free minor code of a class ('0110' after '0109'), or '' when 01–99 are all taken. */
export function nextMinorCode(node: CategoryNode): string {
  const used = new Set(node.minors.map((m) => Number(m.code.slice(2))));
  for (let n = 1; n <= 99; n++) if (!used.has(n)) return `${node.cls.code}${String(n).padStart(2, '0')}`;
  return '';
}

/** The first free local class code (20–99), or ''. */
export function nextClassCode(nodes: readonly CategoryNode[]): string {
  const used = new Set(nodes.map((n) => Number(n.cls.code)));
  for (let n = FIRST_LOCAL_CLASS; n <= 99; n++) if (!used.has(n)) return String(n);
  return '';
}

/** What a category drawer holds: a class uses the names, order and state; a minor class all of it. */
export interface CategoryForm {
  code: string;
  nameZh: string;
  nameEn: string;
  filingZh: string;
  filingEn: string;
  closingZh: string;
  closingEn: string;
  /** The limit's amount as typed; with limitUnit '' the minor class follows its level's default. */
  limitValue: string;
  limitUnit: LimitUnit | '';
  responsible: string;
  active: boolean;
  sortOrder: string;
}

/** The form of a category being edited, or an empty one with a code. */
export function categoryForm(c?: AdminCategory, code = ''): CategoryForm {
  return {
    code: c?.code ?? code, nameZh: c?.name ?? '', nameEn: c?.nameEn ?? '', filingZh: c?.filing?.zh ?? '', filingEn: c?.filing?.en ?? '',
    closingZh: c?.closing?.zh ?? '', closingEn: c?.closing?.en ?? '', limitValue: c?.limit ? String(c.limit.value) : '',
    limitUnit: c?.limit?.unit ?? '', responsible: c?.responsible ?? '', active: c?.active ?? true, sortOrder: c ? String(c.sortOrder) : '',
  };
}

const text = (key: string, params?: Record<string, string | number>): ErrorText => ({ key: `incidentAdmin.errors.${key}`, ...(params ? { params } : {}) });

/** What is wrong with a category form before it is sent, by field ('' fields are fine); `prefix` names the fields of a nested minor class. */
export function checkCategoryForm(f: CategoryForm, opts: { isClass: boolean; creating: boolean; parentCode?: string }, prefix = ''): FormErrors {
  const e: FormErrors = {};
  const put = (field: string, t: ErrorText) => (e[`${prefix}${field}`] = t);
  if (opts.creating) {
    const wrongLength = opts.isClass ? !/^\d{2}$/.test(f.code) : !/^\d{4}$/.test(f.code);
    if (wrongLength) put('code', text(opts.isClass ? 'classCode' : 'minorCode'));
    else if (newCategoryCodeProblem(f.code, opts.parentCode)) put('code', text(opts.isClass ? 'localClass' : 'minorUnder', { min: FIRST_LOCAL_CLASS, parent: opts.parentCode ?? '' }));
  }
  if (!f.nameZh.trim()) put('nameZh', text('required'));
  else if (f.nameZh.trim().length > 50) put('nameZh', text('tooLong', { max: 50 }));
  if (f.nameEn.trim().length > 100) put('nameEn', text('tooLong', { max: 100 }));
  if (f.sortOrder.trim() && !/^-?\d{1,7}$/.test(f.sortOrder.trim())) put('sortOrder', text('wholeNumber'));
  if (opts.isClass) return e;
  if (!f.filingZh.trim()) put('filingZh', text('required'));
  if (!f.closingZh.trim()) put('closingZh', text('required'));
  if (!f.responsible) put('responsible', text('choose'));
  if (f.limitUnit) {
    const v = Number(f.limitValue.trim());
    if (!f.limitValue.trim() || !Number.isFinite(v) || v <= 0) put('limit', text('limitPositive'));
    else if (v > 3650) put('limit', text('limitMax'));
    else if (f.limitUnit === 'working_days' && !Number.isInteger(v)) put('limit', text('wholeDays'));
  }
  return e;
}

const trimmed = (s: string) => s.trim() || undefined;
const limitOf = (f: CategoryForm) => (f.limitUnit ? { value: Number(f.limitValue.trim()), unit: f.limitUnit } : null);
const sortOf = (f: CategoryForm) => (f.sortOrder.trim() ? { sortOrder: Number(f.sortOrder.trim()) } : {});

/** A minor class's body as the server takes it (checked first). */
function minorBody(f: CategoryForm) {
  return {
    code: f.code, nameZh: f.nameZh.trim(), ...(trimmed(f.nameEn) ? { nameEn: f.nameEn.trim() } : {}),
    filing: { zh: f.filingZh.trim(), ...(trimmed(f.filingEn) ? { en: f.filingEn.trim() } : {}) },
    closing: { zh: f.closingZh.trim(), ...(trimmed(f.closingEn) ? { en: f.closingEn.trim() } : {}) },
    limit: limitOf(f), responsible: f.responsible as (typeof RESPONSIBLE_UNIT_KINDS)[number], active: f.active, ...sortOf(f),
  };
}

/** POST body: a minor class, or a local class with its first minor class. */
export function newCategoryBody(f: CategoryForm, firstMinor?: CategoryForm): NewCategory {
  if (!firstMinor) return minorBody(f);
  return { code: f.code, nameZh: f.nameZh.trim(), ...(trimmed(f.nameEn) ? { nameEn: f.nameEn.trim() } : {}), active: f.active, ...sortOf(f), minors: [minorBody(firstMinor)] };
}

/** PATCH body: the fields that differ from the category as read (empty when nothing changed). */
export function categoryPatch(f: CategoryForm, c: AdminCategory): CategoryPatch {
  const p: CategoryPatch = {};
  if (f.nameZh.trim() !== c.name) p.nameZh = f.nameZh.trim();
  if (f.nameEn.trim() && f.nameEn.trim() !== c.nameEn) p.nameEn = f.nameEn.trim();
  if (f.active !== c.active) p.active = f.active;
  if (f.sortOrder.trim() && Number(f.sortOrder) !== c.sortOrder) p.sortOrder = Number(f.sortOrder);
  if (c.parentCode === null) return p;
  const m = minorBody(f);
  if (m.filing.zh !== c.filing?.zh || (m.filing.en ?? '') !== (c.filing?.en ?? '')) p.filing = m.filing;
  if (m.closing.zh !== c.closing?.zh || (m.closing.en ?? '') !== (c.closing?.en ?? '')) p.closing = m.closing;
  if (JSON.stringify(m.limit) !== JSON.stringify(c.limit)) p.limit = m.limit;
  if (m.responsible !== c.responsible) p.responsible = m.responsible;
  return p;
}

/** Jurisdiction codes of the grants that manage incidents' reference data. */
export function manageCodes(roles: readonly { role: string; scope: { jurisdiction: { code: string } | null } }[]): string[] {
  return roles.filter((r) => (ROLE_PERMISSIONS[r.role as Role] ?? []).includes('incidents.manage') && r.scope.jurisdiction).map((r) => r.scope.jurisdiction!.code);
}

interface Node { id: number; code: string; name: string; level: string; children?: readonly Node[] }

/** Street offices and counties an admin manages departments in, each county followed by its street offices. */
export function departmentPlaces(tree: readonly Node[], codes: readonly string[]): { id: number; code: string; label: string; depth: number }[] {
  const inScope = (code: string) => codes.some((c) => code.startsWith(c));
  const walk = (nodes: readonly Node[], depth: number): { id: number; code: string; label: string; depth: number }[] =>
    nodes.flatMap((n) => {
      const below = walk(n.children ?? [], n.level === 'county' && inScope(n.code) ? depth + 1 : depth);
      return (n.level === 'county' || n.level === 'town') && inScope(n.code) ? [{ id: n.id, code: n.code, label: n.name, depth }, ...below] : below;
    });
  return walk(tree, 0);
}

/** The errors still standing once the form has changed: a field flagged before is checked again, none is newly flagged. */
export function stillWrong(before: FormErrors, now: FormErrors): FormErrors {
  return Object.fromEntries(Object.keys(before).flatMap((k) => (now[k] ? [[k, now[k]]] : [])));
}

/** What a department drawer holds. */
export interface DepartmentForm {
  name: string;
  kind: string;
  phone: string;
  active: boolean;
}

/** What is wrong with a department form before it is sent. */
export function checkDepartmentForm(f: DepartmentForm): FormErrors {
  const e: FormErrors = {};
  if (!f.name.trim()) e.name = text('required');
  else if (f.name.trim().length > 100) e.name = text('tooLong', { max: 100 });
  if (!f.kind) e.kind = text('choose');
  if (f.phone.trim() && !/^\+?\d[\d ()-]{2,38}$/.test(f.phone.trim())) e.phone = text('phone');
  return e;
}

/** What is wrong with a local day before it is sent. */
export function checkDayForm(f: { date: string; kind: string; nameZh: string }): FormErrors {
  const e: FormErrors = {};
  if (!isCalendarDate(f.date)) e.date = text('date');
  if (f.kind !== 'holiday' && f.kind !== 'workday') e.kind = text('choose');
  if (!f.nameZh.trim()) e.nameZh = text('required');
  else if (f.nameZh.trim().length > 50) e.nameZh = text('tooLong', { max: 50 });
  return e;
}

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/** The weekday of a date as a message key (`sun` … `sat`), counted without the machine's zone. */
export function weekday(date: string): (typeof WEEKDAYS)[number] {
  return WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()]!;
}
