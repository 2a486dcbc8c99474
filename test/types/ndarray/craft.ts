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
