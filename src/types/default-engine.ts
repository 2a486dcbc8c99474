import type { TypeTransformer } from "../engine/transformer.js";
import { TypeEngine } from "../engine/type-engine.js";
import { listTransformer, mapTransformer } from "./collections/index.js";
import { imageTransformer } from "./image/index.js";
import { iteratorTransformer } from "./iterator/index.js";
import { jsonIteratorTransformer } from "./json-iterator/index.js";
import { ndarrayTransformer } from "./ndarray/index.js";
import { primitiveTransformers } from "./primitives/index.js";

/** A new engine holding every built-in transformer. */
export function createTypeEngine(): TypeEngine {
  const engine = new TypeEngine();
  const builtins: TypeTransformer[] = [
    ...primitiveTransformers,
    iteratorTransformer as TypeTransformer,
    listTransformer as TypeTransformer,
    mapTransformer as TypeTransformer,
    ndarrayTransformer as TypeTransformer,
    imageTransformer as TypeTransformer,
    jsonIteratorTransformer as TypeTransformer,
  ];
  for (const transformer of builtins) engine.register(transformer);
  return engine;
}

/**
 * The engine tasks use unless given another. Register your own transformers
 * here: `defaultEngine.register(myTransformer)`.
 */
export const defaultEngine: TypeEngine = createTypeEngine();
