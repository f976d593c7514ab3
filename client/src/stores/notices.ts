import { defineStore } from 'pinia';
import { describeError, type ErrorText } from '../ui/error-message.ts';

export interface Notice extends ErrorText {
  id: number;
  tone: 'error' | 'info';
}

let nextId = 1;

/** Toast messages raised by any composable, shown by one ToastHost. */
export const useNotices = defineStore('notices', {
  state: () => ({ items: [] as Notice[] }),
  actions: {
    push(text: ErrorText, tone: Notice['tone'] = 'info', ttlMs = 5000) {
      const id = nextId++;
      // the same message twice in a row replaces the first instead of stacking
      this.items = [...this.items.filter((n) => n.key !== text.key), { ...text, id, tone }].slice(-3);
      if (ttlMs > 0) setTimeout(() => this.dismiss(id), ttlMs);
    },
    error(err: unknown) {
      this.push(describeError(err), 'error', 8000);
    },
    dismiss(id: number) {
      this.items = this.items.filter((n) => n.id !== id);
    },
  },
});
