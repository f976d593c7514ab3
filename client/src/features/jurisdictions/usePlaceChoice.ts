import { ref, watch } from 'vue';
import { api } from '../../api/client.ts';
import type { JurisdictionNode } from '../../api/types.ts';
import { useSelection } from '../../stores/selection.ts';
import { findPath } from './jurisdictions.ts';

/**
 * The place chosen in the jurisdiction tree as a view needs it: its node (code, name, box), or null for
 * none; `onChange` runs after each choice. The tree is read once; if it cannot be, the choice stays none
 * (the tree shows its own error).
 */
export function usePlaceChoice(onChange: (node: JurisdictionNode | null) => void = () => {}) {
  const selection = useSelection();
  const node = ref<JurisdictionNode | null>(null);
  let tree: JurisdictionNode[] | null = null;
  async function lookup(id: number): Promise<JurisdictionNode | null> {
    try {
      tree ??= (await api.jurisdictions()).tree;
      return findPath(tree, id).at(-1) ?? null;
    } catch {
      return null;
    }
  }
  watch(() => selection.jurisdictionId, async (id) => {
    const found = id === null ? null : await lookup(id);
    if (id !== selection.jurisdictionId) return;
    node.value = found;
    onChange(found);
  }, { immediate: true });
  return { node, clear: () => selection.selectJurisdiction(null, null) };
}
