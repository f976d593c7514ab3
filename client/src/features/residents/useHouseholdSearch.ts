import { useI18n } from 'vue-i18n';
import { api } from '../../api/client.ts';
import type { ComboItem } from '../../ui/kit.ts';
import { hitOption, householdLabel, type HouseholdOption } from './households.ts';
import { sayWords } from './residents.ts';

const LIMIT = 20;

/** The household picker's entries: the server's scoped search (heads masked) as combobox items in words. */
export function useHouseholdSearch() {
  const { t } = useI18n();
  /** A household as an entry: its address, and its head and size as the hint. */
  const item = (h: HouseholdOption, head?: string | null, members?: number): ComboItem<number> => ({
    value: h.id,
    label: sayWords(householdLabel(h), t),
    hint: members === undefined ? undefined : members ? t('households.householdHint', { head: head ?? t('residents.none'), n: members }) : t('households.householdEmpty'),
  });
  return {
    item,
    async search(q: string): Promise<ComboItem<number>[]> {
      const page = await api.searchHouseholds(q, LIMIT);
      return page.items.map((h) => item(hitOption(h), h.head, h.members));
    },
  };
}
