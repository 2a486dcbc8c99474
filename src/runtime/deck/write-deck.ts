import type { TransformContext } from "../../engine/context.js";
import type { DescriptorMap } from "../../engine/descriptor.js";
import { describeError } from "../../engine/errors.js";
import { escapeHtml } from "../../engine/html.js";
import type { ILiteralMap } from "../../model/flyteidl.js";
import { joinUri } from "../../storage/uri.js";
import { type DeckEntry, renderDeck } from "./render-deck.js";

export type { DeckEntry };

/** File name of a task's deck inside its record folder. */
export const DECK_FILE = "deck.html";

/** What one task run shows in its deck. */
export interface DeckRun {
  readonly ctx: TransformContext;
  readonly executionId: string;
  readonly recordDir: string;
  /** Inputs rendered before the task ran (a task may change a value it was given). */
  readonly inputs: readonly DeckEntry[];
  /** Output literals, read back as a consumer would receive them; absent when the task failed. */
  readonly outputs?: ILiteralMap;
  readonly outputDescriptors: DescriptorMap;
  readonly error?: unknown;
}

async function entry(name: string, render: () => Promise<string>): Promise<DeckEntry> {
  try {
    return { name, html: await render() };
  } catch (error) {
    // A value that cannot be shown must not fail the task; the deck says why.
    return { name, html: `<em>cannot render: ${escapeHtml(describeError(error))}</em>` };
  }
}

function htmlOf(
  ctx: TransformContext,
  value: unknown,
  descriptor: DescriptorMap[string],
): Promise<string> {
  const transformer = ctx.engine.transformerFor(descriptor);
  if (transformer.toHtml) return transformer.toHtml(ctx, value, descriptor);
  return Promise.resolve(`<code>${escapeHtml(String(value))}</code>`);
}

/** Renders a task's input values for its deck. */
export function renderInputs(
  ctx: TransformContext,
  values: Readonly<Record<string, unknown>>,
  descriptors: DescriptorMap,
): Promise<DeckEntry[]> {
  return Promise.all(
    Object.entries(descriptors).map(([name, descriptor]) =>
      entry(name, () => htmlOf({ ...ctx, variable: `input ${name}` }, values[name], descriptor)),
    ),
  );
}

/**
 * Renders and writes `<recordDir>/deck.html`; returns its path. Outputs are
 * shown as the next task would receive them, read back from their literals.
 */
export async function writeDeck(run: DeckRun): Promise<string> {
  const { ctx } = run;
  const outputs = run.outputs
    ? await Promise.all(
        Object.entries(run.outputDescriptors).map(([name, descriptor]) =>
          entry(name, async () => {
            const inner = { ...ctx, variable: `output ${name}` };
            const literal = run.outputs?.literals?.[name];
            if (!literal) return "<em>missing</em>";
            return htmlOf(inner, await ctx.engine.toValue(inner, literal, descriptor), descriptor);
          }),
        ),
      )
    : [];
  const html = renderDeck({
    task: ctx.task ?? "task",
    executionId: run.executionId,
    inputs: run.inputs,
    outputs,
    ...(run.error === undefined ? {} : { error: describeError(run.error) }),
  });
  const path = joinUri(run.recordDir, DECK_FILE);
  await ctx.files.writeBytes(path, new TextEncoder().encode(html));
  return path;
}
