import type { Messages } from './messages.ts';

/** English strings of the shared UI kit in client/src/ui/ (the `ui` namespace). */
export const uiEn: Messages['ui'] = {
  close: 'Close',
  cancel: 'Cancel',
  toast: 'Notification',
  toasts: 'Notifications ({hotkey})',
  select: { placeholder: 'Choose…' },
  combobox: { placeholder: 'Type to search', searching: 'Searching…', empty: 'No matches', failed: 'Search failed, try again', open: 'Show options', clear: 'Clear' },
  table: {
    prev: 'Previous',
    next: 'Next',
    page: 'Page {n}',
    sortAscending: 'ascending',
    sortDescending: 'descending',
    sortNone: 'not sorted',
    sortBy: 'Sort by “{column}”',
  },
  dateRange: { label: 'Date range', open: 'Open calendar', clear: 'Clear dates', previous: 'Previous month', next: 'Next month', from: 'Start date', to: 'End date' },
};
