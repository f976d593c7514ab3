/**
 * The demo's responsible units (责任单位) of 学院路街道 and 海淀区 (data/incidents/demo-departments.json),
 * each with a work phone, and two department accounts (dept.chengguan, dept.huanwei) that act on the
 * cases dispatched to their unit. Loaded once, after the demo accounts, in one transaction.
 */
import departmentsFile from '../incidents/demo-departments.json' with { type: 'json' };
import type { Sql } from 'postgres';
import { z } from 'zod';
import { hashPassword } from '../../server/src/features/auth/auth.service.ts';
import { RESPONSIBLE_UNIT_KINDS } from '../../server/src/features/incidents/incidents.vocabulary.ts';
import { DEMO_PASSWORD } from './accounts.ts';

export const DEPARTMENTS_DATASET = 'demo-departments';

const fileSchema = z.object({
  version: z.string().min(1),
  departments: z.array(z.object({
    jurisdiction: z.string().regex(/^\d{6,12}$/),
    name: z.string().min(1).max(100),
    kind: z.enum(RESPONSIBLE_UNIT_KINDS),
    phone: z.string().max(40),
  })).min(1),
  accounts: z.array(z.object({
    username: z.string().regex(/^[a-z][a-z0-9.]{2,40}$/),
    displayName: z.string().min(1).max(50),
    department: z.string().min(1),
    phone: z.string().regex(/^\d{11}$/),
  })),
}).superRefine((f, ctx) => {
  const names = new Set(f.departments.map((d) => `${d.jurisdiction}/${d.name}`));
  if (names.size !== f.departments.length) ctx.addIssue({ code: 'custom', message: 'a department is named twice in one jurisdiction' });
  for (const a of f.accounts) {
    if (!f.departments.some((d) => d.name === a.department)) ctx.addIssue({ code: 'custom', message: `${a.username}: no department ${a.department}` });
  }
});

/** The demo's departments and department accounts, checked. */
export const DEMO_DEPARTMENTS = fileSchema.parse(departmentsFile);

/** Creates the demo departments and their accounts once (after the Haidian demo and its accounts). */
export async function loadDemoDepartments(sql: Sql, opts: { log?: (m: string) => void } = {}): Promise<{ loaded: boolean }> {
  const [done] = await sql`select 1 from dataset where name = ${DEPARTMENTS_DATASET}`;
  const [district] = await sql`select 1 from jurisdiction where code = '110108'`;
  if (done || !district) return { loaded: false };
  const hash = await hashPassword(DEMO_PASSWORD);
  const loaded = await sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(hashtext(${DEPARTMENTS_DATASET}))`;
    const [again] = await tx`select 1 from dataset where name = ${DEPARTMENTS_DATASET}`;
    if (again) return false;
    const rows = DEMO_DEPARTMENTS.departments;
    await tx`insert into department (jurisdiction_id, region_code, name, kind, phone)
      select j.id, j.region_code, d.name, d.kind, d.phone
      from jsonb_to_recordset(${tx.json(rows)}) as d(jurisdiction text, name text, kind text, phone text)
      join jurisdiction j on j.code = d.jurisdiction
      on conflict (jurisdiction_id, name) do nothing`;
    for (const a of DEMO_DEPARTMENTS.accounts) {
      const [u] = await tx`insert into app_user (username, display_name, phone, password_hash) values (${a.username}, ${a.displayName}, ${a.phone}, ${hash})
        on conflict (username) do nothing returning id`;
      if (!u) continue;
      // a department's staff need no grant: they see and act on what is dispatched to their unit
      await tx`insert into department_member (department_id, user_id)
        select d.id, ${u.id} from department d join jurisdiction j on j.id = d.jurisdiction_id
        where d.name = ${a.department} and j.code = any(${[...new Set(rows.map((r) => r.jurisdiction))]}::text[])`;
    }
    await tx`insert into dataset (name, details) values (${DEPARTMENTS_DATASET}, ${tx.json({ version: DEMO_DEPARTMENTS.version, departments: rows.length, accounts: DEMO_DEPARTMENTS.accounts.length })})`;
    return true;
  });
  if (loaded) opts.log?.(`[demo] ${DEMO_DEPARTMENTS.departments.length} departments and ${DEMO_DEPARTMENTS.accounts.length} department accounts ready`);
  return { loaded };
}
