/**
 * An NDArray inside a pickle, written as NumPy's `ndarray.__reduce__` gives
 * it: `_reconstruct(ndarray, (0,), b'b')`, then BUILD with
 * `(1, shape, dtype, is_fortran, data)`, where data is the raw little-endian
 * bytes in memory order, or for object arrays the list of items in logical
 * (row-major) order. The dtype is `dtype(typestr, False, True)` with the
 * state tuple NumPy 2 gives each dtype (`dtype.__reduce__()`), so that
 * NumPy rebuilds exactly the dtype it would have pickled itself.
 */
import type { DTypeInfo } from "../dtype.js";
import { concatChunks, dataChunks } from "../encode-data.js";
import { infoOf, type NDArray } from "../ndarray.js";
import type { ValuePath, ValuePickler } from "./pickle-values-writer.js";
import { OP } from "./pickle-writer.js";

/** Where NumPy 2 (and `np.save` today) says `_reconstruct` lives. */
const MULTIARRAY = "numpy._core.multiarray";

/** Writes `array` as NumPy's reduce of it; `path` names it in errors (structured arrays are refused). */
export function writeNDArrayReduce(p: ValuePickler, array: NDArray, path: ValuePath): void {
  const info = infoOf(array);
  if (info.storage === "struct") {
    p.fail(path, "structured arrays inside an object array are not supported");
  }
  p.global(MULTIARRAY, "_reconstruct");
  p.global("numpy", "ndarray");
  p.out.int(0);
  p.out.op(OP.TUPLE1);
  p.out.bytesValue(Uint8Array.of(0x62)); // b'b'
  p.out.op(OP.TUPLE3);
  p.out.op(OP.REDUCE);

  p.out.op(OP.MARK);
  p.out.int(1);
  writeShape(p, array.shape);
  writeDType(p, info);
  p.out.op(array.order === "F" && array.ndim > 1 ? OP.NEWTRUE : OP.NEWFALSE);
  if (info.storage === "object") {
    const items = logicalItems(array);
    p.value(Object.isFrozen(items) ? [...items] : items, path);
  } else {
    p.out.bytesValue(concatChunks(dataChunks(array)));
  }
  p.out.op(OP.TUPLE);
  p.out.op(OP.BUILD);
}

function writeShape(p: ValuePickler, shape: readonly number[]): void {
  if (shape.length === 0) {
    p.out.op(OP.EMPTY_TUPLE);
    return;
  }
  if (shape.length > 3) p.out.op(OP.MARK);
  for (const extent of shape) p.out.int(extent);
  p.out.op(shape.length > 3 ? OP.TUPLE : OP.TUPLE1 + shape.length - 1);
}

/** `dtype('f8', False, True)` then BUILD with NumPy's state tuple for that dtype. */
function writeDType(p: ValuePickler, info: DTypeInfo): void {
  const { descr } = info;
  const order = descr[0]!;
  const typestr = info.storage === "object" ? "O8" : descr.slice(1).replace(/\[.*$/, "");
  p.global("numpy", "dtype");
  p.out.string(typestr);
  p.out.op(OP.NEWFALSE);
  p.out.op(OP.NEWTRUE);
  p.out.op(OP.TUPLE3);
  p.out.op(OP.REDUCE);

  const time = /^[Mm]8/.test(typestr);
  const flexible =
    info.storage === "text" || info.storage === "bytes-string" || info.storage === "void";
  p.out.op(OP.MARK);
  p.out.int(time ? 4 : 3);
  p.out.string(order);
  for (let i = 0; i < 3; i++) p.out.op(OP.NONE);
  p.out.int(flexible ? info.itemSize : -1);
  p.out.int(flexible ? (info.storage === "text" ? 4 : 1) : -1);
  p.out.int(info.storage === "object" ? 63 : info.storage === "text" ? 8 : 0);
  if (time) writeTimeMetadata(p, descr);
  p.out.op(OP.TUPLE);
  p.out.op(OP.BUILD);
}

/** `(None, (b'ns', 1, 1, 1))`: the unit and its multiplier (`generic` when unitless). */
function writeTimeMetadata(p: ValuePickler, descr: string): void {
  const match = /\[(\d*)([^\]]+)\]$/.exec(descr);
  const count = match?.[1] ? Number(match[1]) : 1;
  const unit = (match?.[2] ?? "generic").replace("μs", "us");
  p.out.op(OP.NONE);
  p.out.op(OP.MARK);
  p.out.bytesValue(Buffer.from(unit, "latin1"));
  p.out.int(count);
  p.out.int(1);
  p.out.int(1);
  p.out.op(OP.TUPLE);
  p.out.op(OP.TUPLE2);
}

/** The items of an object array in logical row-major order, whatever its memory order. */
function logicalItems(array: NDArray): readonly unknown[] {
  const data = array.data as unknown[];
  if (array.order === "C" || array.ndim <= 1) return data;
  const out: unknown[] = new Array(array.size);
  const index = new Array<number>(array.ndim).fill(0);
  for (let i = 0; i < array.size; i++) {
    out[i] = data[array.offsetOf(index)];
    for (let axis = array.ndim - 1; axis >= 0; axis--) {
      if (++index[axis]! < array.shape[axis]!) break;
      index[axis] = 0;
    }
  }
  return out;
}
