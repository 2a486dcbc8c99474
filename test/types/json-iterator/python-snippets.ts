/**
 * Python source shared by the JSON Lines interop tests: a strict comparison,
 * the tagging that carries NaN, infinities and big ints through JSON to the
 * test (see tagged.ts), a raw line reader, and the records Python writes.
 */
/** Python helpers: a strict comparison (types, NaN, the sign of zero) and the fixtures' tagging. */
export const PY_HELPERS = String.raw`
import json, math, sys

def same(a, b, loose=False):
    """Equal values of the same type; loose lets an int equal a float of the same value."""
    kinds = {type(a), type(b)}
    if loose and kinds <= {int, float} and float in kinds:
        if any(isinstance(x, float) and math.isnan(x) for x in (a, b)):
            return kinds == {float} and math.isnan(a) and math.isnan(b)
        return a == b
    if isinstance(a, float) and isinstance(b, float):
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        return a == b and math.copysign(1, a) == math.copysign(1, b)
    if type(a) is not type(b):
        return False
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y, loose) for x, y in zip(a, b))
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k], loose) for k in a)
    return a == b

def tag(v):
    if v is None or isinstance(v, (bool, str)):
        return v
    if isinstance(v, int):
        return v if abs(v) <= 2**53 - 1 else {"$int": str(v)}
    if isinstance(v, float):
        if math.isnan(v):
            return {"$float": "nan"}
        if math.isinf(v):
            return {"$float": "inf" if v > 0 else "-inf"}
        if v == 0 and math.copysign(1, v) < 0:
            return {"$float": "-0.0"}
        return v
    if isinstance(v, list):
        return [tag(x) for x in v]
    return {k: tag(x) for k, x in v.items()}

def read_lines(path):
    """json.loads on each LF-separated line of the raw bytes, as the JSON Lines spec reads."""
    data = open(path, "rb").read()
    assert not data.startswith(b"\xef\xbb\xbf"), "file starts with a BOM"
    assert data.endswith(b"\n"), "file does not end with a newline"
    assert b"\r" not in data, "file holds a CR"
    return [json.loads(line.decode("utf-8")) for line in data[:-1].split(b"\n")]
`;

/** The records Python writes, also used for the round trip. */
export const PY_RECORDS = String.raw`
records = [
    {"x": float("nan"), "y": float("inf"), "z": float("-inf"), "negzero": -0.0},
    {"big": 2**64 + 1, "neg": -(2**63), "max_safe": 2**53 - 1, "just_over": 2**53 + 1, "huge": 10**30},
    {"text": "h\u00e9llo \u4e16\u754c \U0001F389 \u2028 \x7f \"q\" \\", "nested": {"a": [1, 2.5, [None, True, False]], "b": {}}},
    [0.1 + 0.2, 1e300, 5e-324, -1.5e-10, 1e16, 123456789.123456789, 3.0],
    "top-level string",
    42,
    None,
    [],
]
`;
