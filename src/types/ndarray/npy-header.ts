/**
 * The `.npy` preamble and header: magic string, version, header length and
 * the Python-literal dict `{'descr': …, 'fortran_order': …, 'shape': …}`.
 *
 * @see https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
 */
import { FormatError } from "../../engine/errors.js";
import { type PyLiteral, PyLiteralSyntaxError, parsePyLiteral } from "./python-literal.js";

/** `\x93NUMPY`: the first six bytes of every `.npy` file. */
export const NPY_MAGIC = Uint8Array.of(0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59);

/** Bytes before the header text is complete for any version: magic, version, 4-byte length. */
export const MAX_PREAMBLE_BYTES = 12;

/** Largest header text read; NumPy writes far less, and 1 MiB bounds a lying length field. */
export const MAX_HEADER_BYTES = 1 << 20;

/** Largest element count NumPy can index (its `intp` is 64-bit). */
const MAX_ELEMENTS = 2n ** 63n - 1n;

/** Where the header text lies, from the fixed-size preamble. */
export interface NpyPreamble {
  readonly version: readonly [number, number];
  /** Offset of the header text. */
  readonly headerStart: number;
  readonly headerLength: number;
  /** Offset of the first data byte. */
  readonly dataOffset: number;
}

/** The header dict, checked for the right keys and types. */
export interface NpyHeader {
  /** A type string such as `<f8`, or a list describing a structured dtype. */
  readonly descr: string | PyLiteral;
  readonly fortranOrder: boolean;
  readonly shape: readonly number[];
  /** The element count, exact even when it exceeds 2**53. */
  readonly count: bigint;
}

/** `cannot read <source>: <reason>` as a FormatError with a stable code. */
export function npyError(code: string, source: string, reason: string): FormatError {
  return new FormatError(code, `cannot read ${source}: ${reason}`, { uri: source });
}

/**
 * Reads the preamble from the first bytes of a file (`head` may hold more or
 * fewer than {@link MAX_PREAMBLE_BYTES}); `fileSize` lets it report a header
 * the file is too short to hold without reading further.
 */
export function parsePreamble(head: Uint8Array, fileSize: number, source: string): NpyPreamble {
  for (let i = 0; i < NPY_MAGIC.length; i++) {
    if (i >= head.length) {
      throw npyError(
        "truncated_header",
        source,
        `file ends after ${head.length} bytes, inside the magic string`,
      );
    }
    if (head[i] !== NPY_MAGIC[i]) {
      throw npyError("not_npy", source, `not an .npy file: it does not start with "\\x93NUMPY"`);
    }
  }
  if (head.length < 8) {
    throw npyError(
      "truncated_header",
      source,
      `file ends after ${head.length} bytes, before the format version`,
    );
  }
  const major = head[6]!;
  const minor = head[7]!;
  if (major < 1 || major > 3 || minor !== 0) {
    throw npyError(
      "unsupported_version",
      source,
      `format version ${major}.${minor} is not 1.0, 2.0 or 3.0`,
    );
  }
  const lengthBytes = major === 1 ? 2 : 4;
  if (head.length < 8 + lengthBytes) {
    throw npyError(
      "truncated_header",
      source,
      `file ends after ${head.length} bytes, inside the header length`,
    );
  }
  const view = new DataView(head.buffer, head.byteOffset, head.length);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const headerStart = 8 + lengthBytes;
  if (headerStart + headerLength > fileSize) {
    throw npyError(
      "truncated_header",
      source,
      `header says it is ${headerLength} bytes but the file ends after ${fileSize - headerStart}`,
    );
  }
  if (headerLength > MAX_HEADER_BYTES) {
    throw npyError(
      "invalid_header",
      source,
      `header of ${headerLength} bytes exceeds the ${MAX_HEADER_BYTES}-byte limit`,
    );
  }
  return {
    version: [major, minor],
    headerStart,
    headerLength,
    dataOffset: headerStart + headerLength,
  };
}

/** Decodes and checks the header text (latin1 for versions 1 and 2, UTF-8 for 3). */
export function parseHeader(bytes: Uint8Array, major: number, source: string): NpyHeader {
  let text: string;
  try {
    text = new TextDecoder(major === 3 ? "utf-8" : "latin1", { fatal: true }).decode(bytes);
  } catch {
    throw npyError("invalid_header", source, "header text is not valid UTF-8");
  }

  let literal: PyLiteral;
  try {
    literal = parsePyLiteral(text, { longSuffix: major < 3 });
  } catch (error) {
    if (!(error instanceof PyLiteralSyntaxError)) throw error;
    throw npyError(
      "invalid_header",
      source,
      `header is not a Python literal (${error.message}): ${excerpt(text)}`,
    );
  }
  if (typeof literal !== "object" || literal === null || literal.kind !== "dict") {
    throw npyError("invalid_header", source, `header is not a dict: ${excerpt(text)}`);
  }

  const keys = [...literal.entries.keys()].sort();
  if (keys.join() !== "descr,fortran_order,shape") {
    throw npyError(
      "invalid_header",
      source,
      `header keys are ${keys.map((k) => `'${k}'`).join(", ") || "none"}, expected 'descr', 'fortran_order', 'shape'`,
    );
  }
  const descr = literal.entries.get("descr")!;
  const fortranOrder = literal.entries.get("fortran_order")!;
  const shape = literal.entries.get("shape")!;
  if (typeof fortranOrder !== "boolean") {
    throw npyError(
      "invalid_header",
      source,
      `'fortran_order' is not True or False: ${excerpt(text)}`,
    );
  }
  if (typeof descr !== "string" && !(typeof descr === "object" && descr?.kind === "list")) {
    throw npyError(
      "invalid_header",
      source,
      `'descr' is neither a string nor a list: ${excerpt(text)}`,
    );
  }
  const dims = checkShape(shape, source);
  return { descr, fortranOrder, ...dims };
}

function checkShape(shape: PyLiteral, source: string): { shape: number[]; count: bigint } {
  if (typeof shape !== "object" || shape === null || shape.kind !== "tuple") {
    throw npyError("invalid_header", source, `'shape' is not a tuple`);
  }
  if (!shape.items.every((d) => typeof d === "bigint")) {
    throw npyError("invalid_header", source, `'shape' holds something other than integers`);
  }
  const dims = shape.items as bigint[];
  const text = formatShape(dims);
  if (dims.some((d) => d < 0n)) {
    throw npyError("invalid_shape", source, `shape ${text} has a negative dimension`);
  }
  let count = 1n;
  for (const d of dims) count *= d;
  // A zero anywhere makes the product 0, but each extent must still be indexable.
  if (count > MAX_ELEMENTS || dims.some((d) => d > MAX_ELEMENTS)) {
    throw npyError("invalid_shape", source, `shape ${text} has more than 2**63 - 1 elements`);
  }
  if (dims.some((d) => d > BigInt(Number.MAX_SAFE_INTEGER))) {
    throw npyError("invalid_shape", source, `shape ${text} has a dimension beyond 2**53`);
  }
  return { shape: dims.map(Number), count };
}

/** A shape as Python prints a tuple: `()`, `(3,)`, `(2, 3)`. */
export function formatShape(shape: readonly (number | bigint)[]): string {
  if (shape.length === 1) return `(${shape[0]},)`;
  return `(${shape.join(", ")})`;
}

function excerpt(text: string): string {
  const trimmed = text.trimEnd();
  return JSON.stringify(trimmed.length > 120 ? `${trimmed.slice(0, 120)}…` : trimmed);
}

/** Data offsets are multiples of this, so that any dtype can be mapped in place. */
const ARRAY_ALIGN = 64;

/**
 * Room NumPy leaves after the dict so that the growing axis can be
 * rewritten in place: 21 digits minus those of that axis' current extent.
 */
const GROWTH_AXIS_MAX_DIGITS = 21;

/**
 * The preamble and header of an `.npy` file, byte for byte as NumPy's
 * `np.save` writes them: keys sorted, shape as a Python tuple, growth room,
 * space padding and a final newline so that the data starts at a multiple of
 * 64 bytes, and the smallest format version that can hold the header.
 */
export function formatHeader(
  descr: string,
  fortranOrder: boolean,
  shape: readonly number[],
): Uint8Array {
  // A type string is quoted; a structured descr is already a Python list literal.
  const descrLiteral = descr.startsWith("[") ? descr : `'${descr}'`;
  let dict = `{'descr': ${descrLiteral}, 'fortran_order': ${fortranOrder ? "True" : "False"}, 'shape': ${formatShape(shape)}, }`;
  if (shape.length > 0) {
    const growing = shape[fortranOrder ? shape.length - 1 : 0]!;
    dict += " ".repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - String(growing).length));
  }
  const latin1 = [...dict].every((c) => c.charCodeAt(0) <= 0xff);
  const text = latin1 ? Buffer.from(dict, "latin1") : Buffer.from(dict, "utf8");
  for (const major of latin1 ? [1, 2] : [3]) {
    const prefixLength = major === 1 ? 10 : 12;
    const length = text.length + 1;
    const padding = ARRAY_ALIGN - ((prefixLength + length) % ARRAY_ALIGN);
    const total = length + padding;
    if (major === 1 && total > 0xffff) continue;
    const out = new Uint8Array(prefixLength + total).fill(0x20);
    out.set(NPY_MAGIC, 0);
    out[6] = major;
    out[7] = 0;
    const view = new DataView(out.buffer);
    if (major === 1) view.setUint16(8, total, true);
    else view.setUint32(8, total, true);
    out.set(text, prefixLength);
    out[out.length - 1] = 0x0a;
    return out;
  }
  throw new RangeError(`an .npy header of ${text.length} bytes does not fit format 2.0`);
}
