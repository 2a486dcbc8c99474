/**
 * PNG codec speed and size: encodes and decodes the same seeded images with
 * flytekit-ts and with Pillow, in one run, at the same zlib level. Each
 * repeat times ours and then Pillow's, one after the other (Pillow in a
 * Python process kept open for the run), so that load from other programs
 * falls on both alike. Reports median and best times, their ratios to Pillow
 * (below 1 is faster here) and the file sizes.
 *
 * Rows: raw pixels (`encodePixels`, what a task returning pixels writes);
 * a `sharp` instance over a PNG file (`encodeSharp`, what a task returning
 * the image it received writes: decode plus encode, against Pillow's open,
 * load and save); and sharp's own PNG encoder on the raw pixels, the path
 * flytekit-ts took before it had its own writer, for reference. Both
 * programs decode the file written here: flytekit-ts with `imagePixels`
 * (its own PNG reader for these files), and, for reference, with sharp's
 * raw output, the path `imagePixels` took before it had its own reader.
 *
 *   npx tsx bench/png-codec.ts [side=2048] [repeats=5] [level=6]
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import { encodePixels, encodeSharp } from "../src/types/image/encode-png.js";
import { imagePixels } from "../src/types/image/index.js";
import { loadSharp, type SharpFactory } from "../src/types/image/load-sharp.js";
import type { CheckedPixels } from "../src/types/image/raw-pixels.js";

/** Median and best of a set of times, in milliseconds. */
export interface Times {
  readonly median: number;
  readonly best: number;
}

export interface PngCodecRow {
  readonly image: string;
  readonly encode: Times;
  readonly decode: Times;
  /** Decoding with sharp's raw output, as `imagePixels` did before. */
  readonly sharpDecode: Times;
  readonly bytes: number;
  readonly pillowEncode: Times;
  readonly pillowDecode: Times;
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

function summarise(xs: readonly number[]): Times {
  const sorted = [...xs].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)]!, best: sorted[0]! };
}

/**
 * Pillow, answering one JSON line per command line: `load`/`open` an image
 * (from raw samples or a PNG file), `encode` it (timed), `decode` a file
 * (timed, with a check of its pixels against the loaded ones).
 */
const PYTHON = `
import sys
sys.path.append('/usr/lib/python3/dist-packages')
import io, json, time
import numpy as np
from PIL import Image
im = None; pixels = None; path = None
for line in sys.stdin:
    cmd, *args = line.split()
    out = {}
    if cmd == 'load':
        raw, side, channels = args[0], int(args[1]), int(args[2])
        pixels = np.fromfile(raw, dtype=np.uint8).reshape((side, side, channels) if channels > 1 else (side, side))
        im = Image.fromarray(pixels); path = None
    elif cmd == 'open':
        path = args[0]
    elif cmd == 'encode':
        buf = io.BytesIO(); t = time.perf_counter()
        source = im if path is None else Image.open(path)
        source.save(buf, 'PNG', compress_level=int(args[0]))
        out = {'ms': (time.perf_counter() - t) * 1000, 'bytes': len(buf.getvalue())}
    elif cmd == 'decode':
        t = time.perf_counter(); back = Image.open(args[0]); back.load()
        out = {'ms': (time.perf_counter() - t) * 1000}
        assert np.array_equal(np.asarray(back), pixels), 'Pillow decoded different pixels'
    print(json.dumps(out), flush=True)
`;

/** A Python process running {@link PYTHON}. */
function startPillow() {
  const child = spawn("python3", ["-c", PYTHON], { stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return {
    async ask(command: string): Promise<{ ms: number; bytes: number }> {
      child.stdin.write(`${command}\n`);
      const next = await lines.next();
      if (next.done) throw new Error(`Pillow exited while answering "${command}"`);
      return JSON.parse(next.value) as { ms: number; bytes: number };
    },
    close: () => child.stdin.end(),
  };
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await work();
  return [result, performance.now() - start];
}

/** One row: encode and decode `repeats` times, each time ours, then Pillow's. */
async function benchRow(
  image: string,
  encode: () => Promise<Buffer>,
  pillowEncode: string,
  pixels: CheckedPixels,
  sharp: SharpFactory,
  pillow: ReturnType<typeof startPillow>,
  file: string,
  repeats: number,
): Promise<PngCodecRow> {
  const times = {
    encode: [] as number[],
    decode: [] as number[],
    sharpDecode: [] as number[],
    pillowEncode: [] as number[],
    pillowDecode: [] as number[],
  };
  let png: Buffer = Buffer.alloc(0);
  let pillowBytes = 0;
  for (let i = 0; i < repeats; i++) {
    const [written, ms] = await timed(encode);
    png = written;
    times.encode.push(ms);
    const answer = await pillow.ask(pillowEncode);
    times.pillowEncode.push(answer.ms);
    pillowBytes = answer.bytes;
  }
  writeFileSync(file, png);
  for (let i = 0; i < repeats; i++) {
    const [back, ms] = await timed(() => imagePixels(sharp(file)));
    times.decode.push(ms);
    if (Buffer.compare(Buffer.from(back.data), Buffer.from(pixels.data)) !== 0) {
      throw new Error("sharp decoded different pixels");
    }
    times.pillowDecode.push((await pillow.ask(`decode ${file}`)).ms);
    const colourspace = pixels.channels === 1 ? "b-w" : "srgb";
    const [, before] = await timed(() => sharp(file).toColourspace(colourspace).raw().toBuffer());
    times.sharpDecode.push(before);
  }
  return {
    image,
    encode: summarise(times.encode),
    decode: summarise(times.decode),
    sharpDecode: summarise(times.sharpDecode),
    bytes: png.length,
    pillowEncode: summarise(times.pillowEncode),
    pillowDecode: summarise(times.pillowDecode),
    pillowBytes,
  };
}

/** Runs the benchmark for an RGB and a grey image of `side` × `side` pixels. */
export async function benchPngCodec(side = 2048, repeats = 5, level = 6): Promise<PngCodecRow[]> {
  const sharp = await loadSharp();
  const dir = mkdtempSync(join(tmpdir(), "flytekit-ts-bench-png-"));
  const pillow = startPillow();
  const rows: PngCodecRow[] = [];
  try {
    for (const channels of [3, 1] as const) {
      const pixels = photoLike(side, channels);
      const mode = `${side}² ${channels === 3 ? "RGB" : "L"}`;
      const raw = join(dir, `raw-${channels}.bin`);
      writeFileSync(raw, pixels.data);
      await pillow.ask(`load ${raw} ${side} ${channels}`);
      const options = { compressionLevel: level };
      const out = (name: string) => join(dir, `${name}-${channels}.png`);
      const row = (name: string, encode: () => Promise<Buffer>, file: string, pillowEncode = "") =>
        benchRow(
          name,
          encode,
          pillowEncode || `encode ${level}`,
          pixels,
          sharp,
          pillow,
          file,
          repeats,
        );

      rows.push(await row(`${mode} raw pixels`, () => encodePixels(pixels, options), out("raw")));
      const input = out("input");
      writeFileSync(input, await encodePixels(pixels, { compressionLevel: 1 }));
      await pillow.ask(`open ${input}`);
      rows.push(
        await row(`${mode} sharp instance`, () => encodeSharp(sharp(input), options), out("sharp")),
      );
      await pillow.ask(`load ${raw} ${side} ${channels}`);
      const { data, width, height } = pixels;
      const viaSharp = () =>
        sharp(data, { raw: { width, height, channels } })
          .toColourspace(channels === 1 ? "b-w" : "srgb")
          .png({ compressionLevel: level, adaptiveFiltering: true, palette: false })
          .toBuffer();
      rows.push(await row(`${mode} sharp's encoder (before)`, viaSharp, out("before")));
    }
  } finally {
    pillow.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

/** A text table of the results, with ratios to Pillow. */
export function formatPngCodec(rows: readonly PngCodecRow[], level: number): string {
  const ms = (t: Times) => `${t.median.toFixed(1)}/${t.best.toFixed(1)}`.padStart(12);
  const r = (a: Times, b: Times) =>
    `${(a.median / b.median).toFixed(2)}×/${(a.best / b.best).toFixed(2)}×`.padStart(12);
  const lines = [
    `PNG codec, gradient+noise images, zlib level ${level}; times in ms as median/best; ` +
      "ratio = flytekit-ts / Pillow (< 1 is faster here)",
    `${"image".padEnd(34)}| encode       Pillow        ratio | decode       Pillow        ratio |` +
      " sharp (before) ratio      | bytes (Pillow) ratio",
  ];
  for (const row of rows) {
    lines.push(
      `${row.image.padEnd(34)}|${ms(row.encode)} ${ms(row.pillowEncode)} ${r(row.encode, row.pillowEncode)} |` +
        `${ms(row.decode)} ${ms(row.pillowDecode)} ${r(row.decode, row.pillowDecode)} |` +
        `${ms(row.sharpDecode)} ${r(row.sharpDecode, row.pillowDecode)} |` +
        ` ${row.bytes} (${row.pillowBytes}) ${(row.bytes / row.pillowBytes).toFixed(3)}×`,
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
