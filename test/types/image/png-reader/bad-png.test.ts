/**
 * Damaged PNGs of a layout the reader takes end in a FormatError naming
 * the file: code `corrupt_image`, as sharp's decoding faults always were,
 * with the particular fault (and its own code) as the cause. Nothing larger
 * than the file can justify is allocated.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { deflateSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { FormatError } from "../../../../src/engine/errors.js";
import { encodePixels } from "../../../../src/types/image/encode-png.js";
import { imagePixels } from "../../../../src/types/image/index.js";
import { loadSharp, type SharpFactory } from "../../../../src/types/image/load-sharp.js";
import { tempDir } from "../../../helpers/context.js";
import { pythonJson } from "../../../helpers/python.js";
import { FIXTURES, randomPixels } from "../helpers.js";
import { chunkBytes, chunksOf, imageDataOf, pngOf, withImageData, withSize } from "./png-bytes.js";

let sharp: SharpFactory;
let good: Buffer;
/** The filtered rows of `good` (17 × 5 RGB: 5 rows of 1 + 51 bytes). */
let rows: Buffer;
beforeAll(async () => {
  sharp = await loadSharp();
  good = await encodePixels(randomPixels(3, 17, 5, 3, 8) as never, { compressionLevel: 6 });
  const { inflateSync } = await import("node:zlib");
  rows = inflateSync(imageDataOf(good));
});

/** The error decoding `bytes` from a file ends in; checks the outer error's shape. */
async function failure(name: string, bytes: Uint8Array) {
  const path = join(tempDir(), name);
  writeFileSync(path, bytes);
  const error = await imagePixels(sharp(path)).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FormatError);
  const outer = error as FormatError;
  expect(outer.message).toContain(path);
  return { outer, cause: outer.cause as FormatError | undefined, path };
}

describe("the PNG reader refuses damaged files", () => {
  it("image data cut short (a zlib stream without its end)", async () => {
    const idat = imageDataOf(good);
    const { outer, cause } = await failure(
      "short.png",
      withImageData(good, idat.subarray(0, idat.length - 9)),
    );
    expect(outer.code).toBe("corrupt_image");
    expect(cause?.code).toBe("corrupt_image");
    expect(outer.message).toMatch(/does not inflate/);
  });

  it("a corrupt deflate stream with correct CRCs", async () => {
    const idat = Buffer.from(imageDataOf(good));
    for (let i = 2; i < idat.length - 4; i++) idat[i] = 0xff - idat[i]!;
    const { outer, cause } = await failure("garbled.png", withImageData(good, idat));
    expect(outer.code).toBe("corrupt_image");
    expect(cause?.code).toBe("corrupt_image");
  });

  it("a chunk whose CRC does not match", async () => {
    const chunks = chunksOf(good);
    const bytes = Buffer.concat([
      good.subarray(0, 8),
      ...chunks.map((chunk) => chunkBytes(chunk, chunk.type === "IDAT")),
    ]);
    const { outer, cause } = await failure("crc.png", bytes);
    expect(outer.code).toBe("corrupt_image");
    expect(cause?.code).toBe("crc_mismatch");
    expect(outer.message).toContain('"IDAT"');
  });

  it("ignores bytes after IEND, as Pillow and libpng do", async () => {
    const path = join(tempDir(), "trailing.png");
    writeFileSync(path, Buffer.concat([good, Buffer.from("trailing garbage")]));
    const back = await imagePixels(sharp(path));
    const pillow = pythonJson<number[]>(
      "import sys, json\nsys.path.append('/usr/lib/python3/dist-packages')\n" +
        "from PIL import Image\nim = Image.open(sys.argv[1]); im.load()\n" +
        "print(json.dumps(list(im.tobytes())))",
      [path],
    );
    expect([...back.data]).toEqual(pillow);
    expect(pillow).toEqual([...randomPixels(3, 17, 5, 3, 8).data]);
  });

  it("a valid zlib stream holding fewer rows than IHDR says", async () => {
    const idat = deflateSync(rows.subarray(0, rows.length - 52));
    const { outer, cause } = await failure("few.png", withImageData(good, idat));
    expect(outer.code).toBe("corrupt_image");
    expect(cause?.code).toBe("truncated");
    expect(outer.message).toContain(`fewer than the ${rows.length} bytes`);
  });

  it("a valid zlib stream holding more than IHDR says", async () => {
    const idat = deflateSync(Buffer.concat([rows, rows.subarray(0, 52)]));
    const { outer, cause } = await failure("many.png", withImageData(good, idat));
    expect(outer.code).toBe("corrupt_image");
    expect(cause?.code).toBe("corrupt_image");
    expect(outer.message).toContain(`more than the ${rows.length} bytes`);
  });

  it("IHDR lying about the size, either way", async () => {
    const taller = await failure("taller.png", withSize(good, 17, 6));
    expect(taller.cause?.code).toBe("truncated");
    const shorter = await failure("shorter.png", withSize(good, 17, 4));
    expect(shorter.cause?.code).toBe("corrupt_image");
    expect(shorter.outer.message).toContain("more than the 208 bytes");
    // Wider rows misplace the filter bytes: either one is invalid or the data runs out.
    const wider = await failure("wider.png", withSize(good, 18, 5));
    expect(["truncated", "invalid_filter"]).toContain(wider.cause?.code);
    for (const { outer } of [taller, shorter, wider]) expect(outer.code).toBe("corrupt_image");
  });

  it("a filter type PNG does not define", async () => {
    const bad = Buffer.from(rows);
    bad[2 * 52] = 7;
    const { outer, cause } = await failure("filter.png", withImageData(good, deflateSync(bad)));
    expect(outer.code).toBe("corrupt_image");
    expect(cause?.code).toBe("invalid_filter");
    expect(outer.message).toContain("row 2 uses filter type 7");
  });

  it("a small file claiming an image its data cannot fill, before allocating it", async () => {
    // 20000 × 10000 RGB is within sharp's default pixel limit, but 600 MB of rows
    // cannot come from a few hundred bytes of deflate.
    const { outer, cause } = await failure("claims.png", withSize(good, 20000, 10000));
    expect(outer.code).toBe("corrupt_image");
    expect(cause?.code).toBe("truncated");
    expect(outer.message).toContain("cannot inflate to that much");
  });

  it("an image over the pixel limit, refused as too large before anything is inflated", async () => {
    const path = join(FIXTURES, "cases", "C33", "ihdr_100000x100000_tiny_idat.png");
    const error = await imagePixels(sharp(path)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FormatError);
    expect((error as FormatError).code).toBe("image_too_large");
    expect((error as FormatError).message).toContain("100000 × 100000");
  });

  it("the pixel limit the instance was opened with", async () => {
    const path = join(tempDir(), "limit.png");
    writeFileSync(path, good);
    const error = await imagePixels(sharp(path, { limitInputPixels: 84 })).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((error as FormatError).code).toBe("image_too_large");
    expect((await imagePixels(sharp(path, { limitInputPixels: 85 }))).width).toBe(17);
  });

  it("damage in a PNG held in a buffer names the buffer", async () => {
    const damaged = Buffer.from(good);
    damaged[damaged.length - 1]! ^= 0xff; // IEND's CRC
    const error = await imagePixels(sharp(damaged)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((error as FormatError).code).toBe("corrupt_image");
    expect((error as FormatError).message).toContain("image (a buffer)");
  });

  it("builds its damaged files from an image that decodes", async () => {
    expect((await imagePixels(sharp(pngOf(chunksOf(good))))).data).toEqual(
      randomPixels(3, 17, 5, 3, 8).data,
    );
  });
});
