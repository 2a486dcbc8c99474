import { type Descriptor, descriptor } from "../../engine/descriptor.js";
import type { TypeTransformer } from "../../engine/transformer.js";
import { scalarTransformer } from "./scalar-transformer.js";
import {
  booleanSpec,
  datetimeSpec,
  durationSpec,
  floatSpec,
  intSpec,
  noneSpec,
  stringSpec,
} from "./specs.js";

/** Integer in the int64 range; received as a number (values beyond 2^53 are refused). */
export const int: Descriptor<number, number | bigint> = descriptor("int");
/** 64-bit float. */
export const float: Descriptor<number> = descriptor("float");
export const string: Descriptor<string> = descriptor("string");
export const boolean: Descriptor<boolean> = descriptor("boolean");
/** A point in time, received as a `Date`. */
export const datetime: Descriptor<Date> = descriptor("datetime");
/** A length of time in milliseconds. */
export const duration: Descriptor<number> = descriptor("duration");
/** No value: `null` (`undefined` is accepted as an output). */
export const none: Descriptor<null, null | undefined> = descriptor("none");

export const primitiveTransformers: readonly TypeTransformer[] = [
  scalarTransformer(intSpec),
  scalarTransformer(floatSpec),
  scalarTransformer(stringSpec),
  scalarTransformer(booleanSpec),
  scalarTransformer(datetimeSpec),
  scalarTransformer(durationSpec),
  scalarTransformer(noneSpec),
] as TypeTransformer[];
