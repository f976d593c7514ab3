import { describe, expect, it } from 'vitest';
import {
  ASSIGNEE_KINDS, CLOCK_EFFECTS, INCIDENT_ACTIONS, INCIDENT_LEVELS, INCIDENT_ROLES, INCIDENT_STATUSES, INCIDENT_VOCABULARY,
  OPEN311_STATUS, REFUSAL_CODES, RESPONSIBLE_UNIT_KINDS, RESPONSIBLE_UNIT_NAMES,
} from './incidents.vocabulary.ts';

describe('the incident vocabulary', () => {
  it('names every code in Chinese and English, and nothing else', () => {
    const lists = {
      statuses: INCIDENT_STATUSES, levels: INCIDENT_LEVELS, roles: INCIDENT_ROLES, actions: INCIDENT_ACTIONS,
      clock: CLOCK_EFFECTS, refusals: REFUSAL_CODES, assignees: ASSIGNEE_KINDS,
    } as const;
    for (const [key, codes] of Object.entries(lists)) {
      const names: Record<string, { zh: string; en: string }> = INCIDENT_VOCABULARY[key as keyof typeof lists];
      expect(Object.keys(names).sort(), key).toEqual([...codes].sort());
      for (const n of Object.values(names)) expect(n.zh).toMatch(/\p{Script=Han}/u);
    }
    expect(Object.keys(RESPONSIBLE_UNIT_NAMES).sort()).toEqual([...RESPONSIBLE_UNIT_KINDS].sort());
  });

  it('maps every state onto Open311: closed only when closed, evaluated or void', () => {
    const closed = INCIDENT_STATUSES.filter((s) => OPEN311_STATUS[s].status === 'closed');
    expect(closed).toEqual(['closed', 'evaluated', 'voided']);
  });
});
