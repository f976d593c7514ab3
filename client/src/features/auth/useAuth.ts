import type { Pinia } from 'pinia';
import { onBeforeUnmount, onMounted } from 'vue';
import { api, ApiError, bindSession } from '../../api/client.ts';
import { useNotices } from '../../stores/notices.ts';
import { useSelection } from '../../stores/selection.ts';
import { useSession, type SignedOutReason } from '../../stores/session.ts';
import { useWorkspace } from '../../stores/workspace.ts';
import { isSessionLost } from './auth.ts';

/**
 * Drops everything the signed-in user saw: the session, the selection and any toasts. The map
 * and panels unmount when the sign-in page replaces them, which releases what they fetched.
 */
function forget(pinia: Pinia | undefined, reason: SignedOutReason) {
  useSession(pinia).end(reason);
  useSelection(pinia).$reset();
  useWorkspace(pinia).$reset();
  useNotices(pinia).items = [];
}

/** Wires the API client to the session store: CSRF token out, lost sessions back to sign-in. */
export function installSessionGuard(pinia: Pinia) {
  const session = useSession(pinia);
  bindSession({
    csrfToken: () => session.csrfToken,
    onUnauthorized: (err) => {
      // a 401 while signed out is the normal answer of /me or a wrong password, not an expiry
      if (session.status === 'signedIn' && isSessionLost(err.status, err.code)) forget(pinia, 'expired');
    },
  });
}

/** Signing in and out, checking the session at start and changing the password. */
export function useAuth() {
  const session = useSession();

  async function start() {
    try {
      session.establish(await api.me());
    } catch (err) {
      // 401 is the normal answer without a session; anything else means the server is not answering properly
      session.end(err instanceof ApiError && err.status === 401 ? null : 'unreachable');
    }
  }

  /** Signs in; throws the ApiError for the page to explain (never which part was wrong). */
  async function login(username: string, password: string) {
    session.establish(await api.login(username.trim(), password));
  }

  async function logout() {
    try {
      await api.logout();
    } finally {
      // forgotten here even if the server could not be told: this screen must not keep showing the user's data
      forget(undefined, 'signedOut');
    }
  }

  return { session, start, login, logout, changePassword: api.changePassword };
}

const RECHECK_MS = 5 * 60_000;

/**
 * While the workspace is open, asks /me when the tab comes back into view and every few
 * minutes: the map's own routes may be public, so without this an expired session could go
 * unnoticed until the next personal-data call. A 401 takes the app back to sign-in.
 */
export function useSessionWatch() {
  const session = useSession();
  let timer: ReturnType<typeof setInterval> | undefined;
  const recheck = () => {
    if (document.visibilityState !== 'visible' || session.status !== 'signedIn') return;
    // a network hiccup is not a sign-out; the next check or call will tell
    api.me().then((info) => session.establish(info), () => {});
  };
  onMounted(() => {
    document.addEventListener('visibilitychange', recheck);
    timer = setInterval(recheck, RECHECK_MS);
  });
  onBeforeUnmount(() => {
    document.removeEventListener('visibilitychange', recheck);
    clearInterval(timer);
  });
}
