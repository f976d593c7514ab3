// The incident workflow's names come from the server's vocabulary (one source for the API, exports and
// the UI); this turns them into locale-file messages of each language.
import { INCIDENT_VOCABULARY, RESPONSIBLE_UNIT_NAMES } from '../../../server/src/features/incidents/incidents.vocabulary.ts';

type Lang = 'zh' | 'en';
const pick = <K extends string>(names: Record<K, { zh: string; en: string }>, lang: Lang) =>
  Object.fromEntries(Object.entries(names).map(([k, v]) => [k, (v as { zh: string; en: string })[lang]])) as Record<K, string>;

/** The workflow's words in one language: statuses, levels, roles, actions, assignee kinds, responsible units. */
export function workflowWords(lang: Lang) {
  const v = INCIDENT_VOCABULARY;
  return {
    statuses: pick(v.statuses, lang), levels: pick(v.levels, lang), roles: pick(v.roles, lang), actions: pick(v.actions, lang),
    assignees: pick(v.assignees, lang), units: pick(RESPONSIBLE_UNIT_NAMES, lang),
  };
}
