import type { ILiteralMap } from "../model/flyteidl.js";
import { decodeLiteralMap, encodeLiteralMap } from "../model/serialize.js";
import type { FileAccess } from "../storage/files.js";
import { joinUri } from "../storage/uri.js";

/** File names of a node's records, as on a Flyte cluster. */
export const INPUTS_FILE = "inputs.pb";
export const OUTPUTS_FILE = "outputs.pb";

/** Folder of one execution's records under the data folder. */
export function executionDir(dataDir: string, executionId: string): string {
  return joinUri(dataDir, "executions", executionId);
}

/** Writes a LiteralMap record atomically: it appears whole or not at all. */
export async function writeLiteralMap(
  files: FileAccess,
  path: string,
  map: ILiteralMap,
): Promise<void> {
  await files.writeBytes(path, encodeLiteralMap(map));
}

export async function readLiteralMap(files: FileAccess, path: string): Promise<ILiteralMap> {
  return decodeLiteralMap(await files.readBytes(path));
}
