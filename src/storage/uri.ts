import { isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The scheme of a URI (`s3`, `file`), or `""` for a plain file path. */
export function schemeOf(uri: string): string {
  const match = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(uri);
  return match?.[1]?.toLowerCase() ?? "";
}

/** Absolute local path of a plain path or `file://` URI. */
export function toLocalPath(uri: string): string {
  if (uri.startsWith("file://")) return fileURLToPath(uri);
  return isAbsolute(uri) ? uri : resolve(uri);
}

/** Joins URI or path segments with single slashes. */
export function joinUri(base: string, ...parts: string[]): string {
  let joined = base.replace(/\/+$/, "");
  for (const part of parts) joined += `/${part.replace(/^\/+|\/+$/g, "")}`;
  return joined;
}

/** The last path segment of a URI or path. */
export function baseName(uri: string): string {
  const trimmed = uri.replace(/[?#].*$/, "").replace(/\/+$/, "");
  return trimmed.slice(trimmed.lastIndexOf("/") + 1);
}
