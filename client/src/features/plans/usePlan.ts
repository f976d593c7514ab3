import { computed, shallowRef } from 'vue';
import { ApiError } from '../../api/client.ts';
import { plansApi, type PlanDetail } from '../../api/plans.ts';
import { useNotices } from '../../stores/notices.ts';
import { emptyHistory, recordEdit, recordRedo, recordUndo, stepProblem, type History } from './plans.ts';

/** Loads one plan and runs every edit against the version read; keeps this session's undo/redo. */
export function usePlan(planId: () => number | null) {
  const data = shallowRef<PlanDetail | null>(null);
  const busy = shallowRef(false);
  const history = shallowRef<History>(emptyHistory());
  const problemIndex = shallowRef(-1);
  const notices = useNotices();
  let ticket = 0;

  async function load() {
    const id = planId();
    const mine = ++ticket;
    if (id === null) {
      data.value = null;
      return;
    }
    const next = await plansApi.get(id);
    if (mine === ticket) data.value = next;
  }

  function report(err: unknown) {
    // the studio reloads a plan someone else changed: say who did
    const who = err instanceof ApiError && err.code === 'plan_version_conflict'
      ? (err.details as { changes?: { user?: string }[] } | undefined)?.changes?.[0]?.user : undefined;
    if (who) notices.push({ key: 'plans.errors.plan_version_conflict', params: { who } }, 'error', 9000);
    else notices.error(err);
  }

  /** Runs one edit; on success it can be undone; a conflict reloads the plan so the user sees the other change. */
  async function run(edit: (planId: number, version: number) => Promise<{ operationId: number }>, track = true): Promise<boolean> {
    const d = data.value;
    if (!d || busy.value) return false;
    busy.value = true;
    try {
      const res = await edit(d.plan.id, d.plan.version);
      if (track) history.value = recordEdit(history.value, res.operationId);
      await load();
      return true;
    } catch (err) {
      report(err);
      if (err instanceof ApiError && err.status === 409) await load().catch(() => {});
      return false;
    } finally {
      busy.value = false;
    }
  }

  async function undo() {
    const op = history.value.undo.at(-1);
    if (op === undefined) return;
    await run(async (id, v) => {
      const res = await plansApi.revert(id, op, v);
      history.value = recordUndo(history.value, res.operationId);
      return res;
    }, false);
  }

  async function redo() {
    const op = history.value.redo.at(-1);
    if (op === undefined) return;
    await run(async (id, v) => {
      const res = await plansApi.revert(id, op, v);
      history.value = recordRedo(history.value, res.operationId);
      return res;
    }, false);
  }

  /** Workflow steps (submit, approve…): not undoable, the plan reloads after. */
  async function step(action: (planId: number, version: number) => Promise<unknown>): Promise<boolean> {
    return run(async (id, v) => {
      await action(id, v);
      return { operationId: 0 };
    }, false);
  }

  const problems = computed(() => data.value?.validation.problems ?? []);
  const currentProblem = computed(() => problems.value[problemIndex.value] ?? null);
  function nextProblem(dir: 1 | -1) {
    problemIndex.value = stepProblem(problems.value.length, problemIndex.value, dir);
    return currentProblem.value;
  }

  /** An edit made by another component (a plan import): it can be undone too; the plan reloads. */
  async function recordExternal(operationId: number | undefined) {
    if (operationId) history.value = recordEdit(history.value, operationId);
    await load().catch(report);
  }

  /** Makes problem `i` the current one. */
  function focusProblem(i: number) {
    problemIndex.value = i;
    return currentProblem.value;
  }

  function reset() {
    history.value = emptyHistory();
    problemIndex.value = -1;
  }

  return { data, busy, history, load, run, undo, redo, step, report, reset, problems, problemIndex, currentProblem, nextProblem, focusProblem, recordExternal };
}

export type PlanSession = ReturnType<typeof usePlan>;
