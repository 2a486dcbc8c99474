/**
 * The reader decodes every layout it takes to the samples Pillow reads
 * (and, for 16-bit colour, which Pillow 9 reads as 8-bit, to what Python's
 * zlib and the PNG filters give), with the shape sharp's output has.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Sharp } from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { encodePixels } from "../../../../src/types/image/encode-png.js";
import { imagePixels } from "../../../../src/types/image/index.js";
import { loadSharp, type SharpFactory } from "../../../../src/types/image/load-sharp.js";
import { readPlainPng } from "../../../../src/types/image/read-plain-png.js";
import { tempDir } from "../../../helpers/context.js";
import { hasPillow, pythonJson } from "../../../helpers/python.js";
import { FIXTURES, randomPixels } from "../helpers.js";
import { checkWithPillow } from "../pillow.js";
import { imageDataOf, withImageData } from "./png-bytes.js";

let sharp: SharpFactory;
beforeAll(async () => {
  sharp = await loadSharp();
});

/** The same image through sharp's own decoding (an extract of the whole image is an operation). */
async function viaSharp(path: string) {
  const { width = 0, height = 0 } = await sharp(path).metadata();
  return imagePixels(sharp(path).extract({ left: 0, top: 0, width, height }));
}

/** Decodes with the reader, checking that it took the file and that imagePixels agrees. */
async function decodeHere(image: Sharp) {
  const ours = await readPlainPng(image);
  expect(ours, "the reader takes this file").toBeDefined();
  expect(await imagePixels(image)).toEqual(ours);
  return ours!;
}

/** Every case matches Pillow (8-bit and I;16) or Python's zlib decoding (16-bit). */
function expectPillowAgrees(
  cases: { path: string; data: Uint8Array | Uint16Array; depth: 8 | 16 }[],
) {
  const checks = checkWithPillow(
    cases.map((c) => ({ path: c.path, samples: c.data, depth: c.depth })),
  );
  checks.forEach((check, i) => {
    const { path, depth } = cases[i]!;
    if (depth === 8 || check.mode === "I;16") expect(check.pillow_equal, path).toBe(true);
    if (depth === 16) expect(check.zlib_equal, path).toBe(true);
  });
}

describe.skipIf(!hasPillow)("the PNG reader decodes as Pillow does", () => {
  const layouts = [1, 2, 3, 4].flatMap((channels) =>
    ([8, 16] as const).map((depth) => ({ channels: channels as 1 | 2 | 3 | 4, depth })),
  );
  const sizes = [
    [1, 1],
    [13, 9],
    [257, 3],
    [3, 70],
  ] as const;

  it("every layout and odd sizes written by our writer, the shape of sharp's output kept", async () => {
    const dir = tempDir();
    const cases = [];
    let seed = 1;
    for (const { channels, depth } of layouts) {
      for (const [width, height] of sizes) {
        const pixels = randomPixels(seed++, width, height, channels, depth);
        const path = join(dir, `c${channels}-d${depth}-${width}x${height}.png`);
        writeFileSync(path, await encodePixels(pixels as never, { compressionLevel: 6 }));
        const ours = await decodeHere(sharp(path));
        const theirs = await viaSharp(path);
        expect(ours.data.constructor).toBe(theirs.data.constructor);
        expect({ ...ours, data: undefined }).toEqual({ ...theirs, data: undefined });
        expect(ours.data).toEqual(theirs.data);
        cases.push({ path, data: ours.data, depth });
      }
    }
    expectPillowAgrees(cases);
  });

  it("image data cut into many IDAT chunks, down to one byte each", async () => {
    const dir = tempDir();
    const cases = [];
    for (const [k, sizes] of [[1], [1, 2, 3, 5, 8], [7, 1, 4096]].entries()) {
      const pixels = randomPixels(40 + k, 31, 17, 3, 8);
      const png = await encodePixels(pixels as never, { compressionLevel: 6 });
      const path = join(dir, `split-${k}.png`);
      writeFileSync(path, withImageData(png, imageDataOf(png), sizes));
      const ours = await decodeHere(sharp(path));
      expect(ours.data).toEqual(pixels.data);
      cases.push({ path, data: ours.data, depth: 8 as const });
    }
    expectPillowAgrees(cases);
  });

  it("PNGs Pillow wrote, with its own choice of filters", async () => {
    const dir = tempDir();
    // Smooth ramps, flat parts and noise: Pillow's adaptive filtering picks several types.
    const written = pythonJson<{ path: string; filters: number[] }[]>(
      `
import json, sys, struct, zlib
import numpy as np
from PIL import Image
rng = np.random.default_rng(11)
out = []
for mode, ch in [('L', 1), ('LA', 2), ('RGB', 3), ('RGBA', 4), ('I;16', 1)]:
    h, w = 64, 61
    y, x = np.mgrid[0:h, 0:w]
    big = mode == 'I;16'
    base = (x * 7 + y * 3) * (257 if big else 1) % (65536 if big else 256)
    a = np.stack([(base + rng.integers(0, 4 + 40 * (c % 2), size=(h, w)) * (x > w // 3)) % (65536 if big else 256) for c in range(ch)], -1)
    a[: h // 4] = a[: h // 4, :1]
    a = a.astype(np.uint16 if big else np.uint8)
    im = Image.fromarray(a[:, :, 0], 'I;16') if big else Image.fromarray(a[:, :, 0] if ch == 1 else a, mode)
    path = f'{sys.argv[1]}/{mode.replace(";", "")}.png'
    im.save(path)
    b = open(path, 'rb').read(); pos = 8; idat = b''
    while pos < len(b):
        n, = struct.unpack('>I', b[pos:pos+4]); kind = b[pos+4:pos+8]
        if kind == b'IDAT': idat += b[pos+8:pos+8+n]
        pos += 12 + n
    raw = zlib.decompress(idat); stride = w * ch * (2 if big else 1)
    out.append({'path': path, 'filters': sorted(set(raw[r * (stride + 1)] for r in range(h)))})
print(json.dumps(out))
`,
      [dir],
    );
    expect(new Set(written.flatMap((w) => w.filters)).size).toBeGreaterThanOrEqual(3);
    const cases = [];
    for (const { path } of written) {
      const ours = await decodeHere(sharp(path));
      expect(ours.data).toEqual((await viaSharp(path)).data);
      cases.push({ path, data: ours.data, depth: ours.depth });
    }
    expectPillowAgrees(cases);
  });

  it("rows filtered with every filter type in turn, by Python's own filtering", async () => {
    // Written in Python from the spec's filter definitions, so that Average and Paeth
    // occur at every pixel size (libpng's and Pillow's heuristics rarely pick Average).
    const paths = pythonJson<string[]>(
      `
import json, struct, sys, zlib
import numpy as np
rng = np.random.default_rng(5)
def chunk(kind, data):
    return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data))
def paeth(a, b, c):
    p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else b if pb <= pc else c
paths = []
for ct, ch in [(0, 1), (4, 2), (2, 3), (6, 4)]:
    for depth in (8, 16):
        w, h = 19, 10
        # Noise on the right; on the left a ramp up one way and down the other, where Paeth ties
        # (a + b = 2c) are common and the spec's order (a, then b, then c) matters.
        ramps = np.add.outer(np.arange(h) * -4, np.arange(w * ch) * 4) + rng.integers(0, 4, size=(h, w * ch))
        noise = rng.integers(0, 1 << depth, size=(h, w * ch))
        samples = np.where((np.arange(w * ch) >= w * ch // 2)[None, :], noise, ramps % (1 << depth))
        rows = [b''.join(int(v).to_bytes(depth // 8, 'big') for v in r) for r in samples]
        bpp = ch * depth // 8; prev = bytes(len(rows[0])); out = b''
        for y, row in enumerate(rows):
            f = y % 5; line = bytearray([f])
            for i, x in enumerate(row):
                a = row[i - bpp] if i >= bpp else 0; b = prev[i]; c = prev[i - bpp] if i >= bpp else 0
                pred = [0, a, b, (a + b) // 2, paeth(a, b, c)][f]
                line.append((x - pred) & 255)
            out += bytes(line); prev = row
        path = f'{sys.argv[1]}/filters-{ct}-{depth}.png'
        ihdr = struct.pack('>IIBBBBB', w, h, depth, ct, 0, 0, 0)
        open(path, 'wb').write(b'\\x89PNG\\r\\n\\x1a\\n' + chunk(b'IHDR', ihdr) + chunk(b'IDAT', zlib.compress(out)) + chunk(b'IEND', b''))
        paths.append(path)
print(json.dumps(paths))
`,
      [tempDir()],
    );
    const cases = [];
    for (const path of paths) {
      const ours = await decodeHere(sharp(path));
      expect(ours.data, path).toEqual((await viaSharp(path)).data);
      cases.push({ path, data: ours.data, depth: ours.depth });
    }
    expect(cases).toHaveLength(8);
    expectPillowAgrees(cases);
  });

  it("PNGs sharp wrote, 8- and 16-bit", async () => {
    const dir = tempDir();
    const cases = [];
    for (const [k, { channels, depth }] of layouts.entries()) {
      const pixels = randomPixels(70 + k, 29, 11, channels, depth);
      const colourspace =
        channels <= 2 ? (depth === 16 ? "grey16" : "b-w") : depth === 16 ? "rgb16" : "srgb";
      const raw = Buffer.from(pixels.data.buffer, pixels.data.byteOffset, pixels.data.byteLength);
      const png = await sharp(raw, {
        raw: {
          width: 29,
          height: 11,
          channels,
          ...(depth === 16 ? { depth: "ushort" as const } : {}),
        },
      })
        .toColourspace(colourspace)
        .png({ adaptiveFiltering: true, palette: false })
        .toBuffer();
      const path = join(dir, `sharp-${k}.png`);
      writeFileSync(path, png);
      const ours = await readPlainPng(sharp(path));
      if (ours === undefined) continue; // sharp wrote another layout (it has none for 8-bit grey + alpha)
      expect(ours.data).toEqual((await viaSharp(path)).data);
      cases.push({ path, data: ours.data, depth: ours.depth });
    }
    expect(cases.length).toBeGreaterThanOrEqual(6);
    expectPillowAgrees(cases);
  });

  it("the real PNG fixtures it takes", async () => {
    const names = [
      "grey-8bit.png",
      "rgb-8bit.png",
      "grey-alpha-8bit.png",
      "rgba-16bit.png",
      "cases/C14/gray16_4x3.png",
      "cases/C14/gray16_written_by_pillow.png",
      "cases/C14/gray_alpha16_3x2.png",
    ];
    const cases = [];
    for (const name of names) {
      const path = join(FIXTURES, name);
      const ours = await decodeHere(sharp(path));
      expect(ours.data, name).toEqual((await viaSharp(path)).data);
      cases.push({ path, data: ours.data, depth: ours.depth });
    }
    expectPillowAgrees(cases);
  });

  it("a PNG held in a buffer", async () => {
    const pixels = randomPixels(90, 9, 5, 4, 8);
    const png = await encodePixels(pixels as never, { compressionLevel: 6 });
    expect((await decodeHere(sharp(png))).data).toEqual(pixels.data);
  });
});
