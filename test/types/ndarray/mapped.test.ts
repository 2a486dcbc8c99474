/**
 * Lazily opened arrays (mmapMode): what is read, and when; writes in each
 * mode; remote objects read by ranges; bad files refused from the header.
 * (Values against NumPy's are in test/interop/ndarray-mapped.test.ts.)
 */
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { StorageBackend } from "../../../src/storage/file-access.js";
import { FileAccess } from "../../../src/storage/files.js";
import {
  createNpy,
  encodeNpy,
  MappedNDArray,
  NDArray,
  openNpy,
  readNpyFile,
  writeNpyFile,
} from "../../../src/types/ndarray/index.js";
import { tempDir } from "../../helpers/context.js";
import { craftNpy, headerText } from "./craft.js";

const dir = tempDir("npy-mapped-");
let files = 0;

/** A 2x3 float64 array in Fortran order, written to a fresh file. */
async function fortranFile(): Promise<string> {
  const path = join(dir, `f${files++}.npy`);
  const array = new NDArray({
    dtype: "float64",
    shape: [2, 3],
    order: "F",
    data: Float64Array.of(0, 3, 1, 4, 2, 5),
  });
  await writeNpyFile(path, array);
  return path;
}

describe("opening with mmapMode", () => {
  it("reads only the header, then only the bytes of each item asked for", async () => {
    const path = await fortranFile();
    const a = await openNpy(path);
    expect(a).toBeInstanceOf(MappedNDArray);
    expect([a.dtype, a.order, a.mode, a.size, a.ndim]).toEqual(["float64", "F", "r", 6, 2]);
    expect(a.shape).toEqual([2, 3]);
    expect(a.bytesRead).toBe(a.dataOffset);
    expect(await a.get(1, 2)).toBe(5);
    expect(a.bytesRead).toBe(a.dataOffset + 8);
    expect([...(await a.read(2, 3))]).toEqual([1, 4, 2]);
    expect(a.bytesRead).toBe(a.dataOffset + 8 + 24);
    await a.close();
  });

  it("slices along the contiguous axis and materialises the whole array", async () => {
    const path = await fortranFile();
    const a = await openNpy(path);
    const columns = await a.slice(1, 3);
    expect(columns.shape).toEqual([2, 2]);
    expect(columns.toNested()).toEqual([
      [1, 2],
      [4, 5],
    ]);
    expect((await a.toNDArray()).toNested()).toEqual((await readNpyFile(path)).toNested());
    await expect(a.slice(2, 1)).rejects.toThrow(RangeError);
    await expect(a.get(2, 0)).rejects.toThrow(/index 2 is out of bounds for axis 0/);
    await a.close();
  });

  it("opens a sparse 6 GiB file without reading its data", async () => {
    const path = join(dir, "sparse.npy");
    const count = 6 * 2 ** 27; // 6 GiB of float64
    const created = await createNpy(path, { dtype: "float64", shape: [count] });
    await created.set([count - 1], 2.5);
    await created.close();
    expect(statSync(path).size).toBe(created.dataOffset + count * 8);
    expect(statSync(path).blocks * 512).toBeLessThan(1 << 20); // zeros were never written

    const a = await openNpy(path);
    expect(a.bytesRead).toBe(a.dataOffset);
    expect(await a.get(count - 1)).toBe(2.5);
    expect(await a.get(12345)).toBe(0);
    expect(a.bytesRead).toBe(a.dataOffset + 16);
    await a.close();
  });

  it('writes through to the file with "r+", big-endian files in their own order', async () => {
    const path = join(dir, "be.npy");
    writeFileSync(
      path,
      craftNpy(headerText(">i4", "(3,)"), Uint8Array.of(0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3)),
    );
    const a = await openNpy(path, { mmapMode: "r+" });
    await a.set([1], -2);
    await a.write(2, Int32Array.of(0x01020304));
    await a.flush();
    await a.close();
    expect([...readFileSync(path).subarray(-8)]).toEqual([0xff, 0xff, 0xff, 0xfe, 1, 2, 3, 4]);
    expect(a.bytesWritten).toBe(8);
  });

  it('keeps writes in memory with "c": later reads see them, the file does not', async () => {
    const path = await fortranFile();
    const before = readFileSync(path);
    const a = await openNpy(path, { mmapMode: "c" });
    await a.set([0, 1], 100);
    await a.write(4, Float64Array.of(7, 8));
    expect((await a.toNDArray()).toNested()).toEqual([
      [0, 100, 7],
      [3, 4, 8],
    ]);
    expect(a.bytesWritten).toBe(0);
    const chunks: Uint8Array[] = [];
    for await (const chunk of a.npyChunks()) chunks.push(chunk);
    await a.close();
    expect(readFileSync(path)).toEqual(before);
    const copy = join(dir, "copy.npy");
    writeFileSync(copy, Buffer.concat(chunks));
    expect((await readNpyFile(copy)).get(0, 1)).toBe(100);
  });

  it('refuses writes with "r", naming the modes that write', async () => {
    const a = await openNpy(await fortranFile());
    await expect(a.set([0, 0], 1)).rejects.toMatchObject({
      code: "read_only",
      message: expect.stringMatching(/mmapMode "r".*"r\+".*"c"/),
    });
    await a.close();
    await expect(a.get(0, 0)).rejects.toMatchObject({ code: "closed" });
  });

  it('creates a zero-filled file with "w+" that NumPy-format readers load', async () => {
    const path = join(dir, "created.npy");
    const a = await createNpy(path, { dtype: "U3", shape: [2, 2], order: "F" });
    expect(a.mode).toBe("w+");
    await a.set([1, 0], "abc");
    await expect(a.set([0, 0], "abcd")).rejects.toThrow(/longer than the 3 characters/);
    await a.close();
    const back = await readNpyFile(path);
    expect(back.order).toBe("F");
    expect(back.toNested()).toEqual([
      ["", ""],
      ["abc", ""],
    ]);
  });

  it("checks item values against the dtype", async () => {
    const a = await createNpy(join(dir, "typed.npy"), { dtype: "int64", shape: [2] });
    await expect(a.set([0], "x" as never)).rejects.toThrow(
      /cannot write an item of dtype int64: expected a bigint, got string x/,
    );
    await a.set([1], (2 ** 40) as never);
    expect(await a.get(1)).toBe(2n ** 40n);
    await a.close();
  });

  it.each([
    [
      "an object array",
      craftNpy(headerText("|O", "(1,)"), Uint8Array.of(0x80, 2, 0x4e, 0x2e)),
      "unsupported_dtype",
    ],
    [
      "a truncated file",
      craftNpy(headerText("<f8", "(1000000,)"), new Uint8Array(8)),
      "truncated_data",
    ],
    ["not an .npy file", new TextEncoder().encode("PK\u0003\u0004 hello"), "not_npy"],
    ["a file shorter than the magic", Uint8Array.of(0x93, 0x4e), "truncated_header"],
  ])("refuses %s from its header", async (_, bytes, code) => {
    const path = join(dir, `bad-${code}.npy`);
    writeFileSync(path, bytes);
    await expect(openNpy(path)).rejects.toMatchObject({
      code,
      message: expect.stringMatching(
        new RegExp(`^cannot (read|open) ${path.replace(/[/.]/g, "\\$&")}`),
      ),
    });
  });

  it("says what is missing", async () => {
    await expect(openNpy(join(dir, "absent.npy"))).rejects.toMatchObject({ code: "not_found" });
  });
});

/** A backend for `mem://` that records every range it serves. */
function memoryBackend(objects: Map<string, Uint8Array>) {
  const ranges: [number, number][] = [];
  const backend: StorageBackend = {
    schemes: ["mem"],
    readBytes: async (uri) => objects.get(uri),
    writeBytes: async (uri, bytes) => void objects.set(uri, bytes),
    openRead: async () => {
      throw new Error("streams are not used here");
    },
    openWrite: async () => {
      throw new Error("streams are not used here");
    },
    size: async (uri) => objects.get(uri)?.length,
    readRange: async (uri, offset, length) => {
      ranges.push([offset, length]);
      return objects.get(uri)!.slice(offset, offset + length);
    },
    localPath: () => undefined,
  };
  return { backend, ranges };
}

describe("mapped arrays in remote storage", () => {
  const array = new NDArray({
    dtype: "int16",
    shape: [4, 2],
    data: Int16Array.of(1, 2, 3, 4, 5, 6, 7, 8),
  });
  const bytes = encodeNpy(array);
  const files = new FileAccess(join(dir, "raw"));
  const { backend, ranges } = memoryBackend(new Map([["mem://bucket/a.npy", bytes]]));
  files.register("mem", backend);

  it("reads the header, then only the ranges of the items asked for", async () => {
    ranges.length = 0;
    const a = await openNpy("mem://bucket/a.npy", { files });
    const dataOffset = a.dataOffset;
    expect(ranges).toEqual([
      [0, 12],
      [12, dataOffset - 12],
    ]);
    expect(await a.get(2, 1)).toBe(6);
    expect((await a.slice(1, 3)).toNested()).toEqual([
      [3, 4],
      [5, 6],
    ]);
    expect(ranges.slice(2)).toEqual([
      [dataOffset + 10, 2],
      [dataOffset + 4, 8],
    ]);
    expect(a.bytesRead).toBe(dataOffset + 10);
  });

  it('refuses "r+" (no positioned writes) and keeps "c" changes in memory', async () => {
    await expect(openNpy("mem://bucket/a.npy", { files, mmapMode: "r+" })).rejects.toMatchObject({
      code: "read_only",
    });
    const a = await openNpy("mem://bucket/a.npy", { files, mmapMode: "c" });
    await a.set([0, 0], -1);
    expect(await a.get(0, 0)).toBe(-1);
    const fresh = await openNpy("mem://bucket/a.npy", { files });
    expect(await fresh.get(0, 0)).toBe(1);
  });
});
