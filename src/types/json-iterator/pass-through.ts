import type { TransformContext } from "../../engine/context.js";
import { isGzip } from "./compression.js";
import type { JsonIteratorDescriptor } from "./descriptor.js";
import { JsonLines } from "./read-json-lines.js";

/**
 * The blob of a received JSON iterator that is handed on unchanged as an
 * output or another task's input, when it can serve as it is: it would be
 * re-read to the same records (bad lines raise rather than being dropped),
 * it is compressed as `d` asks, and `ctx`'s storage reaches it. Handing the
 * URI on, as flytekit does for files, saves copying a stream that may be
 * gigabytes long. `undefined` means: write a new blob.
 */
export async function reusableBlob(
  ctx: TransformContext,
  value: unknown,
  d: JsonIteratorDescriptor,
): Promise<string | undefined> {
  if (!(value instanceof JsonLines)) return undefined;
  const { onError, skipBlankLines } = value.readOptions;
  if (onError !== "raise" || skipBlankLines) return undefined;
  let head: Uint8Array;
  try {
    head = await ctx.files.readRange(value.uri, 0, 2, ctx.signal);
  } catch {
    return undefined;
  }
  const wantsGzip = d.compression === "gzip";
  return isGzip(head) === wantsGzip ? value.uri : undefined;
}
