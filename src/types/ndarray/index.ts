export { describeNDArray, formatDatetime, previewNDArray, statsOf } from "./describe.js";
export type {
  Complex,
  DataOf,
  DTypeName,
  ElementOf,
  NumericDTypeName,
  TypedArray,
} from "./dtype.js";
export {
  float16ArrayToFloat32,
  float16ToNumber,
  float32ToFloat16Array,
  numberToFloat16,
} from "./float16.js";
export {
  type ScijsFactory,
  type StdlibConstructor,
  type StridedView,
  stridedView,
  toScijs,
  toStdlib,
} from "./js-ndarrays.js";
export { MappedNDArray, type MmapMode } from "./mapped/mapped-ndarray.js";
export {
  type CreateNpyOptions,
  createNpy,
  type OpenNpyOptions,
  openNpy,
} from "./mapped/open-npy.js";
export { type FromDType, NDArray, type NDArrayInit, type Order } from "./ndarray.js";
export type { NDArrayAccepts, NDArrayValue } from "./ndarray-descriptor.js";
export { PythonClass } from "./pickle/python-class.js";
export { type ReadNpyOptions, readNpy, readNpyFile } from "./read-npy.js";
export type { FieldType, StructField, StructLayout } from "./struct-dtype.js";
export type { StructRecord } from "./struct-values.js";
export { type NDArrayInput, type NDArrayLike, toNDArray } from "./to-ndarray.js";
export {
  type NDArrayDescriptor,
  type NDArrayOptions,
  NUMPY_ARRAY_FORMAT,
  ndarray,
  ndarrayTransformer,
} from "./transformer.js";
export {
  encodeNpy,
  npyChunks,
  npyHeader,
  type WriteNpyOptions,
  writeNpyFile,
} from "./write-npy.js";
