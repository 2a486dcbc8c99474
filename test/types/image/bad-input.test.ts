import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FormatError, isFlytekitError } from "../../../src/engine/errors.js";
import { blobLiteral } from "../../../src/model/literals.js";
import { image, imagePixels } from "../../../src/types/image/index.js";
import { imageTransformer } from "../../../src/types/image/transformer.js";
import { tempDir, testContext } from "../../helpers/context.js";
import { FIXTURES, readImage, writeImage } from "./helpers.js";

const C33 = join(FIXTURES, "cases/C33");

/** Reads `path` through the engine and returns the error it fails with. */
async function failure(path: string, options = {}): Promise<FormatError> {
  const ctx = testContext();
  const error = await ctx.engine.toValue(ctx, blobLiteral(path, "PIL.Image"), image(options)).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isFlytekitError(error)).toBe(true);
  return error as FormatError;
}

function fileWith(name: string, bytes: Uint8Array): string {
  const path = join(tempDir(), name);
  writeFileSync(path, bytes);
  return path;
}

const rgb = readFileSync(join(FIXTURES, "rgb-8bit.png"));

describe("t.image() refuses bad files with a FormatError naming them", () => {
  it("refuses a text file as not_image", async () => {
    const path = fileWith("notes.png", Buffer.from("hello, this is not a picture\n"));
    const error = await failure(path);
    expect(error.code).toBe("not_image");
    expect(error.message).toMatch(
      /^task test, input x: cannot read image .*notes\.png: not an image/,
    );
    expect(error.uri).toBe(path);
  });

  it("refuses an empty file as not_image", async () => {
    expect((await failure(fileWith("empty.png", new Uint8Array(0)))).code).toBe("not_image");
  });

  it("refuses a PNG cut inside its image data as truncated", async () => {
    const path = fileWith("cut.png", rgb.subarray(0, 1500));
    const error = await failure(path);
    expect(error.code).toBe("truncated");
    expect(error.message).toContain("cut.png");
    expect(error.message).toContain(`file ends at byte 1500`);
  });

  it("refuses a PNG cut inside its header as truncated", async () => {
    const error = await failure(fileWith("head.png", rgb.subarray(0, 20)));
    expect(error.code).toBe("truncated");
  });

  it("refuses a PNG without IEND as truncated", async () => {
    expect((await failure(fileWith("noend.png", rgb.subarray(0, rgb.length - 12)))).code).toBe(
      "truncated",
    );
  });

  it("names the blob when damaged image data is only noticed while decoding", async () => {
    const damaged = Buffer.from(rgb);
    const idat = damaged.indexOf("IDAT");
    for (let i = idat + 20; i < idat + 60; i++) damaged[i] = 0xff - damaged[i]!;
    const path = fileWith("damaged.png", damaged);
    const img = await imageTransformer.toValue(
      testContext(),
      blobLiteral(path, "PIL.Image"),
      image(),
    );
    const error = await imagePixels(img).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FormatError);
    expect((error as FormatError).code).toBe("corrupt_image");
    // The failure is the input's, whenever it is noticed: the message says which input.
    expect((error as FormatError).message).toContain(
      `task test, input x: cannot decode ${path}: its pixel data is corrupt`,
    );
  });

  it("says so when the file does not exist", async () => {
    const error = await failure(join(tempDir(), "gone.png"));
    expect(error.code).toBe("not_found");
    expect(error.message).toContain("gone.png");
  });
});

describe("t.image() pixel limit", () => {
  it("refuses a small PNG whose IHDR declares 100,000 × 100,000 from the header alone", async () => {
    const error = await failure(join(C33, "ihdr_100000x100000_tiny_idat.png"));
    expect(error.code).toBe("image_too_large");
    expect(error.message).toContain("100000 × 100000 is 10000000000 pixels");
    expect(error.message).toContain("178956970");
  });

  it("refuses a complete 16384 × 16384 image above Pillow's threshold", async () => {
    const error = await failure(join(C33, "complete_16384x16384_zeros.png"));
    expect(error.code).toBe("image_too_large");
  });

  it("opens that image when the limit is raised, without decoding it", async () => {
    const ctx = testContext();
    const literal = blobLiteral(join(C33, "complete_16384x16384_zeros.png"), "PIL.Image");
    const img = await imageTransformer.toValue(ctx, literal, image({ maxPixels: 16384 * 16384 }));
    expect(await img.metadata()).toMatchObject({ width: 16384, height: 16384, channels: 1 });
  });

  it("applies a configured limit: exactly at it passes, one below refuses", async () => {
    const path = join(FIXTURES, "rgb-8bit.png"); // 420 × 300 = 126,000 pixels
    const ok = await readImage(testContext(), path, { maxPixels: 126_000 });
    expect(ok.width * ok.height).toBe(126_000);
    const error = await failure(path, { maxPixels: 125_999 });
    expect(error.code).toBe("image_too_large");
    expect(error.message).toContain("420 × 300 is 126000 pixels, above the limit of 125999");
  });

  it("applies the limit to other formats too", async () => {
    const ctx = testContext();
    const sharp = (await import("sharp")).default;
    const jpeg = await sharp({
      create: { width: 40, height: 30, channels: 3, background: "#808080" },
    })
      .jpeg()
      .toBuffer();
    const path = fileWith("photo.jpg", jpeg);
    expect((await failure(path, { maxPixels: 1199 })).code).toBe("image_too_large");
    const pixels = await readImage(ctx, path);
    expect(pixels).toMatchObject({ width: 40, height: 30, channels: 3, depth: 8 });
  });
});

describe("t.image() IHDR checks (C33)", () => {
  for (const name of [
    "ihdr_width_zero.png",
    "ihdr_width_2pow31.png",
    "ihdr_bad_depth_for_rgb.png",
  ]) {
    it(`refuses ${name} as invalid_header`, async () => {
      const error = await failure(join(C33, name));
      expect(error.code).toBe("invalid_header");
      expect(error.message).toContain(name);
    });
  }

  it("refuses an IHDR whose CRC does not match", async () => {
    const bad = Buffer.from(rgb);
    bad[16] = bad[16]! ^ 1;
    expect((await failure(fileWith("crc.png", bad))).code).toBe("crc_mismatch");
  });
});

describe("t.image() refuses values that are not images", () => {
  const cases: Array<[string, unknown, RegExp]> = [
    [
      "a string",
      "picture.png",
      /expected a sharp instance or raw pixels .* got string "picture.png"/,
    ],
    ["a number", 42, /got number 42/],
    ["null", null, /got null/],
    [
      "short data",
      { data: new Uint8Array(10), width: 4, height: 3, channels: 1 },
      /4 × 3 pixels of 1 channel\(s\) need 12 samples, data holds 10/,
    ],
    [
      "five channels",
      { data: new Uint8Array(5), width: 1, height: 1, channels: 5 },
      /channels must be 1, 2, 3 or 4, got number 5/,
    ],
    [
      "depth 16 over bytes",
      { data: new Uint8Array(4), width: 2, height: 2, channels: 1, depth: 16 },
      /depth 16 needs a Uint16Array, got a Uint8Array/,
    ],
    [
      "float samples",
      { data: new Float32Array(4), width: 2, height: 2, channels: 1 },
      /data must be a Uint8Array \(8-bit\) or Uint16Array \(16-bit\), got a Float32Array/,
    ],
    [
      "a zero width",
      { data: new Uint8Array(0), width: 0, height: 2, channels: 1 },
      /width and height must be positive integers/,
    ],
  ];
  for (const [label, value, message] of cases) {
    it(`refuses ${label} with a TypeMismatchError`, async () => {
      const ctx = testContext();
      const error = await writeImage(ctx, value).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isFlytekitError(error)).toBe(true);
      expect((error as FormatError).code).toBe("type_mismatch");
      expect((error as Error).message).toMatch(/^task test, input x: cannot write image: /);
      expect((error as Error).message).toMatch(message);
    });
  }
});
