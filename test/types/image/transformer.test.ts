import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { BlobDimensionality, blobType } from "../../../src/model/literal-types.js";
import type { StorageBackend } from "../../../src/storage/file-access.js";
import { describeImage, image, imagePixels } from "../../../src/types/image/index.js";
import { imageTransformer } from "../../../src/types/image/transformer.js";
import { testContext } from "../../helpers/context.js";
import { FIXTURES, pngIhdr, readImage, writeImage } from "./helpers.js";

/** A storage backend without local files, so images must be downloaded first. */
function memoryBackend(objects: Map<string, Uint8Array>): StorageBackend {
  const get = async (uri: string) => objects.get(uri);
  return {
    schemes: ["mem"],
    readBytes: get,
    writeBytes: async (uri, bytes) => void objects.set(uri, bytes),
    openRead: async (uri) => Readable.from([objects.get(uri) ?? new Uint8Array(0)]),
    openWrite: async () => {
      throw new Error("not used");
    },
    size: async (uri) => objects.get(uri)?.length,
    readRange: async (uri, offset, length) =>
      (objects.get(uri) ?? new Uint8Array(0)).subarray(offset, offset + length),
    localPath: () => undefined,
  };
}

describe("t.image() wire format", () => {
  it("has Flyte's PIL.Image blob type, SINGLE", () => {
    expect(imageTransformer.literalType(image(), testContext().engine)).toEqual({
      blob: { format: "PIL.Image", dimensionality: BlobDimensionality.SINGLE },
    });
  });

  it("writes a blob literal of format PIL.Image at <prefix>/<32 hex>/image.png", async () => {
    const ctx = testContext();
    const { literal, uri } = await writeImage(ctx, {
      data: new Uint8Array(4),
      width: 2,
      height: 2,
      channels: 1,
    });
    expect(literal.scalar?.blob?.metadata?.type).toEqual({
      format: "PIL.Image",
      dimensionality: BlobDimensionality.SINGLE,
    });
    expect(uri.startsWith(ctx.files.rawOutputPrefix)).toBe(true);
    expect(uri.slice(ctx.files.rawOutputPrefix.length)).toMatch(/^\/[0-9a-f]{32}\/image\.png$/);
  });

  it("guesses t.image() from a PIL.Image blob type and nothing else", () => {
    const engine = testContext().engine;
    expect(engine.guess(blobType("PIL.Image")).kind).toBe("image");
    expect(imageTransformer.guess?.(blobType("NumpyArray"), engine)).toBeUndefined();
    expect(
      imageTransformer.guess?.(blobType("PIL.Image", BlobDimensionality.MULTIPART), engine),
    ).toBeUndefined();
  });

  it("rejects out-of-range options", () => {
    expect(() => image({ maxPixels: 0 })).toThrow(/maxPixels must be a positive integer/);
    expect(() => image({ compressionLevel: 10 })).toThrow(/compressionLevel must be an integer/);
  });
});

describe("t.image() with sharp instances", () => {
  it("keeps a grey 16-bit input grey and 16-bit through a user's pipeline", async () => {
    const ctx = testContext();
    const source = sharp(join(FIXTURES, "cases/C14/gray16_4x3.png")).flop();
    const { path } = await writeImage(ctx, source);
    expect(pngIhdr(path)).toEqual({ width: 4, height: 3, bitDepth: 16, colorType: 0 });
    const back = await readImage(ctx, path);
    // flop mirrors each row: the first row 0, 1, 255, 256 becomes 256, 255, 1, 0.
    expect(Array.from(back.data.subarray(0, 4))).toEqual([256, 255, 1, 0]);
  });

  it("keeps the layout of sharp instances over raw pixels", async () => {
    const ctx = testContext();
    const grey = sharp(Uint8Array.of(1, 2, 3, 4), { raw: { width: 2, height: 2, channels: 1 } });
    expect(pngIhdr((await writeImage(ctx, grey)).path)).toMatchObject({
      bitDepth: 8,
      colorType: 0,
    });
    const wide = new Uint16Array(12).fill(0x1234);
    const rgb16 = sharp(wide, { raw: { width: 2, height: 2, channels: 3 } });
    const { path } = await writeImage(ctx, rgb16);
    expect(pngIhdr(path)).toMatchObject({ bitDepth: 16, colorType: 2 });
    expect(Array.from((await readImage(ctx, path)).data)).toEqual(Array.from(wide));
  });

  it("keeps grey + alpha as colour type 4", async () => {
    const ctx = testContext();
    const { path } = await writeImage(ctx, sharp(join(FIXTURES, "grey-alpha-8bit.png")));
    expect(pngIhdr(path).colorType).toBe(4);
  });

  it("writes grey when the user asked for greyscale, and respects a chosen colourspace", async () => {
    const ctx = testContext();
    const rgb = join(FIXTURES, "rgb-8bit.png");
    expect(pngIhdr((await writeImage(ctx, sharp(rgb).greyscale())).path).colorType).toBe(0);
    const grey = join(FIXTURES, "grey-8bit.png");
    const chosen = sharp(grey).toColourspace("srgb").toColourspace("rgb16");
    expect(pngIhdr((await writeImage(ctx, chosen)).path)).toMatchObject({
      bitDepth: 16,
      colorType: 2,
    });
  });

  it("leaves the caller's instance and its output format untouched", async () => {
    const ctx = testContext();
    const mine = sharp(join(FIXTURES, "rgb-8bit.png")).jpeg();
    await writeImage(ctx, mine);
    const out = await mine.toBuffer({ resolveWithObject: true });
    expect(out.info.format).toBe("jpeg");
  });

  it("round-trips a received image as a task output", async () => {
    const ctx = testContext();
    const path = join(FIXTURES, "rgba-16bit.png");
    const received = await imageTransformer.toValue(
      ctx,
      { scalar: { blob: { uri: path } } },
      image(),
    );
    const { path: written } = await writeImage(ctx, received);
    const [a, b] = [await readImage(ctx, path), await readImage(ctx, written)];
    expect(b).toMatchObject({ channels: 4, depth: 16 });
    expect(Array.from(b.data)).toEqual(Array.from(a.data));
  });
});

describe("t.image() from remote storage", () => {
  it("downloads to the scratch folder, then validates and opens", async () => {
    const ctx = testContext();
    const objects = new Map<string, Uint8Array>();
    ctx.files.register("mem", memoryBackend(objects));
    objects.set("mem://bucket/a/grey.png", readFileSync(join(FIXTURES, "grey-8bit.png")));
    objects.set(
      "mem://bucket/a/bomb.png",
      readFileSync(join(FIXTURES, "cases/C33/ihdr_100000x100000_tiny_idat.png")),
    );

    const img = await imageTransformer.toValue(
      ctx,
      { scalar: { blob: { uri: "mem://bucket/a/grey.png" } } },
      image(),
    );
    expect(await imagePixels(img)).toMatchObject({ width: 2, height: 2, channels: 1 });
    expect(await describeImage(img)).toContain("at mem://bucket/a/grey.png");

    const error: unknown = await imageTransformer
      .toValue(ctx, { scalar: { blob: { uri: "mem://bucket/a/bomb.png" } } }, image())
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toMatchObject({ code: "image_too_large" });
    expect((error as Error).message).toContain("mem://bucket/a/bomb.png");
  });
});

describe("toHtml and describeImage", () => {
  it("renders an <img> with a PNG data URI and an escaped alt text", async () => {
    const ctx = testContext();
    const img = sharp(join(FIXTURES, "grey-8bit.png"));
    const html = await imageTransformer.toHtml!(ctx, img, image());
    const match = /^<img src="data:image\/png;base64,([A-Za-z0-9+/=]+)" alt="([^"]*)">$/.exec(html);
    expect(match).not.toBeNull();
    const png = Buffer.from(match![1]!, "base64");
    expect(png.subarray(1, 4).toString()).toBe("PNG");
    expect(png[25]).toBe(0); // still grey inside the deck
    expect(match![2]).toBe("2 × 2 px, L (1 channel, 8-bit), png, at in memory");
  });

  it("escapes markup in the image's location", async () => {
    const ctx = testContext();
    const objects = new Map<string, Uint8Array>();
    ctx.files.register("mem", memoryBackend(objects));
    const uri = 'mem://b/<script>"x".png';
    objects.set(uri, readFileSync(join(FIXTURES, "grey-8bit.png")));
    const img = await imageTransformer.toValue(ctx, { scalar: { blob: { uri } } }, image());
    const html = await imageTransformer.toHtml!(ctx, img, image());
    expect(html).not.toContain("<script>");
    expect(html).toContain("mem://b/&#60;script&#62;&#34;x&#34;.png");
  });

  it("summarises size, mode, channels, depth and place", async () => {
    const gray16 = join(FIXTURES, "cases/C14/gray16_4x3.png");
    expect(await describeImage(gray16)).toBe(
      `4 × 3 px, I;16 (1 channel, 16-bit), png, at ${gray16}`,
    );
    const palette = join(FIXTURES, "palette-4bit.png");
    expect(await describeImage(palette)).toBe(
      `16 × 16 px, P → RGBA (palette of 4-bit indices, read as 4 channels), png, at ${palette}`,
    );
    const bytes = readFileSync(join(FIXTURES, "rgba-16bit.png"));
    expect(await describeImage(bytes)).toBe(
      "16 × 16 px, RGBA;16 (4 channels, 16-bit), png, at in memory",
    );
    await expect(describeImage(Buffer.from("nope"))).rejects.toMatchObject({ code: "not_image" });
  });
});
