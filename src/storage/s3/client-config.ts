import type { S3ClientConfig } from "@aws-sdk/client-s3";
import { StorageError } from "../../engine/errors.js";
import { MIN_PART_SIZE } from "./part-sizes.js";

/** Set to `true` or `false` to force or forbid path-style addressing (`http://host/bucket/key`). */
export const FORCE_PATH_STYLE_ENV = "FLYTEKIT_TS_S3_FORCE_PATH_STYLE";
/** Multipart-upload part size in MiB (at least 5). */
export const PART_SIZE_ENV = "FLYTEKIT_TS_S3_PART_SIZE_MIB";
/** Parts one streaming write uploads at once. */
export const UPLOAD_CONCURRENCY_ENV = "FLYTEKIT_TS_S3_UPLOAD_CONCURRENCY";

/** Tuning of the S3 backend; every field is optional. */
export interface S3BackendOptions {
  /**
   * Path-style addressing. Default: `$FLYTEKIT_TS_S3_FORCE_PATH_STYLE`, else on
   * when a custom endpoint is configured (MinIO and most S3-compatible stores
   * want it), else the SDK's virtual-hosted style.
   */
  readonly forcePathStyle?: boolean;
  /** Tries per request, first one included. Default `$AWS_MAX_ATTEMPTS`, else 5. */
  readonly maxAttempts?: number;
  /**
   * Bytes in each of the first 1,000 parts of a multipart upload (at least
   * 5 MiB, S3's minimum). Default `$FLYTEKIT_TS_S3_PART_SIZE_MIB` MiB, else
   * 8 MiB. Later parts double in size every 1,000 parts, so that S3's limit of
   * 10,000 parts still holds streams of 5 TiB (S3's largest object) from 8 MiB
   * parts, and of nearly 5 TiB from 5 MiB parts.
   */
  readonly partSize?: number;
  /**
   * Parts uploaded at once by a streaming write; a write holds
   * `(queueSize + 1) × partSize` bytes of part buffers (32 MiB by default)
   * until its parts grow past the first 1,000. Default
   * `$FLYTEKIT_TS_S3_UPLOAD_CONCURRENCY`, else 3: enough to keep a stream
   * moving while one part waits on the network, and a third less memory than
   * four, which kept a 1 GiB JSON iterator round trip under 200 MB only
   * narrowly (bench/s3-jsonl.ts).
   */
  readonly queueSize?: number;
  /** Extra SDK client settings (credentials, region, endpoint), applied last. */
  readonly clientConfig?: S3ClientConfig;
  /**
   * Where the settings above are read from; default `process.env`. The SDK's
   * own chain (region, endpoint, credentials) always reads `process.env`.
   */
  readonly env?: NodeJS.ProcessEnv;
}

const MiB = 1024 * 1024;
const DEFAULT_PART_SIZE = 8 * MiB;
const DEFAULT_QUEUE_SIZE = 3;
const DEFAULT_MAX_ATTEMPTS = 5;

/** How long to wait for a TCP connection, and for an idle socket, before a try counts as failed. */
const CONNECTION_TIMEOUT_MS = 10_000;
const SOCKET_IDLE_TIMEOUT_MS = 120_000;

/**
 * Client settings from the options over the environment. Region, endpoint
 * and credentials are left to the SDK's default chain (`AWS_REGION`,
 * `AWS_ENDPOINT_URL_S3`, `AWS_ENDPOINT_URL`, `AWS_PROFILE`, the config and
 * credentials files, instance roles), so any S3-compatible store is reached
 * the way the AWS CLI reaches it.
 */
export function s3ClientConfig(options: S3BackendOptions = {}): S3ClientConfig {
  const env = options.env ?? process.env;
  const forcePathStyle = options.forcePathStyle ?? pathStyleFromEnv(env);
  const maxAttempts =
    options.maxAttempts ?? (env.AWS_MAX_ATTEMPTS ? undefined : DEFAULT_MAX_ATTEMPTS);
  // The SDK reads only AWS_REGION; the AWS CLI also honours AWS_DEFAULT_REGION.
  const region = env.AWS_REGION ? undefined : env.AWS_DEFAULT_REGION || undefined;

  return {
    retryMode: "standard",
    requestHandler: {
      connectionTimeout: CONNECTION_TIMEOUT_MS,
      socketTimeout: SOCKET_IDLE_TIMEOUT_MS,
    },
    ...(forcePathStyle === undefined ? {} : { forcePathStyle }),
    ...(maxAttempts === undefined ? {} : { maxAttempts }),
    ...(region === undefined ? {} : { region }),
    ...options.clientConfig,
  };
}

function pathStyleFromEnv(env: NodeJS.ProcessEnv): boolean | undefined {
  const flag = env[FORCE_PATH_STYLE_ENV]?.trim().toLowerCase();
  if (flag === "true" || flag === "1" || flag === "yes") return true;
  if (flag === "false" || flag === "0" || flag === "no") return false;
  const ignoreEndpoints = env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.toLowerCase() === "true";
  if (!ignoreEndpoints && (env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL)) return true;
  return undefined;
}

/** How streaming writes split and parallelise their parts. */
export interface UploadSettings {
  readonly partSize: number;
  readonly queueSize: number;
}

/** Upload settings from the options, then the environment, then the defaults. */
export function uploadSettings(options: S3BackendOptions = {}): UploadSettings {
  const env = options.env ?? process.env;
  const partSize =
    options.partSize ??
    setting(env, PART_SIZE_ENV, DEFAULT_PART_SIZE / MiB, MIN_PART_SIZE / MiB) * MiB;
  const queueSize =
    options.queueSize ?? setting(env, UPLOAD_CONCURRENCY_ENV, DEFAULT_QUEUE_SIZE, 1);
  if (!Number.isSafeInteger(partSize) || partSize < MIN_PART_SIZE) {
    throw new StorageError(
      "bad_config",
      `cannot upload to S3 in parts of ${partSize} bytes: parts must be whole bytes, at least 5 MiB`,
    );
  }
  if (!Number.isSafeInteger(queueSize) || queueSize < 1) {
    throw new StorageError(
      "bad_config",
      `cannot upload ${queueSize} parts at once to S3: give a whole number, at least 1`,
    );
  }
  return { partSize, queueSize };
}

/** A whole-number setting from the environment, checked against its minimum. */
function setting(env: NodeJS.ProcessEnv, name: string, fallback: number, minimum: number): number {
  const text = env[name]?.trim();
  if (!text) return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < minimum) {
    throw new StorageError(
      "bad_config",
      `cannot use ${name}=${text.slice(0, 40)}: expected a whole number of at least ${minimum}`,
    );
  }
  return value;
}
