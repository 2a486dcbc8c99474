import type { TransformContext } from "../engine/context.js";
import type { AnyDescriptor } from "../engine/descriptor.js";
import type { ILiteral } from "../model/flyteidl.js";
import { literalJson } from "./literal-json.js";

/**
 * Text of one output for a person: the transformer's own description when
 * it has one (array previews, image sizes, record counts), else the value as
 * JSON; blob outputs also say where the file is.
 */
export async function describeOutput(
  ctx: TransformContext,
  literal: ILiteral,
  value: unknown,
  descriptor: AnyDescriptor,
): Promise<string> {
  const transformer = ctx.engine.transformerFor(descriptor);
  const uri = literal.scalar?.blob?.uri;
  const text = transformer.describe
    ? await transformer.describe(ctx, value, descriptor)
    : JSON.stringify(literalJson(literal));
  return uri && !text.includes(uri) ? `${text}\nfile: ${uri}` : text;
}

/** Indents every line after the first, for `name: text` blocks. */
export function indentBlock(text: string, by = "  "): string {
  return text.replace(/\n/g, `\n${by}`);
}
