import { describe, expect, it } from "vitest";
import {
  MAX_PART_SIZE,
  MAX_PARTS,
  MIN_PART_SIZE,
  maxUploadSize,
  partSize,
} from "../../../src/storage/s3/part-sizes.js";

const MiB = 1024 * 1024;
const TiB = 1024 ** 4;

describe("part sizes of a streamed upload", () => {
  it("keeps the first 1,000 parts at the configured size, then doubles every 1,000", () => {
    expect(partSize(1, 8 * MiB)).toBe(8 * MiB);
    expect(partSize(1000, 8 * MiB)).toBe(8 * MiB);
    expect(partSize(1001, 8 * MiB)).toBe(16 * MiB);
    expect(partSize(2001, 8 * MiB)).toBe(32 * MiB);
    expect(partSize(MAX_PARTS, 5 * MiB)).toBe(5 * MiB * 512);
  });

  it("never asks for a part over S3's 5 GiB limit", () => {
    expect(partSize(MAX_PARTS, 64 * MiB)).toBe(MAX_PART_SIZE);
  });

  it("reaches nearly S3's 5 TiB object limit from 5 MiB parts", () => {
    // 1,000 parts at each of 10 sizes: 5 MiB × 1000 × (1 + 2 + … + 512).
    expect(maxUploadSize(MIN_PART_SIZE)).toBe(5 * MiB * 1000 * 1023);
    expect(maxUploadSize(MIN_PART_SIZE) / TiB).toBeCloseTo(4.88, 2);
    expect(maxUploadSize(8 * MiB)).toBeGreaterThan(5 * TiB);
  });
});
