/**
 * One zlib stream (RFC 1950) deflated in independent pieces at once on
 * libuv's threadpool, so that a large image compresses on every core rather
 * than on one, as a single deflate call would.
 *
 * Each piece is a raw deflate stream (RFC 1951). Every piece but the last
 * ends with a sync flush — an empty stored block that leaves the bit stream
 * byte-aligned and not final — so the pieces concatenate into one valid
 * deflate stream. Each later piece is primed with the 32 KiB before it as a
 * preset dictionary: its back-references may then reach into the previous
 * piece, exactly the data an inflater has just produced, so compression
 * barely suffers from the split. The zlib header and the Adler-32 of the
 * whole data wrap the pieces.
 */
import { availableParallelism } from "node:os";
import { constants, deflateRaw, type ZlibOptions } from "node:zlib";
import { adler32 } from "./adler32.js";

/** The deflate window: how far back a match may reach. */
const WINDOW = 32 * 1024;

/**
 * Each split costs a block header and a flush marker, 50 to 300 bytes: no
 * piece is made smaller than this many input bytes nor expected to compress
 * to fewer than this many.
 */
const MIN_PIECE = 256 * 1024;

/** More pieces than this gain nothing on today's machines and cost a little size each. */
const MAX_PIECES = 8;

/**
 * The largest hash table (memLevel 9, as Pillow uses) compresses a little
 * better and, on image data, runs faster than the default 8. The strategy
 * stays zlib's default: Pillow asks for Z_FILTERED, which on photographs
 * costs a third more time for files under 1% smaller, and on some images
 * makes them larger.
 */
const MEM_LEVEL = 9;

/**
 * How many pieces `length` bytes are deflated in. `estimate` forecasts the
 * compressed size: a flat image compresses to little, and splitting it
 * would cost a noticeable share of its size for no time worth saving.
 */
export function pieceCount(length: number, estimate: number): number {
  const cores = Math.min(MAX_PIECES, Math.max(1, availableParallelism()));
  // Two pieces per core, so that a piece that compresses slowly does not leave a core idle.
  const wanted = Math.min(
    2 * cores,
    Math.floor(length / MIN_PIECE),
    Math.floor(estimate / MIN_PIECE),
  );
  return Math.max(1, wanted);
}

/** Where piece `k` of `count` starts, in bytes of `length`; piece `count` "starts" at the end. */
export function pieceStart(k: number, count: number, length: number): number {
  return Math.floor((length * k) / count);
}

/**
 * The two-byte zlib header for a deflate stream with a 32 KiB window made
 * at `level`: the level field is informative only (RFC 1950, FLEVEL), set as
 * zlib sets it, and the check bits make the header a multiple of 31.
 */
export function zlibHeader(level: number): Uint8Array {
  const cmf = 0x78; // deflate, 32 KiB window
  const flevel = level < 2 ? 0 : level < 6 ? 1 : level === 6 ? 2 : 3;
  const flg = flevel << 6;
  return Uint8Array.of(cmf, flg + (31 - ((cmf * 256 + flg) % 31)));
}

/** The big-endian Adler-32 that ends a zlib stream. */
export function zlibTrailer(adler: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, adler);
  return out;
}

/** Deflates `data[start, end)` on the threadpool; `last` ends the stream, otherwise it is flushed. */
export function deflatePiece(
  data: Uint8Array,
  start: number,
  end: number,
  level: number,
  last: boolean,
): Promise<Buffer> {
  const piece = data.subarray(start, end);
  const options: ZlibOptions = {
    level,
    memLevel: MEM_LEVEL,
    finishFlush: last ? constants.Z_FINISH : constants.Z_SYNC_FLUSH,
    // Room for the whole output in one buffer, so that the piece is compressed in one go
    // on the threadpool rather than one 16 KiB buffer per trip to the main thread.
    chunkSize: Math.max(64 * 1024, piece.length + (piece.length >> 8) + 1024),
    ...(start > 0 ? { dictionary: data.subarray(Math.max(0, start - WINDOW), start) } : {}),
  };
  return new Promise((resolve, reject) => {
    deflateRaw(piece, options, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

/** A zlib stream in parts, to be written out in order without joining them first. */
export interface ZlibParts {
  readonly parts: readonly Uint8Array[];
  readonly length: number;
}

/**
 * Deflates `data` as one zlib stream at `level`, in as many pieces as
 * {@link pieceCount} says for a compressed size of about `estimate` bytes.
 * `checksum` gives the Adler-32 of `data`, when it can be had faster than
 * by summing here.
 */
export function deflateInPieces(
  data: Uint8Array,
  level: number,
  estimate: number,
  checksum?: () => number,
): Promise<ZlibParts> {
  return deflateAsPieces(data, level, pieceCount(data.length, estimate), checksum);
}

/** Deflates `data` as one zlib stream at `level`, in `count` pieces of nearly equal size. */
export async function deflateAsPieces(
  data: Uint8Array,
  level: number,
  count: number,
  checksum = () => adler32(data),
): Promise<ZlibParts> {
  const pending: Promise<Buffer>[] = [];
  for (let k = 0; k < count; k++) {
    const [start, end] = [pieceStart(k, count, data.length), pieceStart(k + 1, count, data.length)];
    pending.push(deflatePiece(data, start, end, level, k === count - 1));
  }
  // Summed while the threadpool compresses.
  const adler = checksum();
  const pieces = await Promise.all(pending);
  const parts = [zlibHeader(level), ...pieces, zlibTrailer(adler)];
  return { parts, length: parts.reduce((n, part) => n + part.length, 0) };
}
