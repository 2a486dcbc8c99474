/** What the PNG writer refuses, with a FormatError saying why. */
import { describe, expect, it } from "vitest";
import { FormatError } from "../../../../src/engine/errors.js";
import { writePng } from "../../../../src/types/image/png-writer/write-png.js";
import type { CheckedPixels } from "../../../../src/types/image/raw-pixels.js";

/** Pixels whose size is only declared: the writer must refuse them before touching data. */
const declared = (width: number, height: number, channels: 1 | 3 | 4): CheckedPixels => ({
  data: new Uint8Array(0),
  width,
  height,
  channels,
  depth: 8,
});

async function failure(pixels: CheckedPixels, level = 6): Promise<FormatError> {
  const error: unknown = await writePng(pixels, { compressionLevel: level }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FormatError);
  return error as FormatError;
}

describe("writePng refuses", () => {
  it("a zlib level outside 0–9", async () => {
    const error = await failure(declared(1, 1, 1), 10);
    expect(error.code).toBe("encode_failed");
    expect(error.message).toBe("cannot encode image as PNG: level 10 is not 0–9");
  });

  it("a width beyond PNG's 2^31 - 1", async () => {
    const error = await failure(declared(2 ** 31, 1, 1));
    expect(error.code).toBe("image_too_large");
    expect(error.message).toBe(
      "cannot encode image as PNG: 2147483648 × 1 pixels exceed PNG's limit of 2147483647 per side",
    );
  });

  it("more filtered rows than a buffer holds", async () => {
    const error = await failure(declared(65536, 32768, 4));
    expect(error.code).toBe("image_too_large");
    expect(error.message).toMatch(
      /^cannot encode image as PNG: 65536 × 32768 pixels need 8589967360 bytes of filtered rows, above the \d+ bytes a buffer may hold$/,
    );
  });
});
