import { computed, ref, shallowRef, type Ref } from 'vue';
import { api, ApiError } from '../../api/client.ts';
import type { Resident } from '../../api/types.ts';
import { useNotices } from '../../stores/notices.ts';
import {
  conflictHousehold, emptyHousehold, householdErrors, householdVersionOf, moveBody, sameHousehold,
  type CurrentHousehold, type HouseholdErrors, type HouseholdForm, type HouseholdOption,
} from './households.ts';
import { isFieldError } from './residents.ts';

// Ledger rows may not carry the household's version and there is no GET /api/households/:id, so
// a move is first sent with the version the row has, or 1; the 409 then carries the current
// household. If it still sits where the user saw it, the 409 only meant "we lacked the version"
// and the move is retried once with it; otherwise the user is shown where it is now and decides.
const GUESSED_VERSION = 1;

/** Moving the drawer's household to another building (and/or entrance, room) with the version handling above. */
export function useHouseholdMove(resident: Ref<Resident | null>, onMoved: () => void) {
  const notices = useNotices();
  const form = ref<HouseholdForm>(emptyHousehold());
  const errors = ref<HouseholdErrors>({});
  /** Where someone else has put the household meanwhile, while the user decides. */
  const conflict = shallowRef<CurrentHousehold | null>(null);
  const saving = ref(false);
  const seen = computed<HouseholdOption | null>(() => {
    const r = resident.value;
    return r ? { id: r.household.id, building: { ...r.building }, entrance: r.household.entrance, room: r.household.room } : null;
  });

  /** Opens the move form on the household as seen. */
  function start() {
    const s = seen.value;
    form.value = s ? { buildingId: s.building.id, entrance: String(s.entrance), room: s.room, housing: 'owned' } : emptyHousehold();
    errors.value = {};
    conflict.value = null;
  }

  async function send(version: number, retry: boolean): Promise<void> {
    const s = seen.value;
    if (!s) return;
    const patch = moveBody(s, form.value);
    if (!Object.keys(patch).length) {
      errors.value = { form: 'households.errors.nothingToMove' };
      return;
    }
    try {
      await api.patchHousehold(s.id, version, patch);
      conflict.value = null;
      notices.push({ key: 'households.moved' }, 'info', 4000);
      onMoved();
    } catch (err) {
      const current = conflictHousehold(err);
      if (current && retry && sameHousehold(s, current)) return send(current.version, false);
      if (current) conflict.value = current;
      else if (err instanceof ApiError && isFieldError(err)) errors.value = householdErrors(err.details);
      else notices.error(err);
    }
  }

  /** Sends the move; `version` is the one the user confirmed after a conflict, else the row's or a guess. */
  async function move(version?: number) {
    const r = resident.value;
    if (!r || saving.value) return;
    saving.value = true;
    errors.value = {};
    try {
      await send(version ?? householdVersionOf(r.household) ?? GUESSED_VERSION, version === undefined);
    } finally {
      saving.value = false;
    }
  }

  return { form, errors, conflict, saving, seen, start, move, confirm: () => conflict.value && move(conflict.value.version) };
}
