/**
 * Bounded concurrency for file work: enough files in flight to keep both
 * cores and the I/O threads busy, few enough that descriptors and buffers
 * stay bounded whatever the number of files.
 */

/**
 * `work` over `items`, at most `limit` at a time, results in order. After
 * the first failure nothing new starts, and the failure is thrown once the
 * work already running has ended: a caller that cleans up after an error
 * (removes a staging directory) must not race writes still in flight.
 */
export async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  let failure: unknown;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        results[index] = await work(items[index] as T);
      } catch (error) {
        if (!failed) failure = error;
        failed = true;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failed) throw failure;
  return results;
}
