import { ref, shallowRef, watch, type Ref } from 'vue';
import { api, ApiError, type ResidentPatch } from '../../api/client.ts';
import type { Resident } from '../../api/types.ts';
import { useNotices } from '../../stores/notices.ts';
import { conflictCurrent, fieldErrors, formFrom, isFieldError, patchFrom, type EditForm, type FieldErrors } from './residents.ts';

/** Unmasked values shown in the open drawer only; dropped when it closes or shows someone else. */
export interface RevealedValues {
  idNumber?: string | null;
  phone?: string | null;
}

/** One resident in the drawer: load, edit with the version read, resolve a 409, reveal with a reason. */
export function useResident(id: Ref<number | null>, onSaved: (r: Resident) => void) {
  const notices = useNotices();
  const record = shallowRef<Resident | null>(null);
  const form = ref<EditForm>(formFrom({ name: '', gender: null, birthDate: null, specialGroups: [] }));
  const errors = ref<FieldErrors>({});
  /** The record as someone else saved it, while the user decides what to do with their edits. */
  const conflict = shallowRef<Resident | null>(null);
  const revealed = shallowRef<RevealedValues | null>(null);
  const loading = ref(false);
  const saving = ref(false);
  let latest = 0;

  function show(r: Resident) {
    record.value = r;
    form.value = formFrom(r);
    errors.value = {};
    conflict.value = null;
  }

  async function load(rid: number | null) {
    const ticket = ++latest;
    revealed.value = null;
    record.value = null;
    conflict.value = null;
    if (rid === null) return;
    loading.value = true;
    try {
      const r = await api.resident(rid);
      if (ticket === latest) show(r);
    } catch (err) {
      if (ticket === latest) notices.error(err);
    } finally {
      if (ticket === latest) loading.value = false;
    }
  }
  watch(id, load, { immediate: true });

  /** Saves the changed fields against `version` (the one read, or the newer one when reapplying). */
  async function save(version = record.value?.version) {
    const r = record.value;
    if (!r || version === undefined || saving.value) return;
    const patch = patchFrom(form.value, r) as ResidentPatch;
    if (!Object.keys(patch).length) {
      errors.value = { form: 'residents.errors.nothingChanged' };
      return;
    }
    saving.value = true;
    errors.value = {};
    try {
      const saved = await api.updateResident(r.id, version, patch);
      // the saved ID number and phone come back masked, so the form starts clear of them again
      show(saved);
      onSaved(saved);
      notices.push({ key: 'residents.edit.saved' }, 'info', 4000);
    } catch (err) {
      const current = conflictCurrent<Resident>(err);
      if (current) conflict.value = current;
      else if (err instanceof ApiError && isFieldError(err)) errors.value = fieldErrors(err.details);
      else notices.error(err);
    } finally {
      saving.value = false;
    }
  }

  /** Saves the user's edits again on top of the record someone else saved. */
  function reapply() {
    const current = conflict.value;
    if (!current) return;
    record.value = current;
    conflict.value = null;
    onSaved(current);
    void save(current.version);
  }

  /** Drops the user's edits and shows the record as it now is. */
  function discard() {
    if (conflict.value) {
      onSaved(conflict.value);
      show(conflict.value);
    }
  }

  /** Puts the form back to the record as loaded. */
  function reset() {
    if (record.value) show(record.value);
  }

  /** Asks the server for the unmasked values; the server audits the reason. Throws for the dialog to show. */
  async function reveal(reason: string) {
    const r = record.value;
    if (!r) return;
    const fields = (['idNumber', 'phone'] as const).filter((f) => r[f] !== null);
    if (!fields.length) return;
    const answer = await api.revealResident(r.id, [...fields], reason.trim());
    if (record.value?.id === answer.id) revealed.value = { idNumber: answer.idNumber, phone: answer.phone };
  }

  return {
    record, form, errors, conflict, revealed, loading, saving, save, reapply, discard, reset, reveal,
    forget: () => (revealed.value = null),
    /** Reads the record again, e.g. after its household moved. */
    reload: () => load(id.value),
  };
}
