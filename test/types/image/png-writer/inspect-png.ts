/**
 * Looks at PNG files written here with Python: what Pillow decodes them to,
 * and, read with Python's own zlib, what their chunks and image data hold
 * (CRCs, the zlib stream, each row's filter type). It also has Pillow write
 * the same pixels, so that our filter choices can be compared with Pillow's.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { CheckedPixels } from "../../../../src/types/image/raw-pixels.js";
import { tempDir } from "../../../helpers/context.js";
import { pythonJson } from "../../../helpers/python.js";

const SCRIPT = `
import io, json, struct, sys, zlib
import numpy as np
from PIL import Image

def chunks(data):
    pos, out = 8, []
    while pos < len(data):
        n, = struct.unpack('>I', data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + n]
        crc, = struct.unpack('>I', data[pos + 8 + n:pos + 12 + n])
        out.append((kind.decode('latin-1'), body, zlib.crc32(kind + body) == crc))
        pos += 12 + n
    return out

def unfilter(raw, width, height, bpp, row_bytes):
    out, prev = bytearray(), bytearray(row_bytes)
    for y in range(height):
        f = raw[y * (row_bytes + 1)]
        line = bytearray(raw[y * (row_bytes + 1) + 1:(y + 1) * (row_bytes + 1)])
        for i in range(row_bytes):
            a = line[i - bpp] if i >= bpp else 0; b = prev[i]; c = prev[i - bpp] if i >= bpp else 0
            if f == 1: line[i] = (line[i] + a) & 255
            elif f == 2: line[i] = (line[i] + b) & 255
            elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        out += line; prev = line
    return out

def filter_types(png):
    parts = chunks(png)
    w, h, depth, ct = struct.unpack('>IIBB', parts[0][1][:10])
    row_bytes = w * {0: 1, 2: 3, 4: 2, 6: 4}[ct] * depth // 8
    raw = zlib.decompress(b''.join(body for kind, body, _ in parts if kind == 'IDAT'))
    return [raw[y * (row_bytes + 1)] for y in range(h)]

result = []
for c in json.load(open(sys.argv[1])):
    png = open(c['path'], 'rb').read()
    parts = chunks(png)
    w, h, depth, ct, comp, filt, interlace = struct.unpack('>IIBBBBB', parts[0][1])
    channels = {0: 1, 2: 3, 4: 2, 6: 4}[ct]
    bpp = channels * depth // 8; row_bytes = w * bpp
    stream = b''.join(body for kind, body, _ in parts if kind == 'IDAT')
    inflater = zlib.decompressobj()
    raw = inflater.decompress(stream)  # checks the Adler-32 too
    types = [raw[y * (row_bytes + 1)] for y in range(h)]
    want = np.fromfile(c['expected'], dtype='<u2' if depth == 16 else 'u1')
    r = {
        'bytes': len(png),
        'idat_bytes': len(stream),
        'chunks': [kind for kind, _, _ in parts],
        'crcs_ok': all(ok for _, _, ok in parts),
        'ihdr': [w, h, depth, ct, comp, filt, interlace],
        'zlib_header': list(stream[:2]),
        'inflated_bytes': len(raw),
        'stream_complete': inflater.eof and inflater.unused_data == b'',
        'filter_types': types,
    }
    if depth == 16 and channels > 1:
        # Pillow 9 reads these as 8-bit: undo the filters here to check all 16 bits.
        samples = unfilter(raw, w, h, bpp, row_bytes)
        r['zlib_equal'] = bool(np.array_equal(np.frombuffer(bytes(samples), dtype='>u2'), want))
    im = Image.open(c['path']); im.load()
    r['mode'] = im.mode; r['size'] = list(im.size)
    if depth == 8 or channels == 1:
        r['pillow_equal'] = bool(np.array_equal(np.asarray(im).reshape(-1).astype(np.int64), want.astype(np.int64)))
        # Pillow writes the same pixels; its filter choices should be ours.
        shape = (h, w) if channels == 1 else (h, w, channels)
        mode = {1: 'L', 2: 'LA', 3: 'RGB', 4: 'RGBA'}[channels] if depth == 8 else 'I;16'
        own = Image.fromarray(want.astype(np.uint16 if depth == 16 else np.uint8).reshape(shape), mode)
        buf = io.BytesIO(); own.save(buf, 'PNG', compress_level=c['level'])
        r['pillow_filter_types'] = filter_types(buf.getvalue())
        r['pillow_bytes'] = len(buf.getvalue())
    result.append(r)
print(json.dumps(result))
`;

/** What Python found in one file. */
export interface PngInspection {
  /** The file's size. */
  bytes: number;
  /** The zlib stream's size, all IDAT data together. */
  idat_bytes: number;
  chunks: string[];
  crcs_ok: boolean;
  /** width, height, bit depth, colour type, compression, filter method, interlace */
  ihdr: number[];
  zlib_header: number[];
  inflated_bytes: number;
  /** The zlib stream ends exactly at the end of the IDAT data, Adler-32 checked. */
  stream_complete: boolean;
  /** 16-bit colour only: the samples decoded with Python's zlib and the PNG filters are the expected ones. */
  zlib_equal?: boolean;
  filter_types: number[];
  mode: string;
  size: [number, number];
  /** 8-bit and 16-bit grey only (Pillow 9 has no 16-bit colour modes). */
  pillow_equal?: boolean;
  pillow_filter_types?: number[];
  /** The size of the file Pillow writes for the same pixels at the same level. */
  pillow_bytes?: number;
}

export interface WrittenPng {
  readonly path: string;
  readonly pixels: CheckedPixels;
  readonly level: number;
}

/** Inspects each written PNG in one Python run. */
export function inspectWithPython(cases: readonly WrittenPng[]): PngInspection[] {
  const dir = tempDir("flytekit-ts-png-writer-");
  const spec = cases.map((c, i) => {
    const expected = join(dir, `expected-${i}.bin`);
    const { data } = c.pixels;
    // Little-endian on every host Node runs on, as the script reads it.
    writeFileSync(expected, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    return { path: c.path, expected, level: c.level };
  });
  const specPath = join(dir, "cases.json");
  writeFileSync(specPath, JSON.stringify(spec));
  return pythonJson<PngInspection[]>(SCRIPT, [specPath]);
}
