import { onBeforeUnmount, onMounted, type Ref } from 'vue';

const VARS = ['--toast-top', '--toast-bottom', '--toast-left', '--toast-width'] as const;

/**
 * While the calling view is mounted, the app's toasts (ToastHost) sit inside `el`, centred, `bottom`
 * pixels above its lower edge: clear of the toolbars at the top of a map and of the side panel's
 * buttons. Without a view that asks, they keep their place under the header.
 */
export function useToastArea(el: Ref<HTMLElement | null>, bottom: number) {
  const root = document.documentElement.style;
  function place() {
    const box = el.value?.getBoundingClientRect();
    if (!box || box.width === 0) return;
    root.setProperty('--toast-top', 'auto');
    root.setProperty('--toast-bottom', `${Math.max(8, window.innerHeight - box.bottom + bottom)}px`);
    root.setProperty('--toast-left', `${box.left + box.width / 2}px`);
    root.setProperty('--toast-width', `${Math.min(440, box.width - 24)}px`);
  }
  const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(place);
  onMounted(() => {
    place();
    if (el.value) observer?.observe(el.value);
    window.addEventListener('resize', place);
  });
  onBeforeUnmount(() => {
    observer?.disconnect();
    window.removeEventListener('resize', place);
    for (const v of VARS) root.removeProperty(v);
  });
}
