/**
 * Python scripts the image interop tests run with real Pillow (and Python's
 * zlib for 16-bit colour, which Pillow 9 reads as 8-bit). Python does the
 * comparing: the TypeScript side only hands over files and expected samples.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../../helpers/context.js";
import { pythonJson } from "../../helpers/python.js";

/**
 * Decodes a non-interlaced PNG with zlib and the PNG row filters
 * (https://www.w3.org/TR/png/#9Filter-types), returning samples as ints.
 */
const ZLIB_DECODER = `
import struct, zlib
def zlib_samples(path):
    b = open(path, 'rb').read(); pos = 8; idat = b''; ihdr = None
    while pos < len(b):
        n, = struct.unpack('>I', b[pos:pos+4]); kind = b[pos+4:pos+8]; d = b[pos+8:pos+8+n]; pos += 12 + n
        if kind == b'IHDR': ihdr = struct.unpack('>IIBBBBB', d)
        if kind == b'IDAT': idat += d
    w, h, depth, ct, _, _, interlace = ihdr
    assert interlace == 0
    ch = {0: 1, 2: 3, 4: 2, 6: 4}[ct]
    bpp = ch * depth // 8; stride = w * bpp
    raw = zlib.decompress(idat); out = bytearray(); prev = bytearray(stride)
    for y in range(h):
        f = raw[y * (stride + 1)]; line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0; up = prev[i]; c = prev[i - bpp] if i >= bpp else 0
            if f == 1: line[i] = (line[i] + a) & 255
            elif f == 2: line[i] = (line[i] + up) & 255
            elif f == 3: line[i] = (line[i] + (a + up) // 2) & 255
            elif f == 4:
                p = a + up - c; pa, pb, pc = abs(p - a), abs(p - up), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else up if pb <= pc else c)) & 255
        out += line; prev = line
    if depth == 16: return list(struct.unpack('>%dH' % (len(out) // 2), bytes(out)))
    return list(out)
`;

const CHECK_SCRIPT = `${ZLIB_DECODER}
import json, sys
import numpy as np
from PIL import Image
result = []
for c in json.load(open(sys.argv[1])):
    im = Image.open(c['path']); im.load()
    mode = im.mode
    # sharp expands palette images and scales bilevel ones: compare with Pillow's same expansion.
    if mode == 'P': im = im.convert('RGBA' if 'transparency' in im.info else 'RGB')
    if mode == '1': im = im.convert('L')
    a = np.asarray(im)
    want = np.fromfile(c['expected'], dtype='<u2' if c['depth'] == 16 else 'u1').astype(np.int64)
    r = {'mode': mode, 'size': list(im.size), 'pillow_equal': bool(np.array_equal(a.reshape(-1).astype(np.int64), want))}
    if c['depth'] == 16:
        r['pillow_equal_high_bytes'] = bool(np.array_equal(a.reshape(-1).astype(np.int64), want >> 8))
        r['zlib_equal'] = zlib_samples(c['path']) == want.tolist()
    result.append(r)
print(json.dumps(result))
`;

export interface PillowCheck {
  mode: string;
  size: [number, number];
  /** Pillow's samples equal the expected ones. */
  pillow_equal: boolean;
  /** 16-bit only: Pillow's 8-bit samples equal the expected high bytes. */
  pillow_equal_high_bytes?: boolean;
  /** 16-bit only: samples decoded with Python's zlib equal the expected ones. */
  zlib_equal?: boolean;
}

export interface PillowCase {
  path: string;
  samples: Uint8Array | Uint8ClampedArray | Uint16Array;
  depth: 8 | 16;
}

/** Opens each PNG in Pillow and compares its samples with the expected ones, in Python. */
export function checkWithPillow(cases: readonly PillowCase[]): PillowCheck[] {
  const dir = tempDir("flytekit-ts-pillow-");
  const spec = cases.map((c, i) => {
    const expected = join(dir, `expected-${i}.bin`);
    const samples = c.samples;
    const bytes =
      samples instanceof Uint16Array
        ? Buffer.from(Uint16Array.from(samples).buffer) // little-endian on every host Node runs on
        : Buffer.from(samples);
    writeFileSync(expected, bytes);
    return { path: c.path, expected, depth: c.depth };
  });
  const specPath = join(dir, "cases.json");
  writeFileSync(specPath, JSON.stringify(spec));
  return pythonJson<PillowCheck[]>(CHECK_SCRIPT, [specPath]);
}

/**
 * Seeded Pillow writer: saves one PNG per mode with Pillow and the samples
 * NumPy sees (palette and bilevel images converted to RGB(A) / L first).
 */
const WRITE_SCRIPT = `
import json, sys
import numpy as np
from PIL import Image
out_dir = sys.argv[1]
rng = np.random.default_rng(20240611)
h, w = 9, 13
def save(name, im, reference=None, **options):
    """Saves im; the expected samples are reference, or what Pillow reads back from the file."""
    path = f'{out_dir}/{name}.png'
    im.save(path, **options)
    ref = np.asarray(reference if reference is not None else read_back(path))
    ref_path = f'{out_dir}/{name}.expected'
    ref.astype('<u2' if ref.dtype == np.uint16 else 'u1').tofile(ref_path)
    return {'name': name, 'path': path, 'expected': ref_path, 'mode': Image.open(path).mode,
            'channels': 1 if ref.ndim == 2 else int(ref.shape[2]), 'depth': 16 if ref.dtype == np.uint16 else 8}
def read_back(path):
    im = Image.open(path)
    if im.mode == '1': return im.convert('L')
    return im.convert('RGBA' if 'transparency' in im.info else 'RGB')
cases = []
for mode, ch in [('L', 1), ('LA', 2), ('RGB', 3), ('RGBA', 4)]:
    a = rng.integers(0, 256, size=(h, w, ch), dtype=np.uint8)
    a.flat[0] = 0; a.flat[1] = 255
    im = Image.fromarray(a[:, :, 0] if ch == 1 else a, mode)
    cases.append(save(mode, im, a[:, :, 0] if ch == 1 else a))
g16 = rng.integers(0, 65536, size=(h, w), dtype=np.uint16)
g16.flat[:4] = [0, 1, 256, 65535]
cases.append(save('I16', Image.fromarray(g16), g16))
bits = rng.integers(0, 2, size=(h, w), dtype=np.uint8) * 255
cases.append(save('1', Image.fromarray(bits).convert('1'), bits))
palette = rng.integers(0, 256, size=(16, 3), dtype=np.uint8)
p = Image.fromarray(rng.integers(0, 16, size=(h, w), dtype=np.uint8), 'P')
p.putpalette(palette.reshape(-1).tolist())
cases.append(save('P', p))
cases.append(save('P_trns', p, transparency=bytes([0, 64, 128])))
# Grey and RGB with a tRNS colour key: sharp reads the key as an alpha channel.
g = rng.integers(0, 8, size=(h, w), dtype=np.uint8) * 32
cases.append(save('L_trns', Image.fromarray(g), np.dstack([g, np.where(g == 64, 0, 255).astype(np.uint8)]), transparency=64))
c = rng.integers(0, 2, size=(h, w, 3), dtype=np.uint8) * 255
key = np.all(c == [255, 0, 255], axis=2)
cases.append(save('RGB_trns', Image.fromarray(c), np.dstack([c, np.where(key, 0, 255).astype(np.uint8)]), transparency=(255, 0, 255)))
print(json.dumps(cases))
`;

export interface PillowWritten {
  name: string;
  path: string;
  expected: string;
  mode: string;
  channels: number;
  depth: 8 | 16;
}

/** Has Pillow write one PNG per mode into a fresh folder. */
export function writeWithPillow(): PillowWritten[] {
  return pythonJson<PillowWritten[]>(WRITE_SCRIPT, [tempDir("flytekit-ts-pillow-")]);
}

const COMPARE_SCRIPT = `
import json, sys
import numpy as np
from PIL import Image
result = []
for original, written in json.load(open(sys.argv[1])):
    a, b = Image.open(original), Image.open(written)
    a.load(); b.load()
    r = {'mode': a.mode, 'written_mode': b.mode, 'same_size': a.size == b.size}
    r['same_pixels'] = a.mode == b.mode and bool(np.array_equal(np.asarray(a), np.asarray(b)))
    if a.mode == 'P' and b.mode == 'P':
        r['same_palette'] = a.getpalette() == b.getpalette()
        r['same_transparency'] = a.info.get('transparency') == b.info.get('transparency')
    result.append(r)
print(json.dumps(result))
`;

export interface PassThroughCheck {
  mode: string;
  written_mode: string;
  same_size: boolean;
  same_pixels: boolean;
  same_palette?: boolean;
  same_transparency?: boolean;
}

/** Compares, in Pillow, each original PNG with the one written after passing through a task. */
export function comparePassThrough(
  pairs: ReadonlyArray<readonly [string, string]>,
): PassThroughCheck[] {
  const spec = join(tempDir("flytekit-ts-pillow-"), "pairs.json");
  writeFileSync(spec, JSON.stringify(pairs));
  return pythonJson<PassThroughCheck[]>(COMPARE_SCRIPT, [spec]);
}

const PALETTE_SCRIPT = `
import json, sys
import numpy as np
from PIL import Image
result = []
for c in json.load(open(sys.argv[1])):
    im = Image.open(c['path']); im.load()
    n = len(c['palette']) // 3
    t = im.info.get('transparency')
    alpha = [255] * n
    if isinstance(t, int): alpha[t] = 0
    elif isinstance(t, bytes): alpha[:len(t)] = list(t)
    ours = c['transparency'] + [255] * (n - len(c['transparency']))
    result.append({
        'mode': im.mode,
        'same_indices': bool(np.array_equal(np.asarray(im).reshape(-1), np.array(c['indices'], dtype=np.uint8))),
        'same_palette': im.getpalette()[:3 * n] == c['palette'],
        'same_alpha': alpha == ours,
    })
print(json.dumps(result))
`;

export interface PaletteCase {
  path: string;
  indices: Uint8Array;
  palette: Uint8Array;
  transparency: Uint8Array | undefined;
}

/** Compares indices, palette and per-entry alpha with what Pillow reads, in Python. */
export function checkPaletteWithPillow(cases: readonly PaletteCase[]) {
  const spec = join(tempDir("flytekit-ts-pillow-"), "palette.json");
  const plain = cases.map((c) => ({
    path: c.path,
    indices: Array.from(c.indices),
    palette: Array.from(c.palette),
    transparency: Array.from(c.transparency ?? []),
  }));
  writeFileSync(spec, JSON.stringify(plain));
  return pythonJson<
    { mode: string; same_indices: boolean; same_palette: boolean; same_alpha: boolean }[]
  >(PALETTE_SCRIPT, [spec]);
}
