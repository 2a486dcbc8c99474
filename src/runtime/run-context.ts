import { randomBytes } from "node:crypto";
import type { TransformContext } from "../engine/context.js";
import type { Logger } from "../engine/logger.js";
import { silentLogger } from "../engine/logger.js";
import type { TypeEngine } from "../engine/type-engine.js";
import { FileAccess } from "../storage/files.js";
import { defaultEngine } from "../types/default-engine.js";
import { resolveStorage, type StorageOptions } from "./config.js";

/** Options of one run: storage, logger, cancellation. */
export interface RunOptions extends StorageOptions {
  readonly logger?: Logger;
  readonly signal?: AbortSignal;
  /** Storage to use instead of building one from `dataDir` and `rawOutputPrefix`. */
  readonly files?: FileAccess;
  /** Execution id; a fresh random one by default. */
  readonly executionId?: string;
}

/** What every node of one execution shares. */
export interface RunContext {
  readonly executionId: string;
  readonly dataDir: string;
  readonly files: FileAccess;
  readonly logger: Logger;
  readonly signal?: AbortSignal;
}

/** Flyte-style execution ids: a letter then 19 random lower-case characters. */
function newExecutionId(): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  const bytes = randomBytes(19);
  let id = "f";
  for (const byte of bytes) id += alphabet[byte % alphabet.length];
  return id;
}

export function createRunContext(options: RunOptions = {}): RunContext {
  const storage = resolveStorage(options);
  const context: RunContext = {
    executionId: options.executionId ?? newExecutionId(),
    dataDir: storage.dataDir,
    files: options.files ?? new FileAccess(storage.rawOutputPrefix),
    logger: options.logger ?? silentLogger,
    ...(options.signal ? { signal: options.signal } : {}),
  };
  return context;
}

/** The transform context a task's conversions run in. */
export function transformContext(
  run: RunContext,
  task: string,
  engine: TypeEngine = defaultEngine,
): TransformContext {
  return {
    files: run.files,
    engine,
    logger: run.logger,
    task,
    ...(run.signal ? { signal: run.signal } : {}),
  };
}
