/**
 * An `.npy` array opened without reading its data: the value a task gets
 * for `t.ndarray({ mmapMode })`, and what {@link openNpy} returns.
 */
import { StorageError } from "../../../engine/errors.js";
import type { DataOf, DTypeName, ElementOf } from "../dtype.js";
import { NDArray, type Order, offsetIn, stridesOf } from "../ndarray.js";
import type { DataPlan } from "../npy-plan.js";
import type { StructLayout } from "../struct-dtype.js";
import type { ByteSource } from "./byte-source.js";
import { CopyOnWrite } from "./copy-on-write.js";
import { decodeRun, encodeRun, itemData, runArray } from "./file-items.js";

/**
 * NumPy's `mmap_mode`: `r` reads only; `r+` writes through to the file;
 * `c` (copy-on-write) keeps writes in memory and never touches the file;
 * `w+` creates a new file (see {@link createNpy}) and writes through.
 */
export type MmapMode = "r" | "r+" | "c" | "w+";

/** Bytes per read when a whole array or a big slice is materialised. */
const STREAM_CHUNK = 16 << 20;

/**
 * An array whose items stay in the file until asked for. This is
 * positioned I/O, not an operating-system memory map (Node has none): each
 * read fetches exactly the bytes of the items asked for, with a positioned
 * read on a local file or a ranged read (a ranged GET on S3) on a remote
 * object, and nothing is cached. Opening reads only the header, so its time
 * and memory do not depend on the size of the file.
 *
 * Writes follow NumPy's modes: with `r+` and `w+` they go straight to the
 * file, with `c` they stay in memory (in 64 KiB chunks) and are seen by
 * later reads of this object only, and with `r` they are refused.
 * Call {@link close} when done; {@link flush} makes writes durable.
 *
 * @example
 * ```ts
 * const a = await openNpy("big.npy", { mmapMode: "r" });
 * const x = await a.get(10, 20);           // reads one item
 * const rows = await a.slice(100, 200);    // reads rows 100-199 as an NDArray
 * await a.close();
 * ```
 */
export class MappedNDArray<D extends DTypeName = DTypeName> {
  readonly dtype: D;
  readonly shape: readonly number[];
  readonly order: Order;
  readonly size: number;
  readonly fields: StructLayout | undefined;
  readonly mode: MmapMode;
  /** Offset of the first data byte in the file. */
  readonly dataOffset: number;
  readonly #source: ByteSource;
  readonly #plan: DataPlan;
  readonly #strides: readonly number[];
  readonly #overlay: CopyOnWrite | undefined;

  /** @internal Made by {@link openNpy} and {@link createNpy}. */
  constructor(source: ByteSource, plan: DataPlan, dataOffset: number, mode: MmapMode) {
    this.#source = source;
    this.#plan = plan;
    this.dtype = plan.info.name as D;
    this.shape = Object.freeze([...plan.shape]);
    this.order = plan.order;
    this.size = plan.count;
    this.fields = plan.info.layout;
    this.mode = mode;
    this.dataOffset = dataOffset;
    this.#strides = stridesOf(this.shape, this.order);
    this.#overlay = mode === "c" ? new CopyOnWrite(source.size) : undefined;
  }

  get ndim(): number {
    return this.shape.length;
  }

  get itemSize(): number {
    return this.#plan.info.itemSize;
  }

  /** The file's path or URI. */
  get source(): string {
    return this.#source.name;
  }

  /** Bytes read from storage so far, the header included. */
  get bytesRead(): number {
    return this.#source.bytesRead;
  }

  /** Bytes written to the file so far (always 0 for `r` and `c`). */
  get bytesWritten(): number {
    return this.#source.bytesWritten;
  }

  /** The item at a logical index, reading only its bytes. */
  async get(...index: number[]): Promise<ElementOf<D>> {
    const offset = offsetIn(this.shape, this.#strides, index);
    const data = await this.read(offset, 1);
    return runArray(this.#plan, data, 1).itemAt(0) as ElementOf<D>;
  }

  /**
   * `count` items in memory order from item `start` (the whole array by
   * default), read with one positioned or ranged read, as `data` storage.
   */
  async read(start = 0, count = this.size - start, signal?: AbortSignal): Promise<DataOf<D>> {
    this.#checkRun(start, count);
    const position = this.dataOffset + start * this.itemSize;
    const bytes = await this.#source.read(position, count * this.itemSize, signal);
    this.#overlay?.apply(position, bytes);
    return decodeRun(this.#plan, bytes, count, this.#source.name) as DataOf<D>;
  }

  /**
   * Indices `start` to `end` (exclusive) of the outer axis as an NDArray:
   * the first axis of a C-order array, the last of a Fortran-order one, the
   * axis along which the items lie in one contiguous run.
   */
  async slice(start: number, end?: number, signal?: AbortSignal): Promise<NDArray<D>> {
    const axis = this.order === "C" ? 0 : this.ndim - 1;
    const extent = this.ndim === 0 ? 1 : this.shape[axis]!;
    const stop = Math.min(end ?? extent, extent);
    if (!Number.isInteger(start) || start < 0 || start > stop) {
      throw new RangeError(
        `slice ${start}:${stop} is out of bounds for axis ${axis} of size ${extent}`,
      );
    }
    const inner = this.ndim === 0 ? 1 : this.size / (extent || 1);
    const data = await this.read(start * inner, (stop - start) * inner, signal);
    const shape = this.ndim === 0 ? [] : this.shape.map((n, i) => (i === axis ? stop - start : n));
    const fields = this.fields ? { fields: this.fields } : {};
    return new NDArray<D>({ dtype: this.dtype, shape, order: this.order, data, ...fields });
  }

  /** Every item, read into memory as an ordinary NDArray. */
  async toNDArray(signal?: AbortSignal): Promise<NDArray<D>> {
    const outer = this.ndim === 0 ? 1 : this.shape[this.order === "C" ? 0 : this.ndim - 1]!;
    return this.slice(0, outer, signal);
  }

  /** Sets the item at a logical index (refused with `r`). */
  async set(index: readonly number[], value: ElementOf<D>): Promise<void> {
    const offset = offsetIn(this.shape, this.#strides, index);
    await this.write(offset, itemData(this.#plan.info, value) as DataOf<D>);
  }

  /** Writes `data` (storage of this dtype, in memory order) over the items from `start`. */
  async write(start: number, data: DataOf<D>, signal?: AbortSignal): Promise<void> {
    if (this.mode === "r") {
      throw new StorageError(
        "read_only",
        `cannot write ${this.source}: the array was opened with mmapMode "r"; use "r+" to write ` +
          `through to the file or "c" to keep changes in memory`,
        { uri: this.source },
      );
    }
    const count = countOf(this.#plan, data);
    this.#checkRun(start, count);
    const bytes = encodeRun(this.#plan, data, count);
    const position = this.dataOffset + start * this.itemSize;
    if (this.#overlay) {
      await this.#overlay.write(position, bytes, (at, length) => this.#source.read(at, length));
    } else {
      await this.#source.write(position, bytes, signal);
    }
  }

  /** Makes the writes so far durable (fsync); nothing to do for `r` and `c`. */
  async flush(): Promise<void> {
    if (this.mode === "r+" || this.mode === "w+") await this.#source.sync();
  }

  /** Releases the file handle. Later reads and writes fail. */
  async close(): Promise<void> {
    await this.#source.close();
  }

  /**
   * The whole `.npy` file as chunks, changes of mode `c` included: the
   * header as it is in the file, then the data, read {@link STREAM_CHUNK}
   * bytes at a time. This is how a mapped array is written as a task output.
   */
  async *npyChunks(signal?: AbortSignal): AsyncGenerator<Uint8Array> {
    yield await this.#source.read(0, this.dataOffset, signal);
    const end = this.dataOffset + this.size * this.itemSize;
    for (let at = this.dataOffset; at < end; at += STREAM_CHUNK) {
      const bytes = await this.#source.read(at, Math.min(STREAM_CHUNK, end - at), signal);
      this.#overlay?.apply(at, bytes);
      yield bytes;
    }
  }

  #checkRun(start: number, count: number): void {
    if (!Number.isSafeInteger(start) || !Number.isSafeInteger(count) || start < 0 || count < 0) {
      throw new RangeError(`items ${start} to ${start + count} are not a valid run`);
    }
    if (start + count > this.size) {
      throw new RangeError(`items ${start} to ${start + count} exceed the array's ${this.size}`);
    }
  }
}

/** Items in `data`, counted as the dtype stores them. */
function countOf(plan: DataPlan, data: unknown): number {
  const length = (data as { length?: unknown }).length;
  if (typeof length !== "number") throw new RangeError("data must be an array or a typed array");
  const { storage, itemSize } = plan.info;
  if (storage === "complex") return length / 2;
  if (storage === "void" || storage === "struct") return length / itemSize;
  return length;
}
