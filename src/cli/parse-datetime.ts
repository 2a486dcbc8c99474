/**
 * Strict ISO 8601 for command-line dates: `2024-03-07`,
 * `2024-03-07T10:00`, `2024-03-07T10:00:00.5Z`, `…+02:00`. A time without an
 * offset is UTC, never the machine's local zone, so a command means the same
 * on every machine. Impossible dates (`2024-02-30`) are refused rather than
 * rolled over. JavaScript dates hold milliseconds: finer digits are refused
 * rather than silently cut.
 */
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

export function parseIsoDatetime(text: string): Date | undefined {
  const match = ISO.exec(text.trim());
  if (!match) return undefined;
  const [, y, mo, d, h = "00", mi = "00", s = "00", frac = "0", offset = "Z"] = match;
  const ms = Number(frac.padEnd(3, "0"));
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  const check = new Date(utc);
  // Date.UTC rolls 2024-02-30 over to March; a round trip catches it.
  if (
    check.getUTCFullYear() !== Number(y) ||
    check.getUTCMonth() !== Number(mo) - 1 ||
    check.getUTCDate() !== Number(d) ||
    check.getUTCHours() !== Number(h) ||
    check.getUTCMinutes() !== Number(mi) ||
    check.getUTCSeconds() !== Number(s)
  ) {
    return undefined;
  }
  return new Date(utc - offsetMinutes(offset) * 60_000);
}

function offsetMinutes(offset: string): number {
  if (offset.toUpperCase() === "Z") return 0;
  const sign = offset.startsWith("-") ? -1 : 1;
  const digits = offset.slice(1).replace(":", "");
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
}
