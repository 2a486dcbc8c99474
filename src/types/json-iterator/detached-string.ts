/** V8 makes a slice at least this long a view that keeps its whole parent string alive. */
const MIN_VIEW_LENGTH = 13;

/**
 * `text.slice(from, to)` as a string of its own. A plain slice of a long
 * string is a view on it, so a record field cut out of a decoded 1 MiB chunk
 * would keep the whole chunk in memory for as long as the record lives.
 * Concatenating makes a new string, and slicing that flattens it into a
 * fresh copy: only the field's own characters stay referenced.
 */
export function detachedSlice(text: string, from: number, to: number): string {
  const slice = text.slice(from, to);
  return slice.length < MIN_VIEW_LENGTH ? slice : ` ${slice}`.slice(1);
}
