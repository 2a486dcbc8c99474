/**
 * S3's multipart limits and how a streamed upload of unknown length sizes
 * its parts within them.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/qfacts.html
 */

const MiB = 1024 * 1024;

/** Parts one multipart upload may have. */
export const MAX_PARTS = 10_000;
/** Every part but the last must be at least this large. */
export const MIN_PART_SIZE = 5 * MiB;
/** No part may be larger. */
export const MAX_PART_SIZE = 5 * 1024 * MiB;

/** Parts of one size before the size doubles. */
const PARTS_PER_SIZE = 1_000;

/**
 * Bytes in part `partNumber` (counted from 1) of an upload whose first parts
 * hold `firstPartSize` bytes. A stream's length is not known in advance, so
 * the size doubles every 1,000 parts: the first 1,000 parts keep memory small
 * for ordinary streams, and the 10,000 parts S3 allows still reach about a
 * million times the first part's size (nearly 5 TiB, S3's largest object,
 * from 5 MiB parts).
 */
export function partSize(partNumber: number, firstPartSize: number): number {
  const doublings = Math.floor((partNumber - 1) / PARTS_PER_SIZE);
  return Math.min(firstPartSize * 2 ** doublings, MAX_PART_SIZE);
}

/** The largest stream that fits in {@link MAX_PARTS} parts sized by {@link partSize}. */
export function maxUploadSize(firstPartSize: number): number {
  let total = 0;
  for (let first = 1; first <= MAX_PARTS; first += PARTS_PER_SIZE) {
    total += partSize(first, firstPartSize) * Math.min(PARTS_PER_SIZE, MAX_PARTS - first + 1);
  }
  return total;
}
