import { S3SyncCancelled } from './s3-errors';

/**
 * Runs `work` over `items`, at most `limit` at a time. After the first
 * failure no new item starts; the ones running are awaited (no download keeps
 * writing after the sync returned) and the first failure is thrown.
 */
export async function runPool<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  // Read through a function: TypeScript would otherwise keep the `null` it narrowed to in the loop.
  const state: { failure: { error: unknown } | null } = { failure: null };
  const failure = (): { error: unknown } | null => state.failure;
  const worker = async (): Promise<void> => {
    while (failure() === null && next < items.length) {
      const item = items[next++] as T;
      try {
        await work(item);
      } catch (error) {
        const first = failure();
        // A real failure wins over the cancellations it caused in the other workers.
        if (first === null || (first.error instanceof S3SyncCancelled && !(error instanceof S3SyncCancelled)))
          state.failure = { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (state.failure !== null) throw state.failure.error;
}
