/**
 * Files that break the PNG format's chunk rules are not decoded on a guess:
 * they go to libpng through sharp, which refuses them (Pillow, more lenient,
 * reads some of them), and a laxer `failOn` gets sharp's own lenient decoding.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { FormatError, StorageError } from "../../../../src/engine/errors.js";
import { encodePixels } from "../../../../src/types/image/encode-png.js";
import { imagePixels } from "../../../../src/types/image/index.js";
import { loadSharp, type SharpFactory } from "../../../../src/types/image/load-sharp.js";
import { printableChunkType } from "../../../../src/types/image/palette/png-chunks.js";
import { tempDir } from "../../../helpers/context.js";
import { randomPixels } from "../helpers.js";
import { type Chunk, chunksOf, pngOf } from "./png-bytes.js";

let sharp: SharpFactory;
let chunks: Chunk[];
beforeAll(async () => {
  sharp = await loadSharp();
  const good = await encodePixels(randomPixels(5, 6, 4, 1, 8) as never, { compressionLevel: 6 });
  chunks = chunksOf(good);
});

const named = (type: string) => chunks.find((chunk) => chunk.type === type)!;
const others = (type: string) => chunks.filter((chunk) => chunk.type !== type);

describe("PNGs breaking the chunk rules", () => {
  const cases: Record<string, () => Chunk[]> = {
    "a second IHDR": () => [named("IHDR"), named("IHDR"), ...others("IHDR")],
    "an unknown critical chunk": () => [
      named("IHDR"),
      { type: "ABCD", data: Buffer.from([1, 2, 3]) },
      ...others("IHDR"),
    ],
    "IDAT chunks with another chunk between them": () => {
      const data = named("IDAT").data;
      const half = Math.floor(data.length / 2);
      return [
        named("IHDR"),
        { type: "IDAT", data: data.subarray(0, half) },
        { type: "tEXt", data: Buffer.from("k\0v") },
        { type: "IDAT", data: data.subarray(half) },
        named("IEND"),
      ];
    },
    "a chunk name with a digit": () => [
      named("IHDR"),
      { type: "a1cd", data: Buffer.from([0]) },
      ...others("IHDR"),
    ],
  };

  for (const [label, build] of Object.entries(cases)) {
    it(`refuses ${label}, as libpng does, naming the file`, async () => {
      const path = join(tempDir(), "malformed.png");
      writeFileSync(path, pngOf(build()));
      const error = await imagePixels(sharp(path)).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(FormatError);
      expect((error as FormatError).code).toBe("corrupt_image");
      expect((error as FormatError).message).toContain(path);
      // libpng itself, through sharp with nothing of ours around it, refuses the file too.
      await expect(sharp(path).raw().toBuffer()).rejects.toThrow();
    });
  }
});

describe("sharp's failOn", () => {
  it("leaves a truncated file to sharp when the caller asked for leniency", async () => {
    const whole = pngOf(chunks);
    const idatEnd = whole.indexOf(Buffer.from("IEND")) - 4;
    const path = join(tempDir(), "cut.png");
    writeFileSync(path, whole.subarray(0, idatEnd - 3));
    await expect(imagePixels(sharp(path))).rejects.toBeInstanceOf(FormatError);
    const lenient = await imagePixels(sharp(path, { failOn: "none" }));
    expect([lenient.width, lenient.height]).toEqual([6, 4]);
  });
});

describe("chunk names in messages", () => {
  it("shows bytes outside printable ASCII as escapes", () => {
    expect(printableChunkType("\r\n\x1a\n")).toBe("\\x0d\\x0a\\x1a\\x0a");
    expect(printableChunkType("IEN\u00bb")).toBe("IEN\\xbb");
    expect(printableChunkType("IDAT")).toBe("IDAT");
  });
});

describe("a file that is not there", () => {
  it("is reported as missing, by name, not as a corrupt image", async () => {
    const path = join(tempDir(), "absent.png");
    const error = await imagePixels(sharp(path)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).code).toBe("not_found");
    expect((error as StorageError).message).toBe(`cannot read image ${path}: no such file`);
  });
});
