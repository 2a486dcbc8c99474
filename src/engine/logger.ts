/** What the library reports through; it never prints by itself. */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
}

/** A logger that drops everything: the library default. */
export const silentLogger: Logger = Object.freeze({
  debug() {},
  info() {},
  warn() {},
});
