import { randomBytes } from "node:crypto";
import { joinUri } from "./uri.js";

/**
 * `<prefix>/<32 hex>/<fileName>`: flytekit's blob layout. The 128 random bits
 * come from a cryptographic source so that parallel tasks never collide.
 */
export function randomBlobUri(prefix: string, fileName: string): string {
  return joinUri(prefix, randomBytes(16).toString("hex"), fileName);
}
