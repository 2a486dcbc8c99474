/**
 * Turns an NDArray's `data` into the bytes of an `.npy` file's data
 * section, little-endian, as a sequence of chunks: numeric data is yielded
 * as views over the array's own memory, never copied.
 */
import { TypeMismatchError } from "../../engine/errors.js";
import { copyBytes, swapBytes } from "./decode-data.js";
import { type DTypeInfo, HOST_LITTLE_ENDIAN, type TypedArray } from "./dtype.js";
import { infoOf, type NDArray } from "./ndarray.js";

/** Size of each yielded chunk: big enough for throughput, small enough for backpressure. */
export const DATA_CHUNK_BYTES = 16 << 20;

/** The data bytes of `array` in its own memory order, little-endian, in chunks. */
export function* dataChunks(array: NDArray): Generator<Uint8Array> {
  const info = infoOf(array);
  switch (info.storage) {
    case "typed":
    case "complex":
    case "void":
    case "struct": {
      const typed = array.data as TypedArray;
      const bytes = new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength);
      for (let at = 0; at < bytes.length; at += DATA_CHUNK_BYTES) {
        const chunk = bytes.subarray(at, at + DATA_CHUNK_BYTES);
        // Records are kept little-endian on any host; typed arrays are in host order.
        if (HOST_LITTLE_ENDIAN || info.swapSize === 1) yield chunk;
        else {
          const copy = copyBytes(chunk);
          swapBytes(copy, info.swapSize);
          yield copy;
        }
      }
      return;
    }
    case "text":
      yield* encodeText(array.data as string[], info);
      return;
    case "bytes-string":
      yield* encodeByteStrings(array.data as string[], info);
      return;
    case "object":
      throw new TypeMismatchError(
        "cannot write an array of dtype object: object arrays would need a pickle, which this " +
          "package only reads; convert the items to a numeric or string dtype",
      );
  }
}

/** Chunks joined into one buffer; a single chunk is returned as it is (not copied). */
export function concatChunks(chunks: Iterable<Uint8Array>): Uint8Array {
  const list = [...chunks];
  if (list.length === 1) return list[0]!;
  const out = new Uint8Array(list.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of list) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/** Items per chunk of encoded strings, so that a chunk stays near {@link DATA_CHUNK_BYTES}. */
function itemsPerChunk(info: DTypeInfo): number {
  return Math.max(1, Math.floor(DATA_CHUNK_BYTES / info.itemSize));
}

/** `U<n>`: each item as n little-endian UCS-4 code points, NUL-padded. */
function* encodeText(items: readonly string[], info: DTypeInfo): Generator<Uint8Array> {
  const width = info.itemSize / 4;
  const step = itemsPerChunk(info);
  for (let first = 0; first < items.length; first += step) {
    const count = Math.min(step, items.length - first);
    const units = new Uint32Array(count * width);
    for (let i = 0; i < count; i++) {
      let at = i * width;
      const end = at + width;
      for (const char of items[first + i]!) {
        if (at === end) throw tooLong(first + i, items[first + i]!, info);
        units[at++] = char.codePointAt(0)!;
      }
    }
    const bytes = new Uint8Array(units.buffer);
    if (!HOST_LITTLE_ENDIAN) swapBytes(bytes, 4);
    yield bytes;
  }
}

/** `S<n>`: each character one byte (latin1), NUL-padded. */
function* encodeByteStrings(items: readonly string[], info: DTypeInfo): Generator<Uint8Array> {
  const width = info.itemSize;
  const step = itemsPerChunk(info);
  for (let first = 0; first < items.length; first += step) {
    const count = Math.min(step, items.length - first);
    const bytes = new Uint8Array(count * width);
    for (let i = 0; i < count; i++) {
      const item = items[first + i]!;
      if (item.length > width) throw tooLong(first + i, item, info);
      for (let c = 0; c < item.length; c++) {
        const code = item.charCodeAt(c);
        if (code > 0xff) {
          throw new TypeMismatchError(
            `cannot write an array of dtype ${info.name}: item ${first + i} has the character ` +
              `U+${code.toString(16).toUpperCase().padStart(4, "0")}, but S items hold bytes ` +
              "(one character 0-255 per byte); use a U dtype for text",
          );
        }
        bytes[i * width + c] = code;
      }
    }
    yield bytes;
  }
}

function tooLong(index: number, item: string, info: DTypeInfo): TypeMismatchError {
  const unit = info.storage === "text" ? "characters" : "bytes";
  const shown = item.length > 40 ? `${item.slice(0, 40)}…` : item;
  return new TypeMismatchError(
    `cannot write an array of dtype ${info.name}: item ${index} ${JSON.stringify(shown)} ` +
      `is longer than the ${info.name.slice(1)} ${unit} the dtype holds`,
  );
}
