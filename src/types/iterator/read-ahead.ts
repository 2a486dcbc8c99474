/**
 * Yields `fetch(0)`, `fetch(1)`, … `fetch(count - 1)` in order, keeping at
 * most `depth` later fetches in flight while the consumer works on the
 * current value: I/O overlaps the consumer's work, and memory holds the
 * current value plus `depth` upcoming ones, never more.
 *
 * A failed fetch is reported when its turn comes, after the values before
 * it. Values fetched ahead but never handed out (the consumer left early or
 * an earlier fetch failed) are given to `discard`, if any, and their errors
 * are ignored.
 */
export async function* readAhead<V>(
  count: number,
  depth: number,
  fetch: (index: number) => Promise<V>,
  discard?: (value: V) => unknown,
): AsyncGenerator<V> {
  const pending: Promise<V>[] = [];
  let started = 0;
  try {
    for (let index = 0; index < count; index++) {
      while (started < count && started <= index + depth) {
        const next = fetch(started++);
        // Awaited in its turn below; this keeps an early failure from counting as unhandled.
        next.catch(() => undefined);
        pending.push(next);
      }
      // The loop above always queues `index` first.
      yield await pending.shift()!;
    }
  } finally {
    for (const left of pending) {
      left.then(discard, () => undefined).catch(() => undefined);
    }
  }
}
