/**
 * PNG codec speed and size: encodes and decodes the same seeded images with
 * flytekit-ts (sharp, as `t.image()` writes and `imagePixels` reads) and with
 * Pillow, in one run, at the same zlib level. Both decode the same file (the
 * one written here). Reports median times, the ratio to Pillow (below 1 means
 * faster here) and the file sizes.
 *
 *   npx tsx bench/png-codec.ts [side=2048] [repeats=5] [level=6]
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { encodePixels } from "../src/types/image/encode-png.js";
import { imagePixels } from "../src/types/image/index.js";
import { loadSharp } from "../src/types/image/load-sharp.js";
import type { CheckedPixels } from "../src/types/image/raw-pixels.js";

export interface PngCodecRow {
  readonly image: string;
  readonly encodeMs: number;
  readonly decodeMs: number;
  readonly bytes: number;
  readonly pillowEncodeMs: number;
  readonly pillowDecodeMs: number;
  readonly pillowBytes: number;
}

/** mulberry32, so that every run and both languages see the same pixels. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A photo-like image: smooth gradients per channel plus ±12 of seeded noise. */
export function photoLike(side: number, channels: 1 | 3, seed = 7): CheckedPixels {
  const random = seeded(seed);
  const data = new Uint8Array(side * side * channels);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      for (let c = 0; c < channels; c++) {
        const base =
          c === 0 ? (x * 255) / side : c === 1 ? (y * 255) / side : ((x + y) * 127) / side;
        const value = base + (random() - 0.5) * 24;
        data[(y * side + x) * channels + c] = Math.max(0, Math.min(255, Math.round(value)));
      }
    }
  }
  return { data, width: side, height: side, channels, depth: 8 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const PYTHON = `
import sys
sys.path.append('/usr/lib/python3/dist-packages')
import io, json, time
import numpy as np
from PIL import Image
raw, ours, side, channels, repeats, level = sys.argv[1], sys.argv[2], *map(int, sys.argv[3:])
a = np.fromfile(raw, dtype=np.uint8).reshape((side, side, channels) if channels > 1 else (side, side))
im = Image.fromarray(a)
enc, dec = [], []
for _ in range(repeats):
    buf = io.BytesIO(); t = time.perf_counter(); im.save(buf, 'PNG', compress_level=level); enc.append(time.perf_counter() - t)
    t = time.perf_counter(); back = Image.open(ours); back.load(); dec.append(time.perf_counter() - t)
assert np.array_equal(np.asarray(back), a), 'Pillow decoded different pixels'
med = lambda xs: sorted(xs)[len(xs) // 2] * 1000
print(json.dumps({'encodeMs': med(enc), 'decodeMs': med(dec), 'bytes': len(buf.getvalue())}))
`;

/** Runs the benchmark for an RGB and a grey image of `side` × `side` pixels. */
export async function benchPngCodec(side = 2048, repeats = 5, level = 6): Promise<PngCodecRow[]> {
  const sharp = await loadSharp();
  const dir = mkdtempSync(join(tmpdir(), "flytekit-ts-bench-png-"));
  const rows: PngCodecRow[] = [];
  try {
    for (const channels of [3, 1] as const) {
      const pixels = photoLike(side, channels);
      const encode: number[] = [];
      const decode: number[] = [];
      let png: Buffer = Buffer.alloc(0);
      for (let i = 0; i < repeats; i++) {
        const start = performance.now();
        png = await encodePixels(sharp, pixels, { compressionLevel: level });
        encode.push(performance.now() - start);
      }
      const ours = join(dir, `ours-${channels}.png`);
      writeFileSync(ours, png);
      for (let i = 0; i < repeats; i++) {
        const start = performance.now();
        const back = await imagePixels(sharp(ours));
        decode.push(performance.now() - start);
        if (Buffer.compare(Buffer.from(back.data), Buffer.from(pixels.data)) !== 0) {
          throw new Error("sharp decoded different pixels");
        }
      }
      const raw = join(dir, `raw-${channels}.bin`);
      writeFileSync(raw, pixels.data);
      const args = [raw, ours, side, channels, repeats, level].map(String);
      const run = spawnSync("python3", ["-c", PYTHON, ...args], { encoding: "utf8" });
      if (run.status !== 0) throw new Error(`Pillow run failed: ${run.stderr}`);
      const pillow = JSON.parse(run.stdout) as {
        encodeMs: number;
        decodeMs: number;
        bytes: number;
      };
      rows.push({
        image: `${side}×${side} ${channels === 3 ? "RGB" : "L"} gradient+noise`,
        encodeMs: median(encode),
        decodeMs: median(decode),
        bytes: png.length,
        pillowEncodeMs: pillow.encodeMs,
        pillowDecodeMs: pillow.decodeMs,
        pillowBytes: pillow.bytes,
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

/** A text table of the results, with ratios to Pillow. */
export function formatPngCodec(rows: readonly PngCodecRow[], level: number): string {
  const f = (n: number) => n.toFixed(1).padStart(8);
  const r = (a: number, b: number) => `${(a / b).toFixed(2)}×`.padStart(7);
  const lines = [
    `PNG codec, zlib level ${level}, median times (ratio = flytekit-ts / Pillow; < 1 is faster here)`,
    "image                          | encode ms (Pillow)  ratio | decode ms (Pillow)  ratio | bytes (Pillow)  ratio",
  ];
  for (const row of rows) {
    lines.push(
      `${row.image.padEnd(30)} |${f(row.encodeMs)} (${f(row.pillowEncodeMs)})${r(row.encodeMs, row.pillowEncodeMs)} |` +
        `${f(row.decodeMs)} (${f(row.pillowDecodeMs)})${r(row.decodeMs, row.pillowDecodeMs)} |` +
        ` ${row.bytes} (${row.pillowBytes})${r(row.bytes, row.pillowBytes)}`,
    );
  }
  return lines.join("\n");
}

async function main(): Promise<void> {
  const [side = 2048, repeats = 5, level = 6] = process.argv.slice(2).map(Number);
  const rows = await benchPngCodec(side, repeats, level);
  console.log(formatPngCodec(rows, level));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
