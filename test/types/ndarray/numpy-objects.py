"""NumPy side of the object-array interop test (test/interop/ndarray-pickle.test.ts).

Writes one .npy per pickle protocol (2 to 5) of the same object array and
prints the items in a tagged JSON encoding the TypeScript side decodes.
"""
import json
import math
import os
import pickle
import sys

import numpy as np

SAFE = 2**53 - 1


def enc(v):
    if isinstance(v, type):
        return {"$class": [v.__module__, v.__qualname__]}
    if isinstance(v, np.ndarray):
        return {"$ndarray": {"dtype": v.dtype.name if v.dtype.kind not in "SUV" else v.dtype.str[1:],
                             "shape": list(v.shape), "values": enc(v.tolist())}}
    if isinstance(v, np.generic):
        if isinstance(v, (np.int64, np.uint64, np.datetime64, np.timedelta64)):
            return {"$bigint": str(v.view(np.int64) if v.dtype.kind in "Mm" else int(v))}
        return enc(v.item())
    if v is None or isinstance(v, (bool, str)):
        return v
    if isinstance(v, int):
        return v if -SAFE <= v <= SAFE else {"$bigint": str(v)}
    if isinstance(v, float):
        if math.isnan(v) or math.isinf(v) or (v == 0 and math.copysign(1, v) < 0):
            return {"$float": repr(v)}
        return v
    if isinstance(v, complex):
        return {"$complex": [enc(v.real), enc(v.imag)]}
    if isinstance(v, (bytes, bytearray)):
        return {"$bytes": bytes(v).hex()}
    if isinstance(v, list):
        return {"$list": [enc(x) for x in v]}
    if isinstance(v, tuple):
        return {"$list": [enc(x) for x in v]}
    if isinstance(v, dict):
        return {"$map": [[enc(k), enc(x)] for k, x in v.items()]}
    if isinstance(v, (set, frozenset)):
        return {"$set": [enc(x) for x in sorted(v, key=repr)]}
    raise TypeError(type(v))


def main(out):
    items = [None, True, False, 0, -1, 255, 65536, -(2**31), 2**53 - 1, 2**70, -(2**70), 1.5,
             float("nan"), float("-inf"), -0.0, "", "str\u00e9\U0001F600", b"by\x00", bytearray(b"x"),
             [1, [2, "a"]], (1, "a"), (), {"k": 1, 2: (3,)}, {1, 2}, frozenset([3]), 1 + 2j,
             np.arange(3, dtype=">i2"), np.asfortranarray(np.arange(6.0).reshape(2, 3)),
             np.array(["ab", "c"], dtype="U2"), np.array([b"x"], dtype="S1"), np.float64(2.5),
             np.int64(-7), np.float32(0.5), np.bool_(True), np.datetime64("2024-01-01", "D"),
             np.array([None, [1]], dtype=object), range, type(None), slice, bytes, b"",
             bytearray(), frozenset(), object, complex, 2.5e-300, int, "end"]
    a = np.empty(len(items), dtype=object)
    a[:] = items
    a = a.reshape(6, 8)
    for protocol in (2, 3, 4, 5):
        with open(os.path.join(out, f"objects-p{protocol}.npy"), "wb") as f:
            np.lib.format.write_array_header_1_0(f, np.lib.format.header_data_from_array_1_0(a))
            pickle.dump(a, f, protocol=protocol)
    np.save(os.path.join(out, "objects-np-save.npy"), np.asfortranarray(a), allow_pickle=True)
    print(json.dumps({"shape": list(a.shape), "items": [enc(x) for x in items]}))


main(sys.argv[1])
