/**
 * Communities planned at once by one call: PostgreSQL does the work (parcels, adjacency, unions), one
 * backend per community, so two keep a 2-core server busy without one request taking the whole pool.
 */
export const PARALLEL_COMMUNITIES = 2;

/** `fn` over `items`, at most `limit` at a time; results in the order of `items`. */
export async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
