/**
 * A local file for a blob URI: the file itself for local storage, otherwise a
 * download into the process's scratch folder (libvips reads files, not streams
 * of unknown length, and random access keeps decoding lazy).
 */
import { randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import type { TransformContext } from "../../engine/context.js";

/** The last path segment of a URI, reduced to characters safe in a file name. */
function safeFileName(uri: string): string {
  const last = uri.split(/[/?#]/).filter(Boolean).pop() ?? "";
  const cleaned = last.replace(/[^\w.-]/g, "_").slice(-80);
  return cleaned.length > 0 && cleaned !== "." && cleaned !== ".." ? cleaned : "image";
}

export async function localCopy(ctx: TransformContext, uri: string): Promise<string> {
  const local = await ctx.files.localPath(uri);
  if (local !== undefined) return local;

  const path = join(await ctx.files.scratchDir(), `${randomUUID()}-${safeFileName(uri)}`);
  const source = await ctx.files.openRead(uri, ctx.signal);
  try {
    await pipeline(source, createWriteStream(path), ctx.signal ? { signal: ctx.signal } : {});
  } catch (error) {
    await rm(path, { force: true });
    throw error;
  }
  return path;
}
