// Shapes shared by the UI kit's components (client/src/ui/App*.vue, DataTable.vue).

/** One choice of an AppSelect: its value, what it says, and an optional hint and tree depth. */
export interface SelectOption<T> {
  value: T;
  label: string;
  hint?: string;
  depth?: number;
  disabled?: boolean;
}

/** One entry an AppCombobox offers: a stable value, its words and a second line (where, which code). */
export interface ComboItem<T extends string | number = string> {
  value: T;
  label: string;
  hint?: string;
}

/** True while one of the kit's layers (dialog, drawer, list, popover) is open, so a page's own Esc can wait. */
export function layerOpen(): boolean {
  return !!document.querySelector('[role="dialog"][data-state="open"], [role="listbox"], [data-reka-popper-content-wrapper], dialog[open]');
}

/** One column of a DataTable; its cells are the `cell-<id>` slot, or `value` as text. */
export interface TableColumn<T> {
  id: string;
  header: string;
  /** What the column sorts on, and shows when no slot renders the cell. */
  value?: (row: T) => string | number | null | undefined;
  sortable?: boolean;
  /** Class of the column's th and td (and of its line on a card). */
  class?: string;
  /** Below 600 px: 'title' heads each row's card, 'hide' leaves the column out. */
  card?: 'title' | 'hide';
}
