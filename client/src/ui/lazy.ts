import { defineAsyncComponent, h, type Component } from 'vue';
import PageLoading from './PageLoading.vue';

/**
 * A part of the app whose code is loaded when it is first shown (its own chunk): a page says it is
 * loading after 200 ms, and offers a reload when its chunk cannot be fetched.
 */
export function lazyPage(loader: () => Promise<{ default: Component }>): Component {
  return defineAsyncComponent({ loader, loadingComponent: PageLoading, delay: 200, errorComponent: () => h(PageLoading, { failed: true }) });
}


/** Starts loading a part's code when the browser is next idle, so that it is there by the time it is wanted. */
export function prefetchWhenIdle(loader: () => Promise<unknown>): void {
  // a failure here is shown, with its reload button, when the part is actually wanted
  const run = () => void loader().catch(() => {});
  if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 500 });
  else setTimeout(run, 500);
}
