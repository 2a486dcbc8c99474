/** Hand-made .npy bytes for tests of what NumPy never writes. */
export function craftNpy(
  header: string,
  data: Uint8Array = new Uint8Array(),
  version: 1 | 2 | 3 = 1,
): Uint8Array {
  const text = Buffer.from(header, version === 3 ? "utf8" : "latin1");
  const prefix = version === 1 ? 10 : 12;
  const out = new Uint8Array(prefix + text.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, text.length, true);
  else view.setUint32(8, text.length, true);
  out.set(text, prefix);
  out.set(data, prefix + text.length);
  return out;
}

/** A header dict as NumPy spells it, without padding. */
export function headerText(descr: string, shape: string, fortran = false): string {
  return `{'descr': '${descr}', 'fortran_order': ${fortran ? "True" : "False"}, 'shape': ${shape}, }\n`;
}

/** Builds a pickle from opcodes and raw pieces. */
export function pickle(...parts: (string | number[] | Uint8Array)[]): Uint8Array {
  const chunks = parts.map((p) =>
    typeof p === "string" ? Buffer.from(p, "latin1") : Uint8Array.from(p),
  );
  return new Uint8Array(Buffer.concat(chunks));
}

/** `_reconstruct(ndarray, (0,), b'b')` then BUILD with an object dtype and `items` opcodes. */
export function objectArray(count: number, items: (string | number[])[]): Uint8Array {
  return pickle(
    [0x80, 2],
    "cnumpy.core.multiarray\n_reconstruct\n",
    "cnumpy\nndarray\n",
    [0x4b, 0, 0x85, 0x55, 1],
    "b",
    [0x87, 0x52], // TUPLE3 REDUCE
    "(",
    [0x4b, 1, 0x4b, count, 0x85], // version 1, shape (count,)
    "cnumpy\ndtype\n",
    [0x55, 2],
    "O8",
    [0x89, 0x88, 0x87, 0x52], // ('O8', False, True) REDUCE
    "(",
    [0x4b, 3, 0x55, 1],
    "|NNN",
    [0x4a, 0xff, 0xff, 0xff, 0xff, 0x4a, 0xff, 0xff, 0xff, 0xff, 0x4b, 63],
    "tb", // TUPLE BUILD (dtype state)
    [0x89], // fortran False
    "](", // EMPTY_LIST MARK
    ...items,
    "et", // APPENDS TUPLE
    "b.", // BUILD STOP
  );
}
