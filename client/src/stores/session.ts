import { defineStore } from 'pinia';
import type { RoleAssignment, SessionInfo, SessionUser } from '../features/auth/auth.ts';

/**
 * unknown: asking /api/auth/me at start; signedOut: show the sign-in page; signedIn: the app;
 * open: a server without accounts (before issue 3's server side), where the map needs no sign-in.
 */
export type SessionStatus = 'unknown' | 'signedOut' | 'signedIn' | 'open';

/** Why the sign-in page is shown, when there is something to say about it. */
export type SignedOutReason = 'expired' | 'signedOut' | 'unreachable' | null;

/** Who is signed in, shared by the header, the views and the API client (CSRF token). */
export const useSession = defineStore('session', {
  state: () => ({
    status: 'unknown' as SessionStatus,
    reason: null as SignedOutReason,
    user: null as SessionUser | null,
    roles: [] as RoleAssignment[],
    permissions: [] as string[],
    csrfToken: null as string | null,
  }),
  getters: {
    signedIn: (s) => s.status === 'signedIn' || s.status === 'open',
  },
  actions: {
    establish(info: SessionInfo) {
      this.$patch({ status: 'signedIn', reason: null, user: info.user, roles: info.roles, permissions: info.permissions, csrfToken: info.csrfToken });
    },
    /** Forgets everything about the user; the reason says what the sign-in page tells them. */
    end(reason: SignedOutReason) {
      this.$patch({ status: 'signedOut', reason, user: null, roles: [], permissions: [], csrfToken: null });
    },
    openAccess() {
      this.$patch({ status: 'open', reason: null, user: null, roles: [], permissions: [], csrfToken: null });
    },
  },
});
