import type { Readable } from "node:stream";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { AtomicWrite } from "./file-access.js";

/** One upload or download in progress, as progress displays see it. */
export interface Transfer {
  readonly uri: string;
  readonly direction: "upload" | "download";
  /** `Date.now()` when it began. */
  readonly startedAt: number;
  /** Bytes moved so far. */
  readonly bytes: number;
}

interface MutableTransfer extends Transfer {
  bytes: number;
}

/**
 * The transfers a FileAccess has in flight. Nothing is counted until
 * {@link TransferLog.watch} is called, so a run nobody watches pays nothing;
 * once watched, streams are counted as their chunks pass.
 */
export class TransferLog {
  readonly #active = new Set<MutableTransfer>();
  #watched = false;

  /** Starts counting; the CLI calls this when it can show a progress bar. */
  watch(): void {
    this.#watched = true;
  }

  get watched(): boolean {
    return this.#watched;
  }

  /** Transfers in flight now. */
  active(): readonly Transfer[] {
    return [...this.#active];
  }

  /** Counts the bytes read from `source` as a download of `uri`. */
  countRead(uri: string, source: Readable): Readable {
    if (!this.#watched) return source;
    const transfer = this.#begin(uri, "download");
    const counter = this.#counter(transfer);
    source.on("error", (error) => counter.destroy(error));
    counter.on("close", () => this.#active.delete(transfer));
    return source.pipe(counter);
  }

  /** Counts the bytes written into `write` as an upload of its URI. */
  countWrite(write: AtomicWrite): AtomicWrite {
    if (!this.#watched) return write;
    const transfer = this.#begin(write.uri, "upload");
    const counter = this.#counter(transfer);
    // pipeline, not pipe: a failing destination must fail the counter too,
    // or the writer would wait on backpressure forever.
    const piped = pipeline(counter, write.stream);
    piped.catch(() => undefined);
    const end = () => this.#active.delete(transfer);
    return {
      uri: write.uri,
      stream: counter,
      async commit() {
        if (!counter.writableEnded) counter.end();
        try {
          await piped;
          await write.commit();
        } finally {
          end();
        }
      },
      async abort() {
        counter.destroy();
        await piped.catch(() => undefined);
        end();
        await write.abort();
      },
    };
  }

  #begin(uri: string, direction: Transfer["direction"]): MutableTransfer {
    const transfer: MutableTransfer = { uri, direction, startedAt: Date.now(), bytes: 0 };
    this.#active.add(transfer);
    return transfer;
  }

  #counter(transfer: MutableTransfer): Transform {
    return new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        transfer.bytes += chunk.length;
        callback(null, chunk);
      },
    });
  }
}
