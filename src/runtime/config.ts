import { resolve } from "node:path";
import { joinUri, schemeOf } from "../storage/uri.js";

/** Environment variable naming the local data folder (executions and raw blobs). */
export const DATA_DIR_ENV = "FLYTEKIT_TS_DATA_DIR";
/** Environment variable naming where blobs are written, such as `s3://bucket/raw`. */
export const RAW_OUTPUT_PREFIX_ENV = "FLYTEKIT_TS_RAW_OUTPUT_PREFIX";
/** The folder under the working directory used when nothing else is configured. */
export const DEFAULT_DATA_DIR = ".flytekit-ts";

/** Where a run keeps its records and blobs. Every field is optional. */
export interface StorageOptions {
  /** Local folder for execution records; default `$FLYTEKIT_TS_DATA_DIR` or `./.flytekit-ts`. */
  readonly dataDir?: string;
  /** Where blobs go; default `$FLYTEKIT_TS_RAW_OUTPUT_PREFIX` or `<dataDir>/raw`. */
  readonly rawOutputPrefix?: string;
}

export interface ResolvedStorage {
  readonly dataDir: string;
  readonly rawOutputPrefix: string;
}

/** Fills storage options from flags, then the environment, then the defaults. */
export function resolveStorage(
  options: StorageOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): ResolvedStorage {
  const dir = nonEmpty(options.dataDir) ?? nonEmpty(env[DATA_DIR_ENV]) ?? DEFAULT_DATA_DIR;
  // Records may live in object storage too (`s3://bucket/records`); only a
  // local folder is made absolute.
  const dataDir = schemeOf(dir) === "" ? resolve(dir) : dir;
  const prefix =
    nonEmpty(options.rawOutputPrefix) ??
    nonEmpty(env[RAW_OUTPUT_PREFIX_ENV]) ??
    joinUri(dataDir, "raw");
  // Blob URIs end up in outputs.pb and are read by other processes: a
  // relative path would mean something else from another working directory.
  const rawOutputPrefix = schemeOf(prefix) === "" ? resolve(prefix) : prefix;
  return { dataDir, rawOutputPrefix };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}
