/**
 * Turns the data bytes of an `.npy` file into an NDArray's `data`: typed
 * views in the machine's byte order for numbers, strings for `S` and `U`.
 */
import { FormatError } from "../../engine/errors.js";
import {
  type ByteOrder,
  type DataOf,
  type DTypeInfo,
  type DTypeName,
  HOST_LITTLE_ENDIAN,
} from "./dtype.js";

const NATIVE: ByteOrder = HOST_LITTLE_ENDIAN ? "<" : ">";

/** Code points per `String.fromCodePoint` call, well under engines' argument limits. */
const CODE_POINTS_PER_CALL = 8192;

/**
 * Decodes `count` items from `bytes` (exactly `count * itemSize` long).
 * When `owned` is true the bytes belong to the reader and may be swapped in
 * place and kept as the array's storage; otherwise they are copied before
 * any change, and numeric data stays a view only when already aligned and
 * in the machine's byte order.
 */
export function decodeData(
  info: DTypeInfo,
  byteOrder: ByteOrder,
  bytes: Uint8Array,
  count: number,
  owned: boolean,
  source: string,
): DataOf<DTypeName> {
  const swap = byteOrder !== "|" && byteOrder !== NATIVE && info.swapSize > 1;
  switch (info.storage) {
    case "typed":
    case "complex": {
      const arrayType = info.arrayType!;
      let buffer = swap && !owned ? copyBytes(bytes) : bytes;
      if (swap) swapBytes(buffer, info.swapSize);
      if (buffer.byteOffset % arrayType.BYTES_PER_ELEMENT !== 0) buffer = copyBytes(buffer);
      const length = buffer.length / arrayType.BYTES_PER_ELEMENT;
      return new arrayType(buffer.buffer as ArrayBuffer, buffer.byteOffset, length);
    }
    case "void":
      // A plain Uint8Array even when the caller passed a Buffer.
      return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
    case "bytes-string":
      return decodeByteStrings(bytes, info.itemSize, count);
    case "text":
      return decodeText(bytes, info.itemSize / 4, count, swap, source);
    case "struct":
    case "object":
      // Object arrays are pickles and records need their layout: both are read elsewhere.
      throw new FormatError(
        "unsupported_dtype",
        `cannot read ${source}: object data is not raw bytes`,
        {
          uri: source,
        },
      );
  }
}

/**
 * A fresh, aligned copy. (Not `slice()`: on a Node Buffer that returns a
 * view of the same memory, which would be swapped in place and stay unaligned.)
 */
export function copyBytes(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes);
}

/** Reverses the bytes of every `size`-byte unit, natively (Node's Buffer.swapNN). */
export function swapBytes(bytes: Uint8Array, size: 1 | 2 | 4 | 8): void {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  if (size === 2) buffer.swap16();
  else if (size === 4) buffer.swap32();
  else if (size === 8) buffer.swap64();
}

/** `S<n>` items as latin1 strings without their trailing NULs, as NumPy gives them. */
function decodeByteStrings(bytes: Uint8Array, width: number, count: number): string[] {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const out = new Array<string>(count);
  for (let i = 0; i < count; i++) {
    const start = i * width;
    let end = start + width;
    while (end > start && buffer[end - 1] === 0) end--;
    out[i] = buffer.toString("latin1", start, end);
  }
  return out;
}

/** `U<n>` items: UCS-4 code points, trailing NULs stripped. */
function decodeText(
  bytes: Uint8Array,
  width: number,
  count: number,
  swap: boolean,
  source: string,
): string[] {
  let buffer = bytes;
  if (swap || buffer.byteOffset % 4 !== 0) buffer = copyBytes(bytes);
  if (swap) swapBytes(buffer, 4);
  const units = new Uint32Array(buffer.buffer, buffer.byteOffset, buffer.length / 4);
  const out = new Array<string>(count);
  for (let i = 0; i < count; i++) {
    const start = i * width;
    let end = start + width;
    while (end > start && units[end - 1] === 0) end--;
    let text = "";
    for (let at = start; at < end; at += CODE_POINTS_PER_CALL) {
      const part = units.subarray(at, Math.min(end, at + CODE_POINTS_PER_CALL));
      if (part.some((c) => c > 0x10ffff)) {
        throw new FormatError(
          "invalid_data",
          `cannot read ${source}: item ${i} holds a code point beyond U+10FFFF`,
          { uri: source },
        );
      }
      text += String.fromCodePoint(...part);
    }
    out[i] = text;
  }
  return out;
}
