/**
 * Structured dtypes: records of named fields, each a scalar dtype, a nested
 * structure, or a fixed-shape sub-array of either. In a `.npy` header the
 * descr is a list such as `[('a', '<i4'), ('b', '<f8', (2,)), ('', '|V4')]`,
 * where unnamed void entries are padding.
 *
 * In memory a structured array keeps its records as raw bytes with every
 * field in little-endian order, so that records can be copied as they are.
 *
 * @see https://numpy.org/doc/stable/reference/arrays.dtypes.html#specifying-and-constructing-data-types
 */
import { type ByteOrder, type DTypeInfo, parseDescr } from "./dtype.js";
import type { PyLiteral } from "./python-literal.js";

/** One named field of a record. */
export interface StructField {
  readonly name: string;
  /** NumPy's optional field title, written as `(title, name)`. */
  readonly title?: string;
  /** Byte offset inside the record. */
  readonly offset: number;
  /** Sub-array shape of the field (`[]` for a single value). */
  readonly shape: readonly number[];
  readonly type: FieldType;
}

/** A field's item type: a scalar dtype, or a nested structure. */
export type FieldType =
  | { readonly kind: "scalar"; readonly info: DTypeInfo }
  | { readonly kind: "struct"; readonly layout: StructLayout };

/** The fields of a record and its size in bytes (padding included). */
export interface StructLayout {
  readonly fields: readonly StructField[];
  readonly itemSize: number;
}

/** A parsed struct descr plus, per scalar leaf, the byte order the file uses. */
export interface ParsedStruct {
  readonly layout: StructLayout;
  /** The big-endian parts of a record, to swap to little-endian after reading. */
  readonly swaps: readonly SwapRun[];
}

/** `length` bytes at `offset` in each record hold big-endian units of `unit` bytes. */
export type SwapRun = readonly [offset: number, length: number, unit: 2 | 4 | 8];

/**
 * Most swap runs one record may need. A sub-array of big-endian scalars is
 * one run; only sub-arrays of nested records multiply them.
 */
const MAX_SWAP_RUNS = 4096;

/** Deep enough for any real record, shallow enough to keep the stack safe. */
const MAX_NESTING = 16;

/** Parses a list descr; returns the reason as a string when it is not supported. */
export function parseStructDescr(descr: PyLiteral, depth = 0): ParsedStruct | string {
  if (depth > MAX_NESTING) return `structured dtype nested deeper than ${MAX_NESTING}`;
  if (typeof descr !== "object" || descr === null || descr.kind !== "list")
    return "descr is not a list";
  const fields: StructField[] = [];
  const swaps: SwapRun[] = [];
  const names = new Set<string>();
  let offset = 0;
  for (const entry of descr.items) {
    if (typeof entry !== "object" || entry === null || entry.kind !== "tuple")
      return "a field is not a tuple";
    const [nameItem, typeItem, shapeItem] = entry.items;
    if (entry.items.length < 2 || entry.items.length > 3) return "a field tuple needs 2 or 3 items";
    const naming = fieldName(nameItem);
    if (typeof naming === "string") return naming;
    const shape = subShape(shapeItem);
    if (typeof shape === "string") return shape;
    const count = shape.reduce((a, b) => a * b, 1);

    let type: FieldType;
    let size: number;
    let fieldSwaps: SwapRun[] = [];
    if (typeof typeItem === "string") {
      const parsed = parseDescr(typeItem);
      if (!parsed) return `field type '${typeItem}' is not supported`;
      type = { kind: "scalar", info: parsed.info };
      size = parsed.info.itemSize;
      // The whole sub-array of a scalar is one contiguous run.
      if (needsSwap(parsed.byteOrder))
        fieldSwaps = [[offset, size * count, parsed.info.swapSize as 2 | 4 | 8]];
    } else {
      const nested = parseStructDescr(typeItem ?? null, depth + 1);
      if (typeof nested === "string") return nested;
      type = { kind: "struct", layout: nested.layout };
      size = nested.layout.itemSize;
      if (nested.swaps.length * count > MAX_SWAP_RUNS)
        return "too many big-endian fields in one record";
      for (let i = 0; i < count; i++) {
        for (const [at, length, unit] of nested.swaps)
          fieldSwaps.push([offset + i * size + at, length, unit]);
      }
    }

    // Unnamed void entries are padding: they take room but are not fields.
    const padding = naming.name === "" && type.kind === "scalar" && type.info.storage === "void";
    if (!padding) {
      if (naming.name === "" || names.has(naming.name))
        return `field name '${naming.name}' is empty or repeated`;
      names.add(naming.name);
      const field: StructField = { name: naming.name, offset, shape, type };
      fields.push(naming.title === undefined ? field : { ...field, title: naming.title });
      swaps.push(...fieldSwaps);
      if (swaps.length > MAX_SWAP_RUNS) return "too many big-endian fields in one record";
    }
    offset += size * count;
    if (!Number.isSafeInteger(offset)) return "record size is too large";
  }
  if (offset === 0) return "a structured dtype needs at least one byte";
  return { layout: { fields, itemSize: offset }, swaps };
}

function fieldName(item: PyLiteral | undefined): { name: string; title?: string } | string {
  if (typeof item === "string") return { name: item };
  if (
    typeof item === "object" &&
    item !== null &&
    item.kind === "tuple" &&
    item.items.length === 2
  ) {
    const [title, name] = item.items;
    if (typeof title === "string" && typeof name === "string") return { name, title };
  }
  return "a field name is neither a string nor a (title, name) tuple";
}

function subShape(item: PyLiteral | undefined): number[] | string {
  if (item === undefined) return [];
  if (typeof item === "bigint")
    return item >= 0n && item <= 1_000_000n ? [Number(item)] : "bad sub-array size";
  if (typeof item !== "object" || item === null || item.kind !== "tuple")
    return "bad sub-array shape";
  if (!item.items.every((d) => typeof d === "bigint" && d >= 0n && d <= 1_000_000n))
    return "bad sub-array shape";
  return item.items.map(Number);
}

function needsSwap(order: ByteOrder): boolean {
  return order === ">";
}

/** The descr of a layout as NumPy writes it: a Python list, every field little-endian. */
export function formatStructDescr(layout: StructLayout): string {
  const parts: string[] = [];
  let offset = 0;
  for (const field of layout.fields) {
    if (field.offset > offset) parts.push(`('', '|V${field.offset - offset}')`);
    const name =
      field.title === undefined
        ? pyString(field.name)
        : `(${pyString(field.title)}, ${pyString(field.name)})`;
    const type =
      field.type.kind === "scalar"
        ? pyString(field.type.info.descr)
        : formatStructDescr(field.type.layout);
    const shape =
      field.shape.length === 0
        ? ""
        : `, ${field.shape.length === 1 ? `(${field.shape[0]},)` : `(${field.shape.join(", ")})`}`;
    parts.push(`(${name}, ${type}${shape})`);
    offset = field.offset + fieldSize(field);
  }
  if (layout.itemSize > offset) parts.push(`('', '|V${layout.itemSize - offset}')`);
  return `[${parts.join(", ")}]`;
}

/** Bytes a field takes in its record. */
export function fieldSize(field: StructField): number {
  const one = field.type.kind === "scalar" ? field.type.info.itemSize : field.type.layout.itemSize;
  return one * field.shape.reduce((a, b) => a * b, 1);
}

/** A Python string literal, quoted the way `repr` quotes it. */
function pyString(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  const escaped = text.replace(/\\/g, "\\\\").replace(new RegExp(quote, "g"), `\\${quote}`);
  return `${quote}${escaped}${quote}`;
}

/** The dtype information of records with this layout. */
export function structInfo(layout: StructLayout): DTypeInfo {
  return {
    name: "struct",
    itemSize: layout.itemSize,
    storage: "struct",
    swapSize: 1,
    descr: formatStructDescr(layout),
    layout,
  };
}
