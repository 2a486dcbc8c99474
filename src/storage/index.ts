export type { AtomicWrite, StorageBackend } from "./file-access.js";
export { type BackendLoader, FileAccess } from "./files.js";
export { LocalBackend } from "./local-backend.js";
export { removePartialFiles } from "./partial-files.js";
export { randomBlobUri } from "./random-path.js";
export { type Transfer, TransferLog } from "./transfers.js";
export { baseName, joinUri, schemeOf, toLocalPath } from "./uri.js";
