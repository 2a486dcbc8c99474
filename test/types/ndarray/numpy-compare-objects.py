"""NumPy side of test/interop/ndarray-object-write.test.ts.

Loads object arrays written by flytekit-ts with np.load(allow_pickle=True)
and compares them with what Python expects, printing the differences as JSON.

  python3 numpy-compare-objects.py strict <written.npy>
      compares with EXPECTED below: same types (int vs float, tuple vs
      list, set vs frozenset, bytes vs str), same values, same array dtypes
      and memory order.
  python3 numpy-compare-objects.py loose <written.npy> <original.npy>
      compares with another .npy by value, as a round trip through
      JavaScript keeps them: NumPy scalars equal to plain Python numbers
      (datetime64 scalars to their count), bytearray equal to bytes, nested
      arrays equal in any byte order (JavaScript holds them in its own).
"""
import json
import math
import sys

import numpy as np


def expected():
    cyclic = [1]
    cyclic.append(cyclic)
    items = [None, True, 3, 2.5, -0.0, float("nan"), 2**70, "h\u00e9\U0001F600", b"\x01\x02",
             [1, [2]], (1, "a"), {1: "x", (1,): 2}, {"a": 1}, {1, 2}, frozenset({"z"}), 1 - 2j,
             range, np.asfortranarray(np.array([[1, 3], [2, 4]], dtype=np.float32)),
             np.array([5], dtype="datetime64[10s]"), np.array(["ab", "c"], dtype="U2"),
             np.array([b"xy"], dtype="S2"), np.array([None, [1]], dtype=object), cyclic,
             np.array([7, 8], dtype=np.int16), 1e20, type(None), -(2**63),
             float(2**53)]  # a JS number beyond the safe integers is a float
    a = np.empty(len(items), dtype=object)
    a[:] = items
    return a.reshape(4, 7, order="F")


def native(a):
    return a.astype(a.dtype.newbyteorder("="))


def same(a, b, strict, seen):
    if (id(a), id(b)) in seen:
        return True
    seen.add((id(a), id(b)))
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        if not (isinstance(a, np.ndarray) and isinstance(b, np.ndarray)):
            return False
        if not strict:
            a, b = native(a), native(b)
        if a.dtype != b.dtype or a.shape != b.shape:
            return False
        if strict and a.ndim > 1 and a.flags.f_contiguous != b.flags.f_contiguous:
            return False
        if a.dtype.kind == "O":
            return all(same(x, y, strict, seen) for x, y in zip(a.ravel(), b.ravel()))
        return a.tobytes(order="A") == b.tobytes(order="A")
    if strict and type(a) is not type(b):
        return False
    if not strict and isinstance(b, (np.datetime64, np.timedelta64)):
        b = int(b.view(np.int64))
    if isinstance(a, (float, np.floating)) and isinstance(b, (float, np.floating)):
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        return a == b and math.copysign(1, a) == math.copysign(1, b)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(
            same(x, y, strict, seen) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k], strict, seen) for k in a)
    return a == b


def main(mode, path, other=None):
    got = np.load(path, allow_pickle=True)
    want = expected() if mode == "strict" else np.load(other, allow_pickle=True, encoding="latin1")
    out = {"dtype": got.dtype.str, "shape": list(got.shape), "fortran": bool(got.flags.f_contiguous
           and not got.flags.c_contiguous), "differences": []}
    if got.shape != want.shape:
        out["differences"].append(f"shape {got.shape} != {want.shape}")
    else:
        for index in np.ndindex(got.shape):
            if not same(got[index], want[index], mode == "strict", set()):
                out["differences"].append(f"{index}: {got[index]!r} != {want[index]!r}")
    print(json.dumps(out))


main(*sys.argv[1:])
