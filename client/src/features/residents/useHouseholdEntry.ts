import { ref } from 'vue';
import { api, ApiError } from '../../api/client.ts';
import type { Household, Resident } from '../../api/types.ts';
import { useNotices } from '../../stores/notices.ts';
import {
  emptyHousehold, emptyResident, householdBody, householdErrors, residentBody, type HouseholdErrors, type HouseholdForm, type NewResidentForm,
} from './households.ts';
import { fieldErrors, isFieldError, type FieldErrors } from './residents.ts';

/** Adding a household and then residents to it (or to a household already seen); the server's field errors go under the fields. */
export function useHouseholdEntry(onHousehold: (h: Household) => void, onResident: (r: Resident) => void) {
  const notices = useNotices();
  const household = ref<HouseholdForm>(emptyHousehold());
  const resident = ref<NewResidentForm>(emptyResident());
  const householdErrs = ref<HouseholdErrors>({});
  const residentErrs = ref<FieldErrors & { householdId?: string }>({});
  const saving = ref(false);

  /** Runs a write once at a time; a 400 (or a duplicate's 409) becomes field errors, anything else a notice. */
  async function write<T>(call: () => Promise<T>, on400: (err: ApiError) => void): Promise<T | undefined> {
    if (saving.value) return undefined;
    saving.value = true;
    try {
      return await call();
    } catch (err) {
      if (err instanceof ApiError && isFieldError(err)) on400(err);
      else notices.error(err);
      return undefined;
    } finally {
      saving.value = false;
    }
  }

  async function addHousehold() {
    const b = householdBody(household.value);
    householdErrs.value = b.body ? {} : { buildingId: 'households.errors.building' };
    if (!b.body) return;
    const created = await write(() => api.createHousehold(b.body), (err) => (householdErrs.value = householdErrors(err.details)));
    if (!created) return;
    notices.push({ key: 'households.created' }, 'info', 4000);
    onHousehold(created);
    // the next step adds people to the household just made
    resident.value = emptyResident(created.id);
    household.value = emptyHousehold(household.value.buildingId);
  }

  async function addResident() {
    const b = residentBody(resident.value);
    residentErrs.value = b.body ? {} : { householdId: 'households.errors.household' };
    if (!b.body) return;
    const created = await write(() => api.createResident(b.body), (err) => {
      // a household outside the scope is named by the code, not by a field
      residentErrs.value = err.code === 'household_out_of_scope' ? { householdId: 'households.errors.householdScope' } : fieldErrors(err.details);
    });
    if (!created) return;
    notices.push({ key: 'households.residentCreated' }, 'info', 4000);
    onResident(created);
    resident.value = emptyResident(resident.value.householdId);
  }

  return { household, resident, householdErrs, residentErrs, saving, addHousehold, addResident };
}
