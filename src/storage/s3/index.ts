/**
 * The `s3://` storage backend. This module loads the AWS SDK, so the core
 * never imports it statically: {@link FileAccess} loads it through
 * `./load.js` the first time an `s3://` URI is used.
 */
export type { AtomicWrite, StorageBackend } from "../file-access.js";
export {
  FORCE_PATH_STYLE_ENV,
  PART_SIZE_ENV,
  type S3BackendOptions,
  s3ClientConfig,
  UPLOAD_CONCURRENCY_ENV,
  type UploadSettings,
  uploadSettings,
} from "./client-config.js";
export { S3Backend } from "./s3-backend.js";
export { redact, S3StorageError, s3Error } from "./s3-error.js";
export { parseS3Uri, type S3Location } from "./s3-uri.js";
