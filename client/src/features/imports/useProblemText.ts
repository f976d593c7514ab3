import { useI18n } from 'vue-i18n';
import type { ImportProblem } from '../../api/imports.ts';
import { problemText } from './imports.ts';

/** Says an import problem in the user's language (imports.ts problemText with this app's messages). */
export function useProblemText() {
  const { t, te } = useI18n();
  return (p: ImportProblem): string => problemText(p, t, te);
}
