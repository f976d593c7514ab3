import { onBeforeUnmount, onMounted } from 'vue';
import { useSession } from '../../stores/session.ts';

/**
 * For workers who patrol: when the workspace opens, a patrol left recording (a reload, a closed tab)
 * starts recording again and its waiting points upload, whatever view opens first; `onRecording` then
 * brings the patrol view forward. The recorder's code loads only for them. Signing out ends it.
 */
export function usePatrolResume(onRecording: () => void) {
  const session = useSession();
  let loaded: Promise<typeof import('./usePatrolRecorder.ts')> | null = null;
  onMounted(async () => {
    const user = session.user;
    if (!user || !session.can('patrols.record')) return;
    loaded = import('./usePatrolRecorder.ts');
    try {
      const recorder = await (await loaded).patrolRecorder(user.id);
      if (recorder.phase.value === 'recording') onRecording();
    } catch {
      // the patrol view says what is wrong once opened; the rest of the workspace goes on
    }
  });
  onBeforeUnmount(() => void loaded?.then((m) => m.closeRecorder()));
}
