import { describeError, StorageError } from "../../engine/errors.js";
import type { StorageBackend } from "../file-access.js";

/**
 * Loads the S3 backend on first use. The dynamic import keeps the AWS SDK out
 * of every process that never touches an `s3://` URI (DESIGN.md, principle 4).
 */
export async function loadS3Backend(): Promise<StorageBackend> {
  let module: typeof import("./s3-backend.js");
  try {
    module = await import("./s3-backend.js");
  } catch (error) {
    throw new StorageError(
      "missing_dependency",
      "cannot load the s3:// storage backend: " +
        `${describeError(error)}; install it with npm i @aws-sdk/client-s3`,
      { cause: error },
    );
  }
  return new module.S3Backend();
}
