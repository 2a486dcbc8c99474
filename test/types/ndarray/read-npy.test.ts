import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FormatError } from "../../../src/engine/errors.js";
import { readNpy, readNpyFile } from "../../../src/types/ndarray/index.js";
import { tempDir } from "../../helpers/context.js";
import { craftNpy, headerText } from "./craft.js";

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(FormatError);
    expect((error as Error).message).toMatch(/^cannot read bad\.npy: /);
    return (error as FormatError).code;
  }
  return undefined;
}

const f64 = (...values: number[]) => new Uint8Array(new Float64Array(values).buffer);

describe("readNpy errors", () => {
  it.each([
    ["not_npy", Uint8Array.from(Buffer.from("PK\x03\x04 a zip file"))],
    ["not_npy", Uint8Array.of(0x93, 0x4e, 0x55, 0x4d, 0x50, 0x58, 1, 0, 0, 0)],
    ["truncated_header", Uint8Array.of(0x93, 0x4e, 0x55)],
    ["truncated_header", craftNpy(headerText("<f8", "(1,)")).subarray(0, 9)],
    ["truncated_header", craftNpy(headerText("<f8", "(1,)"), undefined, 2).subarray(0, 11)],
    ["unsupported_version", craftNpy(headerText("<f8", "(1,)")).fill(4, 6, 7)],
    ["unsupported_version", craftNpy(headerText("<f8", "(1,)")).fill(1, 7, 8)],
    ["invalid_header", craftNpy("{'descr': '<f8', 'shape': (1,)}")],
    ["invalid_header", craftNpy("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'x': 1}")],
    ["invalid_header", craftNpy("{'descr': '<f8', 'fortran_order': 0, 'shape': (1,)}")],
    ["invalid_header", craftNpy("{'descr': 8, 'fortran_order': False, 'shape': (1,)}")],
    ["invalid_header", craftNpy("{'descr': '<f8', 'fortran_order': False, 'shape': [1]}")],
    ["invalid_header", craftNpy("{'descr': '<f8', 'fortran_order': False, 'shape': (1.5,)}")],
    ["invalid_header", craftNpy("{'descr': '<f8', 'fortran_order': False, 'shape': (True,)}")],
    ["invalid_header", craftNpy("['descr', '<f8']")],
    ["invalid_header", craftNpy("{'descr': '<f8', 'fortran_order': False, 'shape': (1,)")],
    ["invalid_header", craftNpy(Buffer.from([0x7b, 0xff, 0xfe]).toString("latin1"), undefined, 3)],
    ["invalid_shape", craftNpy(headerText("<f8", "(3, -2)"))],
    ["invalid_shape", craftNpy(headerText("<f8", "(0, 18446744073709551616)"))],
    ["invalid_shape", craftNpy(headerText("|u1", "(9223372036854775807, 2)"))],
    ["unsupported_dtype", craftNpy(headerText("<f16", "(1,)"), new Uint8Array(16))],
    ["unsupported_dtype", craftNpy(headerText("<c32", "(1,)"), new Uint8Array(32))],
    ["unsupported_dtype", craftNpy(headerText("<q8", "(1,)"), new Uint8Array(8))],
    ["unsupported_dtype", craftNpy(headerText("|S0", "(1,)"))],
    ["unsupported_dtype", craftNpy(headerText("<M8[fortnight]", "(1,)"), new Uint8Array(8))],
    [
      "unsupported_dtype",
      craftNpy(
        "{'descr': [('a', '|O')], 'fortran_order': False, 'shape': (1,)}",
        new Uint8Array(4),
      ),
    ],
    ["pickle_not_allowed", craftNpy(headerText("|O", "(2,)"), new Uint8Array(40))],
    ["truncated_data", craftNpy(headerText("<f8", "(3,)"), f64(1, 2))],
    ["truncated_data", craftNpy(headerText("<U4", "(2,)"), new Uint8Array(31))],
  ])("%s: %#", (code, bytes) => {
    expect(codeOf(() => readNpy(bytes, { source: "bad.npy" }))).toBe(code);
  });

  it("names both sizes when the data is short", () => {
    const bytes = craftNpy(headerText("<f8", "(1000, 1000)"), new Uint8Array(4096));
    expect(() => readNpy(bytes, { source: "a.npy" })).toThrow(
      "cannot read a.npy: header says shape (1000, 1000) of float64 (8000000 bytes) " +
        "but the file holds 4096 bytes of data",
    );
  });

  it("names allowPickle when refusing an object array", () => {
    const bytes = craftNpy(headerText("|O", "(2,)"), new Uint8Array(40));
    expect(() => readNpy(bytes)).toThrow(/allowPickle: true/);
  });

  it("refuses a header length beyond the file before reading it", () => {
    const bytes = craftNpy(headerText("<f8", "(1,)"), f64(1));
    new DataView(bytes.buffer).setUint16(8, 60000, true);
    expect(codeOf(() => readNpy(bytes, { source: "bad.npy" }))).toBe("truncated_header");
  });

  it("refuses a file whose header says 1 TiB without allocating it", async () => {
    const dir = tempDir();
    const path = join(dir, "huge.npy");
    writeFileSync(path, craftNpy(headerText("<f8", "(137438953472,)"), new Uint8Array(1024)));
    const before = process.memoryUsage().arrayBuffers;
    await expect(readNpyFile(path)).rejects.toMatchObject({
      code: "truncated_data",
      message: expect.stringContaining(path),
    });
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(1 << 20);
  });

  it("reports a missing file as a storage error naming the path", async () => {
    const path = join(tempDir(), "missing.npy");
    await expect(readNpyFile(path)).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("readNpy values", () => {
  it("reads version 2.0 and 3.0 headers (UTF-8 in 3.0)", () => {
    for (const version of [2, 3] as const) {
      const array = readNpy(craftNpy(headerText("<f8", "(2,)"), f64(1.5, -2), version));
      expect([...(array.data as Float64Array)]).toEqual([1.5, -2]);
    }
  });

  it("accepts descr spellings without a byte order and with '=' or '|'", () => {
    for (const descr of ["f8", "=f8", "|f8"]) {
      const array = readNpy(craftNpy(headerText(descr, "(1,)"), f64(7)));
      expect(array.dtype).toBe("float64");
      expect(array.get(0)).toBe(7);
    }
  });

  it("gives a view over aligned in-memory bytes and a copy over unaligned ones", () => {
    const text = headerText("<f8", "(2,)");
    const file = craftNpy(`${text.trimEnd().padEnd(117)}\n`, f64(1, 2));
    expect((file.length - 16) % 8).toBe(0);
    const aligned = readNpy(file);
    expect((aligned.data as Float64Array).buffer).toBe(file.buffer);

    const shifted = new Uint8Array(file.length + 1);
    shifted.set(file, 1);
    const unaligned = readNpy(shifted.subarray(1));
    expect((unaligned.data as Float64Array).buffer).not.toBe(shifted.buffer);
    expect([...(unaligned.data as Float64Array)]).toEqual([1, 2]);
  });

  it("never swaps the caller's bytes in place, Buffer or not", () => {
    const data = Uint8Array.of(0, 1, 0, 2);
    const file = craftNpy(headerText(">u2", "(2,)"), data);
    for (const input of [file, Buffer.from(file)]) {
      const before = new Uint8Array(input);
      expect([...(readNpy(input).data as Uint16Array)]).toEqual([1, 2]);
      expect(new Uint8Array(input)).toEqual(before);
    }
  });

  it("reads unaligned data inside a Node Buffer", () => {
    const file = craftNpy(headerText("<f8", "(2,)"), f64(1, 2));
    const pooled = Buffer.concat([Buffer.from([9]), Buffer.from(file)]).subarray(1);
    const array = readNpy(pooled);
    expect(array.data).toBeInstanceOf(Float64Array);
    expect([...(array.data as Float64Array)]).toEqual([1, 2]);
  });

  it("reads a code point beyond U+10FFFF as an error, not a crash", () => {
    const data = new Uint8Array(new Uint32Array([0x110000]).buffer);
    const file = craftNpy(headerText("<U1", "(1,)"), data);
    expect(() => readNpy(file, { source: "bad.npy" })).toThrow(
      expect.objectContaining({ code: "invalid_data" }),
    );
  });

  it("reads a file from disk into its own buffer", async () => {
    const dir = join(tempDir(), "nested");
    mkdirSync(dir);
    const path = join(dir, "a.npy");
    writeFileSync(
      path,
      craftNpy(
        headerText(">i4", "(2, 2)", true),
        Uint8Array.of(0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4),
      ),
    );
    const array = await readNpyFile(path);
    expect(array.order).toBe("F");
    expect(array.toNested()).toEqual([
      [1, 3],
      [2, 4],
    ]);
  });
});
