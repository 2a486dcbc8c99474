/** Marks a line that yields no record. */
export const SKIP: unique symbol = Symbol("skip");

/** Turns one line (numbered from 1) into a record or SKIP; throws what ends the iteration. */
export type LineDecoder<L, R> = (line: L, lineNumber: number) => R | typeof SKIP;

/**
 * The records of a stream of line batches, decoded one line at a time as
 * they are asked for. A hand-written iterator rather than an async
 * generator: a record from a batch already read is handed out without the
 * generator's suspend and resume per record, which roughly halves the cost
 * of iterating beside `JSON.parse` itself.
 *
 * Like a generator, it is done after a failure, and `return()` (a loop left
 * early) closes the batches, and so the file. `label` may rewrite an error
 * before it is thrown.
 */
export class RecordIterator<L, R> implements AsyncIterator<R> {
  readonly #batches: AsyncIterator<readonly L[]>;
  readonly #decode: LineDecoder<L, R>;
  readonly #label: (error: unknown) => unknown;
  #lines: readonly L[] = [];
  #index = 0;
  #lineNumber = 0;
  #finished = false;
  /** A refill in progress; calls made meanwhile wait for it, so lines keep their order. */
  #refilling: Promise<IteratorResult<R>> | undefined;
  /** A failure met by `take` after some records, thrown by the next call. */
  #deferred: { readonly error: unknown } | undefined;

  constructor(
    batches: AsyncIterator<readonly L[]>,
    decode: LineDecoder<L, R>,
    label: (error: unknown) => unknown = (error) => error,
  ) {
    this.#batches = batches;
    this.#decode = decode;
    this.#label = label;
  }

  next(): Promise<IteratorResult<R>> {
    if (this.#refilling) {
      const after = () => this.next();
      return this.#refilling.then(after, after);
    }
    try {
      const record = this.#fromBatch();
      if (record !== SKIP) return Promise.resolve({ value: record, done: false });
    } catch (error) {
      return this.#fail(error);
    }
    if (this.#finished) return Promise.resolve({ value: undefined, done: true });
    const refill = this.#refill();
    this.#refilling = refill;
    return refill.finally(() => {
      this.#refilling = undefined;
    });
  }

  /**
   * Up to `size` records at once, taken straight from the batches without a
   * promise per record; an empty array when the records are done. Records
   * before a failure come out first, and the failure is thrown by the next
   * call. Not to be mixed with concurrent `next()` calls.
   */
  async take(size: number): Promise<R[]> {
    const out: R[] = [];
    if (this.#deferred !== undefined) {
      const { error } = this.#deferred;
      this.#deferred = undefined;
      return this.#fail(error);
    }
    while (out.length < size) {
      let record: R | typeof SKIP;
      try {
        record = this.#fromBatch();
        if (record === SKIP && !this.#finished) {
          const batch = await this.#batches.next();
          if (batch.done) this.#close();
          else [this.#lines, this.#index] = [batch.value, 0];
          continue;
        }
      } catch (error) {
        if (out.length === 0) return this.#fail(error);
        this.#deferred = { error };
        return out;
      }
      if (record === SKIP) break;
      out.push(record);
    }
    return out;
  }

  async return(): Promise<IteratorResult<R>> {
    this.#close();
    await this.#batches.return?.();
    return { value: undefined, done: true };
  }

  /** The next record of the batch in hand, or SKIP when it has none left. */
  #fromBatch(): R | typeof SKIP {
    while (this.#index < this.#lines.length) {
      const line = this.#lines[this.#index++] as L;
      const record = this.#decode(line, ++this.#lineNumber);
      if (record !== SKIP) return record;
    }
    return SKIP;
  }

  async #refill(): Promise<IteratorResult<R>> {
    try {
      for (;;) {
        const batch = await this.#batches.next();
        if (batch.done) {
          this.#close();
          return { value: undefined, done: true };
        }
        this.#lines = batch.value;
        this.#index = 0;
        const record = this.#fromBatch();
        if (record !== SKIP) return { value: record, done: false };
      }
    } catch (error) {
      return this.#fail(error);
    }
  }

  async #fail(error: unknown): Promise<never> {
    this.#close();
    await this.#batches.return?.();
    throw this.#label(error);
  }

  #close(): void {
    this.#finished = true;
    this.#lines = [];
    this.#index = 0;
  }
}
