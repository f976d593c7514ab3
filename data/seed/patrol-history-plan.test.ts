import { describe, expect, it } from 'vitest';
import { addDays, dayOf } from '../../server/src/features/coverage/coverage.domain.ts';
import { ASSISTANT_IDLE_DAYS, planWalks, type HistoryWorker } from './patrol-history-plan.ts';

const workers: HistoryWorker[] = [
  { userId: 6, username: 'leader', role: 'grid_leader', gridCodes: ['110108010031002'] },
  { userId: 7, username: 'assistant', role: 'grid_assistant', gridCodes: ['110108010031002'] },
  { userId: 4, username: 'supervisor', role: 'supervisor', gridCodes: ['110108010019001', '110108010019003', '110108010019004'] },
  { userId: 9, username: 'nobody', role: 'grid_leader', gridCodes: [] },
];
const now = new Date('2026-12-07T12:00:00Z'); // 20:00 in Beijing
const plan = () => planWalks({ workers, now, days: 30, seed: 's' });

describe('the demo month of walks', () => {
  it('is the same for the same seed and moment, and differs for another seed', () => {
    expect(plan()).toEqual(plan());
    expect(planWalks({ workers, now, days: 30, seed: 't' })).not.toEqual(plan());
  });

  it('has leaders out most mornings and assistants most afternoons, but none of the assistants lately', () => {
    const walks = plan();
    const days = (userId: number) => walks.filter((w) => w.userId === userId).map((w) => dayOf(w.startAt));
    expect(days(6).length).toBeGreaterThan(20);
    expect(days(7).length).toBeGreaterThan(15);
    const lately = addDays(dayOf(now), -ASSISTANT_IDLE_DAYS);
    expect(days(7).every((d) => d < lately)).toBe(true);
    expect(walks.filter((w) => w.userId === 6).every((w) => { const h = (w.startAt.getUTCHours() + 8) % 24; return h >= 8 && h < 10; })).toBe(true);
    expect(days(9)).toEqual([]);
  });

  it('sends supervisors out once a week, through their grids but the first', () => {
    const sup = plan().filter((w) => w.userId === 4);
    expect(sup.length).toBeGreaterThanOrEqual(4);
    expect(sup.length).toBeLessThanOrEqual(5);
    expect(new Set(sup.map((w) => w.gridCode))).toEqual(new Set(['110108010019003', '110108010019004']));
  });

  it('keeps only walks over by the moment it is loaded', () => {
    const early = planWalks({ workers, now: new Date('2026-12-07T00:00:00Z'), days: 1, seed: 's' });
    expect(early).toEqual([]);
    for (const w of plan()) expect(w.startAt.getTime() + (w.maxM / w.speed) * 1000).toBeLessThan(now.getTime());
  });
});
