import { useI18n } from 'vue-i18n';
import { describeError, sayError, type ErrorText } from './error-message.ts';

/** Says failures in the user's language: `say` an ErrorText (nested texts and problems too), or `sayErr` any thrown value. */
export function useErrorText() {
  const { t, te } = useI18n();
  const say = (e: ErrorText): string => sayError(e, t, te);
  return { say, sayErr: (err: unknown): string => say(describeError(err)) };
}
