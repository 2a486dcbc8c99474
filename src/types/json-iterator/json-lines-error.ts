import { FormatError } from "../../engine/errors.js";

/** Stable codes of the ways a JSON Lines file can be unreadable. */
export type JsonLinesErrorCode =
  | "invalid_json"
  | "invalid_utf8"
  | "empty_line"
  | "line_too_long"
  | "large_integer";

/**
 * A line of a JSON Lines file that cannot be read as a record. `line` is
 * 1-based, counted in LF-separated lines of the file, blank ones included.
 */
export class JsonLinesError extends FormatError {
  readonly line: number;

  constructor(
    code: JsonLinesErrorCode,
    uri: string,
    line: number,
    reason: string,
    cause?: unknown,
  ) {
    super(code, `cannot read ${uri}: line ${line} ${reason}`, {
      uri,
      ...(cause === undefined ? {} : { cause }),
    });
    this.line = line;
  }
}

/** The start of a line for an error message, quoted so that control characters show. */
export function linePreview(text: string, limit = 80): string {
  return JSON.stringify(text.length > limit ? `${text.slice(0, limit)}…` : text);
}
