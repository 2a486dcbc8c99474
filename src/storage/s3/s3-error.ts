import { type FlytekitErrorOptions, StorageError } from "../../engine/errors.js";

/** A failed S3 call. `status` is the HTTP status when the server answered at all. */
export class S3StorageError extends StorageError {
  readonly status: number | undefined;
  /** Tries made, retries included, when the SDK reported them. */
  readonly attempts: number | undefined;

  constructor(
    code: string,
    message: string,
    options: FlytekitErrorOptions & { status?: number | undefined; attempts?: number | undefined },
  ) {
    super(code, message, options);
    this.status = options.status;
    this.attempts = options.attempts;
  }
}

/** What the SDK's errors carry; network errors have only `code`. */
interface SdkErrorShape {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly message?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: unknown; readonly attempts?: unknown };
  readonly address?: unknown;
  readonly port?: unknown;
}

/** Error names S3 and the SDK use, mapped to our stable code and a plain reason. */
const KNOWN: Readonly<Record<string, readonly [code: string, reason: string]>> = {
  NoSuchKey: ["not_found", "no such object"],
  NotFound: ["not_found", "no such object"],
  NoSuchBucket: ["no_such_bucket", "the bucket does not exist"],
  AccessDenied: ["access_denied", "access denied"],
  AllAccessDisabled: ["access_denied", "all access to this object has been disabled"],
  Forbidden: ["access_denied", "access denied (or the credentials are not valid)"],
  InvalidAccessKeyId: ["bad_credentials", "the access key id is not known to the server"],
  SignatureDoesNotMatch: [
    "bad_credentials",
    "the request signature does not match; check the secret access key",
  ],
  ExpiredToken: ["bad_credentials", "the session token has expired"],
  InvalidToken: ["bad_credentials", "the session token is not valid"],
  CredentialsProviderError: [
    "no_credentials",
    "no AWS credentials found; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE",
  ],
  InvalidBucketName: ["bad_uri", "the bucket name is not valid"],
  AbortError: ["aborted", "the operation was aborted"],
  TimeoutError: ["unreachable", "the S3 endpoint did not answer in time"],
};

/** Socket-level failures: the request never got an answer. */
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ECONNABORTED",
]);

/** True when the error says the object (or, for HEAD, the object or its bucket) is absent. */
export function isNotFound(error: unknown): boolean {
  const { name, status } = describeSdkError(error);
  return name === "NoSuchKey" || (name === "NotFound" && status === 404);
}

/** True when the error says the bucket is absent. */
export function isNoSuchBucket(error: unknown): boolean {
  return describeSdkError(error).name === "NoSuchBucket";
}

/** True when the error is a status the server gave for a range past the end. */
export function isInvalidRange(error: unknown): boolean {
  const { name, status } = describeSdkError(error);
  return name === "InvalidRange" || status === 416;
}

/**
 * Turns any failure of an S3 call into an {@link S3StorageError} whose message
 * reads `cannot <verb> <uri>: <reason> (<error name>, HTTP <status>)`. The
 * message never holds a credential or a signed URL: reasons come from a fixed
 * table where possible, and any text taken from the server is redacted.
 */
export function s3Error(verb: string, uri: string, error: unknown): StorageError {
  // Already ours (a bad URI, a short body): it names the URI and the reason.
  if (error instanceof StorageError) return error;
  const { name, code, status, attempts, message, address } = describeSdkError(error);
  const where = address ? ` at ${address}` : "";
  const known = KNOWN[name];

  let storageCode: string;
  let reason: string;
  if (known) [storageCode, reason] = known;
  else if (NETWORK_CODES.has(code) || NETWORK_CODES.has(name)) {
    storageCode = "unreachable";
    reason = `cannot connect to the S3 endpoint${where}`;
  } else if (/region is missing/i.test(message)) {
    storageCode = "no_region";
    reason = "no AWS region configured; set AWS_REGION";
  } else {
    storageCode = "io_error";
    reason = redact(message) || "unknown error";
  }

  const details = [name && name !== "Error" ? name : code, status && `HTTP ${status}`];
  if (attempts > 1) details.push(`${attempts} attempts`);
  const suffix = details.filter(Boolean).join(", ");
  return new S3StorageError(
    storageCode,
    `cannot ${verb} ${uri}: ${reason}${suffix ? ` (${suffix})` : ""}`,
    { uri, cause: error, status: status || undefined, attempts: attempts || undefined },
  );
}

function describeSdkError(error: unknown) {
  const shape = (typeof error === "object" && error !== null ? error : {}) as SdkErrorShape;
  const text = (value: unknown): string => (typeof value === "string" ? value : "");
  const count = (value: unknown): number => (typeof value === "number" ? value : 0);
  return {
    name: text(shape.name),
    code: text(shape.code),
    message: text(shape.message) || (typeof error === "string" ? error : ""),
    status: count(shape.$metadata?.httpStatusCode),
    attempts: count(shape.$metadata?.attempts),
    // Socket errors say which address refused or dropped the connection.
    address: shape.address && shape.port ? `${text(shape.address)}:${count(shape.port)}` : "",
  };
}

/** Longest piece of server-supplied text kept in a message. */
const MAX_REASON = 200;

/**
 * Removes what must never reach a log: query strings (a presigned URL's
 * signature lives there), user info in URLs, and the configured secret key
 * and session token wherever they appear.
 */
export function redact(text: string, env: NodeJS.ProcessEnv = process.env): string {
  let clean = text
    .replace(/(\w+:\/\/)[^/\s@]*@/g, "$1")
    .replace(/(\w+:\/\/[^\s?#]*)\?[^\s]*/g, "$1?…")
    .replace(/(X-Amz-[\w-]+|Signature|Credential)=[^\s&,]*/gi, "$1=…");
  for (const secret of [env.AWS_SECRET_ACCESS_KEY, env.AWS_SESSION_TOKEN]) {
    if (secret && secret.length >= 4) clean = clean.split(secret).join("…");
  }
  return clean.length > MAX_REASON ? `${clean.slice(0, MAX_REASON)}…` : clean;
}
