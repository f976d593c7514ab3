import { defineStore } from 'pinia';
import { can, type RoleAssignment, type SessionInfo, type SessionUser } from '../features/auth/auth.ts';

/** unknown: asking /api/auth/me at start; signedOut: show the sign-in page; signedIn: the app. */
export type SessionStatus = 'unknown' | 'signedOut' | 'signedIn';

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
    /** Departments the user acts for (their incidents, without a grant). */
    departments: [] as { id: number; name: string }[],
    csrfToken: null as string | null,
    /** Signed in with a temporary password: the app waits until it is changed. */
    mustChangePassword: false,
  }),
  getters: {
    /** Whether the signed-in user holds a permission; for showing controls, the server still decides. */
    can: (s) => (permission: string) => can(s.permissions, permission),
  },
  actions: {
    establish(info: SessionInfo) {
      this.$patch({ status: 'signedIn', reason: null, user: info.user, roles: info.roles, permissions: info.permissions, departments: info.departments ?? [], csrfToken: info.csrfToken,
        mustChangePassword: info.mustChangePassword === true,
      });
    },
    /** Forgets everything about the user; the reason says what the sign-in page tells them. */
    end(reason: SignedOutReason) {
      this.$patch({ status: 'signedOut', reason, user: null, roles: [], permissions: [], departments: [], csrfToken: null, mustChangePassword: false });
    },
  },
});
