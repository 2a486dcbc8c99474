import type { S3ClientConfig } from "@aws-sdk/client-s3";

/** Set to `true` or `false` to force or forbid path-style addressing (`http://host/bucket/key`). */
export const FORCE_PATH_STYLE_ENV = "FLYTEKIT_TS_S3_FORCE_PATH_STYLE";

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
  /** Bytes per multipart-upload part (at least 5 MiB, S3's minimum). Default 8 MiB. */
  readonly partSize?: number;
  /** Parts uploaded at once by a streaming write. Default 4. */
  readonly queueSize?: number;
  /** Extra SDK client settings (credentials, region, endpoint), applied last. */
  readonly clientConfig?: S3ClientConfig;
  /**
   * Where the settings above are read from; default `process.env`. The SDK's
   * own chain (region, endpoint, credentials) always reads `process.env`.
   */
  readonly env?: NodeJS.ProcessEnv;
}

export const DEFAULT_PART_SIZE = 8 * 1024 * 1024;
export const DEFAULT_QUEUE_SIZE = 4;
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
