/**
 * The dtype and number of dimensions a `t.ndarray({ dtype, ndim })` input or
 * output declares, checked whenever an array crosses the boundary.
 */
import { TypeMismatchError } from "../../engine/errors.js";
import { type DTypeName, dtypeInfo } from "./dtype.js";
import { formatShape } from "./npy-header.js";

/** What an array must be; absent fields are not checked. */
export interface DeclaredArray {
  readonly dtype?: DTypeName;
  readonly ndim?: number;
}

/** Refuses declarations that no array could satisfy, when the descriptor is made. */
export function checkDeclaration(declared: DeclaredArray): void {
  const { dtype, ndim } = declared;
  if (dtype !== undefined && dtype !== "struct" && !dtypeInfo(dtype)) {
    throw new TypeMismatchError(`cannot declare t.ndarray(): unknown dtype "${String(dtype)}"`);
  }
  if (ndim !== undefined && !(Number.isSafeInteger(ndim) && ndim >= 0)) {
    throw new TypeMismatchError(
      `cannot declare t.ndarray(): ndim must be a non-negative integer, got ${String(ndim)}`,
    );
  }
}

/**
 * The reason an array of `dtype` and `shape` does not match the
 * declaration, as "expected …, got …", or `undefined` when it matches.
 */
export function declaredMismatch(
  declared: DeclaredArray,
  dtype: DTypeName,
  shape: readonly number[],
): string | undefined {
  const dtypeOk = declared.dtype === undefined || declared.dtype === dtype;
  const ndimOk = declared.ndim === undefined || declared.ndim === shape.length;
  if (dtypeOk && ndimOk) return undefined;
  const wanted = [
    declared.dtype !== undefined ? `dtype ${declared.dtype}` : undefined,
    declared.ndim !== undefined
      ? `${declared.ndim} dimension${declared.ndim === 1 ? "" : "s"}`
      : undefined,
  ].filter(Boolean);
  return (
    `expected an array of ${wanted.join(" with ")}, ` +
    `got dtype ${dtype} with shape ${formatShape(shape)} (${shape.length} dimension${shape.length === 1 ? "" : "s"})`
  );
}
