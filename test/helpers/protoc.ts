import { execFileSync, spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** The `.proto` files shipped inside @flyteorg/flyteidl. */
const require = createRequire(import.meta.url);
export const flyteProtos = join(
  dirname(require.resolve("@flyteorg/flyteidl/package.json")),
  "protos",
);

export const hasProtoc = spawnSync("protoc", ["--version"]).status === 0;

if (!hasProtoc) {
  console.warn(
    "\n!!! PROTOC TESTS SKIPPED: protoc is not installed (Debian: protobuf-compiler).\n",
  );
}

/**
 * Decodes protobuf bytes with the independent reference decoder:
 * `protoc --decode <message>` against flyteidl's own `.proto` files.
 */
export function protocDecode(message: string, protoFile: string, bytes: Uint8Array): string {
  return execFileSync(
    "protoc",
    ["--decode", message, "-I", flyteProtos, "-I", "/usr/include", protoFile],
    {
      input: bytes,
      encoding: "utf8",
    },
  );
}
