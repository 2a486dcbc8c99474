/** Marks that a batch has no records left. */
export const END: unique symbol = Symbol("end");

/**
 * Hands out the records of one batch at a time, decoding each only when it
 * is asked for. It numbers lines and drops those that yield no record.
 */
export interface BatchDecoder<B, R> {
  /** Starts on a new batch; the previous one is used up. */
  load(batch: B): void;
  /** The next record of the batch, or END; throws what ends the iteration. */
  next(): R | typeof END;
  /** Lets go of the batch in hand. */
  clear(): void;
}

const DONE: IteratorReturnResult<undefined> = Object.freeze({ value: undefined, done: true });

/**
 * The records of a stream of batches (a chunk of lines each), decoded one at
 * a time as they are asked for. A hand-written iterator rather than an async
 * generator: a record from a batch already read is handed out without the
 * generator's suspend and resume per record, which roughly halves the cost
 * of iterating beside the parsing itself.
 *
 * Like a generator, it is done after a failure, and `return()` (a loop left
 * early) closes the batches, and so the file. `label` may rewrite an error
 * before it is thrown.
 */
export class RecordIterator<B, R> implements AsyncIterator<R> {
  readonly #batches: AsyncIterator<B>;
  readonly #decoder: BatchDecoder<B, R>;
  readonly #label: (error: unknown) => unknown;
  #finished = false;
  /** A refill in progress; calls made meanwhile wait for it, so records keep their order. */
  #refilling: Promise<IteratorResult<R>> | undefined;
  /** A failure met by `take` after some records, thrown by the next call. */
  #deferred: { readonly error: unknown } | undefined;

  constructor(
    batches: AsyncIterator<B>,
    decoder: BatchDecoder<B, R>,
    label: (error: unknown) => unknown = (error) => error,
  ) {
    this.#batches = batches;
    this.#decoder = decoder;
    this.#label = label;
  }

  next(): Promise<IteratorResult<R>> {
    if (this.#refilling) {
      const after = () => this.next();
      return this.#refilling.then(after, after);
    }
    if (this.#finished) return Promise.resolve(DONE);
    try {
      const record = this.#decoder.next();
      if (record !== END) return Promise.resolve({ value: record, done: false });
    } catch (error) {
      return this.#fail(error);
    }
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
    while (out.length < size && !this.#finished) {
      try {
        const record = this.#decoder.next();
        if (record !== END) {
          out.push(record);
          continue;
        }
        const batch = await this.#batches.next();
        if (batch.done) this.#close();
        else this.#decoder.load(batch.value);
      } catch (error) {
        if (out.length === 0) return this.#fail(error);
        this.#deferred = { error };
        return out;
      }
    }
    return out;
  }

  async return(): Promise<IteratorResult<R>> {
    this.#close();
    await this.#batches.return?.();
    return DONE;
  }

  async #refill(): Promise<IteratorResult<R>> {
    try {
      for (;;) {
        const batch = await this.#batches.next();
        if (batch.done) {
          this.#close();
          return DONE;
        }
        this.#decoder.load(batch.value);
        const record = this.#decoder.next();
        if (record !== END) return { value: record, done: false };
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
    this.#decoder.clear();
  }
}
