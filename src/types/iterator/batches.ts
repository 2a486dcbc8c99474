/** Checks a batch size: a positive safe integer. */
export function checkBatchSize(size: number): void {
  if (!Number.isSafeInteger(size) || size < 1) {
    throw new RangeError(`batch size must be a positive integer, got ${String(size)}`);
  }
}

/**
 * Groups the values of `source` into arrays of `size` values, the last one
 * shorter when the count does not divide evenly; an empty source yields no
 * batch. Each batch is handed out as soon as it is full. When the source
 * fails, the values read before the failure come out as a last, short batch
 * and the failure follows on the next step, so no value read is lost.
 */
export async function* batchesOf<V>(source: AsyncIterable<V>, size: number): AsyncGenerator<V[]> {
  checkBatchSize(size);
  let batch: V[] = [];
  try {
    for await (const value of source) {
      batch.push(value);
      if (batch.length === size) {
        yield batch;
        batch = [];
      }
    }
  } catch (error) {
    if (batch.length > 0) yield batch;
    throw error;
  }
  if (batch.length > 0) yield batch;
}
