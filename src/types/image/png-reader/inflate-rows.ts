/**
 * Inflates a PNG's image data on libuv's threadpool while the main thread
 * decodes the rows already inflated, so that both cores work at once.
 *
 * zlib's stream hands each full output piece to JavaScript and only then
 * asks the threadpool for the next one; the rows are therefore decoded in a
 * later turn of the event loop (setImmediate), after the next piece is
 * already being inflated, not inside the `data` handler.
 */
import { createInflate } from "node:zlib";
import { describeError } from "../../../engine/errors.js";
import type { RowFault, RowSink } from "./row-sink.js";

/**
 * Inflated bytes handed over at a time: large enough that the hand-overs
 * cost little, small enough that the last piece's rows are decoded quickly
 * once inflating ends.
 */
export const INFLATED_PIECE = 256 * 1024;

/** How inflating ended badly. */
export type InflateFault = RowFault | { readonly kind: "zlib"; readonly reason: string };

/**
 * Inflates `compressed` (one zlib stream) into `sink`; resolves to a fault,
 * or to undefined when the stream ended and held exactly the sink's rows.
 */
export function inflateRows(
  compressed: Uint8Array,
  sink: RowSink,
): Promise<InflateFault | undefined> {
  return new Promise((resolve) => {
    const inflate = createInflate({ chunkSize: INFLATED_PIECE });
    const queue: Uint8Array[] = [];
    let scheduled = false;
    let ended = false;
    let settled = false;
    const settle = (fault: InflateFault | undefined) => {
      if (settled) return;
      settled = true;
      if (fault) inflate.destroy();
      resolve(fault);
    };

    const drain = () => {
      scheduled = false;
      for (let piece = queue.shift(); piece !== undefined && !settled; piece = queue.shift()) {
        const fault = sink.push(piece);
        if (fault) return settle(fault);
      }
      if (ended) settle(undefined);
    };
    const schedule = () => {
      if (!scheduled) {
        scheduled = true;
        setImmediate(drain);
      }
    };

    inflate.on("data", (piece: Uint8Array) => {
      queue.push(piece);
      schedule();
    });
    inflate.on("end", () => {
      ended = true;
      schedule();
    });
    inflate.on("error", (error) => settle({ kind: "zlib", reason: describeError(error) }));
    inflate.end(compressed);
  });
}
