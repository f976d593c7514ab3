import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notificationsWorld, type NotificationsWorld } from './notifications.fixtures.ts';
import { createReminderScheduler, OVERDUE_LOOKBACK_MS } from './reminders.scheduler.ts';

// The server's own deadline clock: reminders 4 working hours before a case is due, overdue flags after,
// each once per person and case whatever runs twice. Times are Beijing's (UTC+8).
let w: NotificationsWorld;
let caseId: number;
const at = (beijing: string) => new Date(`${beijing}+08:00`);
const scheduler = () => createReminderScheduler({ sql: w.db.sql, center: w.center, clock: w.now });
/** Notifications the tick at `t` created, of every case (the demo's own history has open cases too). */
const createdAt = async (t: Date) => Number((await w.db.sql`select count(*)::int as n from notification where created_at = ${t}`)[0]!.n);
const rows = async (id: number) => (await w.db.sql`select u.username, n.kind, n.dedupe from notification n join app_user u on u.id = n.user_id
  where n.incident_id = ${id} and n.kind in ('reminder', 'overdue') order by n.kind, u.username`).map((r) => `${r.kind} ${r.username} ${r.dedupe}`);

beforeAll(async () => {
  w = await notificationsWorld(at('2026-12-07T10:00'));
  // a case of 3 working days (0203), dispatched by 富润社区 to the street office's sanitation unit on Monday 10:00
  const { id } = await w.report('manager.furun');
  await w.act('manager.furun', id, { action: 'accept' });
  const dispatched = await w.act('manager.furun', id, { action: 'dispatch', assignee: { kind: 'department', unitId: String(w.departmentId) } });
  expect(dispatched.deadline.dueAt).toBe(at('2026-12-10T17:30').toISOString()); // Thursday at the close of the day
  caseId = id;
});
afterAll(() => w.db.drop());

describe('reminders before the due time', () => {
  it('counts 4 working hours on the calendar: nothing on Thursday 11:00 (due in 5 h), a reminder at 12:00 (lunch does not count)', async () => {
    const s = scheduler();
    expect(await s.tick(at('2026-12-09T17:00'))).toMatchObject({ ran: true });
    expect(await s.tick(at('2026-12-10T11:00'))).toMatchObject({ ran: true });
    expect(await rows(caseId)).toEqual([]);
    const r = await s.tick(at('2026-12-10T12:00'));
    expect(r.reminders + r.overdue).toBe(await createdAt(at('2026-12-10T12:00')));
    const due = at('2026-12-10T17:30').toISOString();
    // the handler (the department's member) and the centre holding the case; not the level above yet
    expect(await rows(caseId)).toEqual([`reminder dept.sanitation ${due}`, `reminder manager.furun ${due}`]);
  });

  it('reminds nobody twice, however many ticks run at once in however many processes', async () => {
    const [a, b] = [scheduler(), scheduler()];
    const before = await rows(caseId);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).tick(at('2026-12-10T12:01'))));
    // what the ticks say they created is what exists, each pushed once
    expect(results.reduce((n, r) => n + r.reminders + r.overdue, 0)).toBe(await createdAt(at('2026-12-10T12:01')));
    expect(await rows(caseId)).toEqual(before);
    expect(before).toHaveLength(2);
  });
});

describe('overdue flags after it', () => {
  it('flags the case once to the handler, the centre and the level above, from 20 concurrent ticks of two processes', async () => {
    const [a, b] = [scheduler(), scheduler()];
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).tick(at('2026-12-10T17:31'))));
    expect(results.some((r) => r.ran)).toBe(true);
    expect(results.reduce((n, r) => n + r.overdue + r.reminders, 0)).toBe(await createdAt(at('2026-12-10T17:31')));
    const due = at('2026-12-10T17:30').toISOString();
    expect((await rows(caseId)).filter((r) => r.startsWith('overdue'))).toEqual([
      `overdue commander ${due}`, `overdue dept.sanitation ${due}`, `overdue manager.furun ${due}`,
    ]);
    const [n] = await w.db.sql`select count(*)::int as n from notification where incident_id = ${caseId} group by user_id, kind order by n desc limit 1`;
    expect(n!.n).toBe(1);
    const flagged = await rows(caseId);
    await a.tick(at('2026-12-11T09:00'));
    expect(await rows(caseId)).toEqual(flagged);
  });

  it('reminds again of a new due time (an approved extension) and never of closed cases', async () => {
    await w.setNow(at('2026-12-11T09:00'));
    await w.act('dept.sanitation', caseId, { action: 'start' });
    await w.act('dept.sanitation', caseId, { action: 'request_extension', note: '需订购配件', extra: { amount: 2, unit: 'working_days' } });
    const extended = await w.act('manager.furun', caseId, { action: 'approve_request' });
    expect(extended.deadline.dueAt).toBe(at('2026-12-14T17:30').toISOString()); // two working days after Thursday: Friday, Monday
    const s = scheduler();
    await s.tick(at('2026-12-14T14:00'));
    const due = at('2026-12-14T17:30').toISOString();
    expect((await rows(caseId)).filter((r) => r.endsWith(due))).toEqual([`reminder dept.sanitation ${due}`, `reminder manager.furun ${due}`]);
    await w.setNow(at('2026-12-14T15:00'));
    await w.act('dept.sanitation', caseId, { action: 'feed_back', note: '已更换' });
    await w.act('manager.furun', caseId, { action: 'verify' });
    const closed = await rows(caseId);
    await s.tick(at('2026-12-15T09:00'));
    expect(await rows(caseId)).toEqual(closed);
  });

  it('leaves alone a case that went overdue before the lookback (no server ran then: it is in every overdue list anyway)', async () => {
    const { id } = await w.report('manager.furun');
    const [row] = await w.db.sql`select due_at from incident where id = ${id}`;
    const s = scheduler();
    await s.tick(new Date((row!.due_at as Date).getTime() + OVERDUE_LOOKBACK_MS + 60_000));
    expect(await rows(id)).toEqual([]);
    // the community holds the reported case: its manager reported it and is still told it is late
    await s.tick(new Date((row!.due_at as Date).getTime() + 60_000));
    expect(await rows(id)).toContain(`overdue manager.furun ${(row!.due_at as Date).toISOString()}`);
  });
});

describe('the timer', () => {
  it('ticks on its own once started, with the clock it was given, and stops', async () => {
    const { id } = await w.report('manager.furun');
    const [row] = await w.db.sql`select due_at from incident where id = ${id}`;
    const late = new Date((row!.due_at as Date).getTime() + 120_000);
    const s = createReminderScheduler({ sql: w.db.sql, center: w.center, clock: () => late, intervalMs: 20 });
    s.start();
    await expect.poll(() => rows(id), { timeout: 10_000 }).toContain(`overdue commander ${(row!.due_at as Date).toISOString()}`);
    await s.stop();
    // a case as late as that one, after the stop: no tick comes for it
    const { id: unseen } = await w.report('manager.furun');
    await new Promise((r) => setTimeout(r, 200));
    expect(await rows(unseen)).toEqual([]);
  });
});
