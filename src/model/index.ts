export { literalsEqual, literalTypesEqual } from "./compare.js";
export type {
  IBlob,
  ILiteral,
  ILiteralMap,
  ILiteralType,
  IPrimitive,
  IScalar,
  Literal,
  LiteralMap,
  LiteralType,
} from "./flyteidl.js";
export { core } from "./flyteidl.js";
export {
  BlobDimensionality,
  blobType,
  collectionType,
  describeLiteralType,
  literalTypeMetadata,
  mapType,
  SimpleType,
  simpleType,
} from "./literal-types.js";
export {
  blobLiteral,
  blobUri,
  blobUris,
  booleanLiteral,
  collectionLiteral,
  datetimeLiteral,
  durationLiteral,
  floatLiteral,
  int64ToBigInt,
  integerLiteral,
  mapLiteral,
  noneLiteral,
  type PrimitiveCase,
  primitiveCase,
  stringLiteral,
} from "./literals.js";
export { formatLiteral } from "./print.js";
export {
  decodeLiteral,
  decodeLiteralMap,
  decodeLiteralType,
  encodeLiteral,
  encodeLiteralMap,
  encodeLiteralType,
  literalMapToJson,
  literalToJson,
  literalTypeToJson,
} from "./serialize.js";
