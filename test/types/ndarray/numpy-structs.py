"""NumPy side of the structured-dtype interop test (test/interop/ndarray-struct.test.ts).

  generate OUT   writes structured arrays with np.save; prints their values as JSON
  check DIR      np.load's the files the TypeScript side rewrote and compares them, by
                 NumPy, with the arrays it generated; prints JSON failures
"""
import io
import json
import os
import sys

import numpy as np


def arrays():
    rng = np.random.default_rng(7)
    plain = np.dtype([("a", "<i4"), ("b", ">f8", (2,)), ("c", "<U3"), ("d", [("x", "u1"), ("y", "?")]),
                      (("Title", "t"), ">i2"), ("e", "S2"), ("f", ">M8[s]"), ("g", "<c8")])
    a = np.zeros(5, plain)
    a["a"] = rng.integers(-1000, 1000, 5)
    a["b"] = rng.standard_normal((5, 2))
    a["c"] = ["ab", "\u00e9", "\U0001F600x", "", "xyz"]
    a["d"]["x"] = rng.integers(0, 255, 5)
    a["d"]["y"] = [True, False, True, True, False]
    a["t"] = rng.integers(-30000, 30000, 5)
    a["e"] = [b"q", b"rs", b"", b"\xff\x01", b"zz"]
    a["f"] = rng.integers(-(2**40), 2**40, 5)
    a["g"] = rng.standard_normal(5) + 1j * rng.standard_normal(5)
    aligned = np.dtype([("a", "u1"), ("b", "<i8"), ("c", ">f4", (2, 2))], align=True)
    b = np.zeros((2, 3), aligned)
    b["a"] = rng.integers(0, 255, (2, 3))
    b["b"] = rng.integers(-(2**50), 2**50, (2, 3))
    b["c"] = rng.standard_normal((2, 3, 2, 2))
    nested = np.dtype([("p", [("q", [("r", ">u4")]), ("s", "<f2", (3,))])])
    c = np.zeros(4, nested)
    c["p"]["q"]["r"] = rng.integers(0, 2**32 - 1, 4)
    c["p"]["s"] = rng.standard_normal((4, 3))
    return {
        "plain.npy": a,
        "aligned_F.npy": np.asfortranarray(b),
        "nested.npy": c,
        "scalar.npy": a[2].reshape(()).copy(),
        "empty.npy": np.zeros((0, 3), plain),
    }


def plain_values(value):
    """Python values of a structured item as JSON: records as lists, bytes as latin1 text."""
    if isinstance(value, np.ndarray):
        return [plain_values(v) for v in value.tolist()] if value.dtype.names is None \
            else [plain_values(v) for v in value]
    if isinstance(value, (tuple, np.void)):
        return [plain_values(v) for v in value]
    if isinstance(value, list):
        return [plain_values(v) for v in value]
    if isinstance(value, bytes):
        return value.decode("latin1")
    if isinstance(value, complex):
        return {"re": value.real, "im": value.imag}
    if isinstance(value, np.datetime64):
        return int(value.astype(np.int64))
    if isinstance(value, np.generic):
        return plain_values(value.item())
    if hasattr(value, "timestamp"):  # datetime from .item()
        raise TypeError("datetime should arrive as int")
    return value


def generate(out):
    manifest = {}
    for name, a in arrays().items():
        np.save(os.path.join(out, name), a)
        values = a.astype(a.dtype).view(np.ndarray)
        flat = [plain_values(v) for v in values.reshape(-1)]
        manifest[name] = {"shape": list(a.shape), "values": flat,
                          "fortran": bool(a.flags.f_contiguous and not a.flags.c_contiguous)}
    print(json.dumps(manifest))


def check(directory):
    failures = []
    for name, a in arrays().items():
        b = np.load(os.path.join(directory, name))
        if b.shape != a.shape or not np.array_equal(a.astype(b.dtype), b):
            failures.append({"name": name, "got": repr(b)[:300]})
        if b.dtype.names != a.dtype.names or b.dtype.itemsize != a.dtype.itemsize:
            failures.append({"name": name, "dtype": str(b.dtype)})
        if (a.flags.f_contiguous and not a.flags.c_contiguous) != (b.flags.f_contiguous and not b.flags.c_contiguous):
            failures.append({"name": name, "order": "differs"})
        buffer = io.BytesIO()
        np.save(buffer, b)
        with open(os.path.join(directory, name), "rb") as f:
            ours = f.read()
        if ours != buffer.getvalue():
            failures.append({"name": name, "header": ours[:200].decode("latin1")})
    print(json.dumps({"checked": len(arrays()), "failures": failures}))


if sys.argv[1] == "generate":
    generate(sys.argv[2])
else:
    check(sys.argv[2])
