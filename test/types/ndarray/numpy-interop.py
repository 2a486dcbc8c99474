"""NumPy side of the .npy interop tests (used by test/interop/ndarray-numpy.test.ts).

  generate OUT SEED   writes one .npy per case with np.save and prints a JSON manifest
  check DIR SEED      np.load's the files the TypeScript side rewrote and compares them,
                      by NumPy, to the arrays generated from SEED; prints JSON failures
  literal DIR         checks arrays the TypeScript side built from JS values
"""
import hashlib
import io
import json
import os
import sys

import numpy as np

DTYPES = ["b1", "i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8", "f2", "f4", "f8", "c8", "c16",
          "S5", "U3", "V4", "M8[ns]", "M8[D]", "m8[s]"]
SHAPES = [(), (0,), (7,), (2, 3, 4), (3, 0, 2)]


def values(rng, code, shape):
    n = int(np.prod(shape))
    dt = np.dtype(code)
    if dt.kind == "b":
        flat = rng.integers(0, 2, n).astype(bool)
    elif dt.kind in "iu":
        info = np.iinfo(dt)
        flat = rng.integers(info.min, info.max, n, dtype=dt, endpoint=True)
        flat[: min(n, 2)] = [info.min, info.max][: min(n, 2)]
    elif dt.kind == "f":
        flat = (rng.standard_normal(n) * 1000).astype(dt)
        specials = np.array([np.nan, np.inf, -np.inf, -0.0], dtype=dt)
        flat[: min(n, 4)] = specials[: min(n, 4)]
    elif dt.kind == "c":
        flat = (rng.standard_normal(n) + 1j * rng.standard_normal(n)).astype(dt)
        if n:
            flat[0] = complex(np.nan, -0.0)
    elif dt.kind == "S":
        flat = np.frombuffer(rng.integers(0, 256, n * 5, dtype=np.uint8).tobytes(), dtype="S5").copy()
    elif dt.kind == "U":
        alphabet = "aZ09é\u00ff\u4e2d\U0001F600 \t"
        flat = np.array(["".join(rng.choice(list(alphabet), rng.integers(0, 4))) for _ in range(n)], dtype="U3")
    elif dt.kind == "V":
        flat = np.frombuffer(rng.integers(0, 256, n * 4, dtype=np.uint8).tobytes(), dtype="V4").copy()
    else:  # M, m
        flat = rng.integers(-(2**62), 2**62, n, dtype=np.int64)
        if n:
            flat[0] = np.iinfo(np.int64).min  # NaT
        flat = flat.view(dt)
    return flat.reshape(shape)


def cases(seed):
    rng = np.random.default_rng(seed)
    for code in DTYPES:
        orders = "<>" if np.dtype(code).itemsize > 1 and np.dtype(code).kind not in "SV" else "|"
        for byte_order in orders:
            for fortran in (False, True):
                for shape in SHAPES:
                    a = values(rng, code, shape)
                    if byte_order != "|":
                        a = a.astype(a.dtype.newbyteorder(byte_order))
                    if fortran:
                        a = np.asfortranarray(a)
                    name = f"{code.replace('[', '_').replace(']', '')}{byte_order.replace('|', '')}" \
                           f"{'F' if fortran else 'C'}_{'x'.join(map(str, shape)) or 'scalar'}.npy"
                    yield name.replace("<", "le").replace(">", "be"), a


def le_c_bytes(a):
    return np.ascontiguousarray(a).astype(a.dtype.newbyteorder("<")).tobytes()


def generate(out, seed):
    manifest = []
    for name, a in cases(seed):
        np.save(os.path.join(out, name), a)
        manifest.append({
            "name": name,
            "shape": list(a.shape),
            "fortran": bool(a.flags.f_contiguous and not a.flags.c_contiguous),
            "sha256": hashlib.sha256(le_c_bytes(a)).hexdigest(),
        })
    print(json.dumps(manifest))


def check(directory, seed):
    failures, checked = [], 0
    for name, a in cases(seed):
        path = os.path.join(directory, name)
        b = np.load(path)
        checked += 1
        want_dtype = a.dtype.newbyteorder("<") if a.dtype.byteorder == ">" else a.dtype
        problems = []
        if b.dtype != want_dtype or b.dtype.str[0] == ">":
            problems.append(f"dtype {b.dtype.str} != {want_dtype.str}")
        if b.shape != a.shape:
            problems.append(f"shape {b.shape} != {a.shape}")
        if le_c_bytes(b) != le_c_bytes(a):
            problems.append("values differ bitwise")
        a_fortran = a.flags.f_contiguous and not a.flags.c_contiguous
        b_fortran = b.flags.f_contiguous and not b.flags.c_contiguous
        if a_fortran != b_fortran:
            problems.append(f"fortran {b_fortran} != {a_fortran}")
        buffer = io.BytesIO()
        np.save(buffer, b)
        with open(path, "rb") as f:
            if f.read() != buffer.getvalue():
                problems.append("file differs from what np.save writes for the same array")
        if problems:
            failures.append({"name": name, "problems": problems})
    print(json.dumps({"checked": checked, "failures": failures}))


def literal(directory):
    nan = float("nan")
    expected = {
        "f8.npy": np.array([0.1, nan, -0.0, np.inf, 5e-324]),
        "f4_2x2_F.npy": np.asfortranarray(np.array([[1.5, 2.5], [3.5, 4.5]], dtype="<f4")),
        "i8.npy": np.array([-(2**63), 2**63 - 1, 9007199254740993], dtype="<i8"),
        "u8.npy": np.array([2**64 - 1], dtype="<u8"),
        "b1_scalar.npy": np.array(True),
        "U.npy": np.array(["h\u00e9llo", "\U0001F600x", ""], dtype="<U5"),
        "S.npy": np.array([b"\xff\x00z", b"ab"], dtype="S3"),
        "c16.npy": np.array([1 - 2j, complex(nan, 0)], dtype="<c16"),
        "f2.npy": np.array([1.0, 0.1, 65504, -np.inf], dtype="<f2"),
        "M8.npy": np.array(["2024-02-29T12:00:00.000000001", "NaT"], dtype="M8[ns]"),
        "empty_3x0.npy": np.zeros((3, 0), dtype="<i2"),
    }
    failures = []
    for name, want in expected.items():
        got = np.load(os.path.join(directory, name))
        same = got.dtype == want.dtype and got.shape == want.shape and \
            le_c_bytes(got) == le_c_bytes(want) and \
            got.flags.f_contiguous == want.flags.f_contiguous and got.flags.c_contiguous == want.flags.c_contiguous
        if not same:
            failures.append({"name": name, "got": repr(got), "dtype": got.dtype.str, "want": repr(want)})
    print(json.dumps({"checked": len(expected), "failures": failures}))


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "generate":
        generate(sys.argv[2], int(sys.argv[3]))
    elif command == "check":
        check(sys.argv[2], int(sys.argv[3]))
    else:
        literal(sys.argv[2])
