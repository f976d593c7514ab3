import { useI18n } from 'vue-i18n';
import type { ImportProblem } from '../../api/imports.ts';
import { problemKey } from './imports.ts';

/** Says an import problem in the user's language when its code is known, else the server's (English) message. */
export function useProblemText() {
  const { t, te } = useI18n();
  return (p: ImportProblem): string => {
    const k = problemKey(p);
    if (!k || !te(k.key)) return p.message;
    const params: Record<string, string | number> = { ...k.params, message: p.message };
    // words inside the message: what the data was compared with, the coordinate system's name
    if (typeof params.ref === 'string' && te(`imports.refs.${params.ref}`)) params.ref = t(`imports.refs.${params.ref}`);
    if (typeof params.crs === 'string' && te(`imports.crsNames.${params.crs}`)) params.crsName = t(`imports.crsNames.${params.crs}`);
    return t(k.key, params);
  };
}
