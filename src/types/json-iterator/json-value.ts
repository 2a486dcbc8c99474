/**
 * A value one line of a JSON Lines file decodes to.
 *
 * `bigint` appears for integers beyond ±(2^53 − 1), which Python writes
 * exactly and a `number` would round; `NaN` and `±Infinity` appear as
 * numbers, as Python's `json` writes and reads them.
 */
export type JsonValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | JsonValue[]
  | { [key: string]: JsonValue };
