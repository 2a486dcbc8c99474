import { FlytekitError } from "../engine/errors.js";

/** The command line was wrong: the CLI prints the message and the usage hint. */
export class UsageError extends FlytekitError {
  constructor(message: string) {
    super("usage", message);
  }
}
