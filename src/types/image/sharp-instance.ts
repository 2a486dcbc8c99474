/**
 * Recognising a `sharp` instance and working out the layout its output keeps.
 */
import type { Metadata, Sharp } from "sharp";
import { labelError } from "../../engine/context.js";
import { describeError, FormatError, StorageError } from "../../engine/errors.js";
import { originLabel, originOf } from "./image-origin.js";
import {
  colourspaceFor,
  type ExactColourspace,
  layoutOfInput,
  type PixelLayout,
} from "./pixel-mode.js";

/**
 * True for a sharp instance, recognised by its methods rather than by
 * `instanceof`, so that an instance made by another copy of sharp is accepted.
 */
export function isSharpInstance(value: unknown): value is Sharp {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return ["metadata", "clone", "png", "raw", "toBuffer", "toColourspace"].every(
    (method) => typeof candidate[method] === "function",
  );
}

/**
 * sharp's own option record; read only to respect a colourspace the user
 * chose and to notice metadata the user asked to write.
 */
interface SharpOptionsPeek {
  readonly colourspace?: unknown;
  readonly greyscale?: unknown;
  readonly keepMetadata?: unknown;
  readonly withIccProfile?: unknown;
  readonly withExif?: unknown;
  readonly withXmp?: unknown;
  readonly withMetadataDensity?: unknown;
}

function optionsOf(image: Sharp): SharpOptionsPeek | undefined {
  return (image as unknown as { options?: SharpOptionsPeek }).options;
}

/**
 * True when the user asked sharp to write metadata with the output
 * (`keepMetadata()`, `withIccProfile()`, `withExif()`, `withXmp()`,
 * `withMetadata({ density })` and the like), which only sharp's own encoder
 * writes. An option record this code does not recognise counts as asking.
 */
export function asksForMetadata(image: Sharp): boolean {
  const options = optionsOf(image);
  if (options === undefined) return true;
  const { keepMetadata, withIccProfile, withExif, withXmp, withMetadataDensity } = options;
  const empty = (value: unknown) =>
    value === undefined ||
    value === 0 ||
    value === "" ||
    (typeof value === "object" && value !== null && Object.keys(value).length === 0);
  return ![keepMetadata, withIccProfile, withExif, withXmp, withMetadataDensity].every(empty);
}

/** A name for an image in messages: its blob URI when known. */
export function imageName(image: Sharp): string {
  const origin = originOf(image);
  if (origin !== undefined) return `image ${origin}`;
  // An instance the task opened itself: name the file or buffer sharp was given.
  const input = (image as unknown as { options?: { input?: { file?: unknown; buffer?: unknown } } })
    .options?.input;
  if (typeof input?.file === "string") return `image ${input.file}`;
  if (input?.buffer instanceof Uint8Array) return "image (a buffer)";
  return "image";
}

/**
 * Wraps a sharp failure on `image` into a FormatError naming it. An image
 * that flytekit-ts opened from a blob failed because its pixel data is bad,
 * whatever the task did with it: the error then names the input it arrived
 * as and says the file is corrupt, rather than blaming the output being written.
 */
export function decodeError(
  image: Sharp,
  verb: string,
  error: unknown,
): FormatError | StorageError {
  const origin = originOf(image);
  const label = originLabel(image);
  // A task's own sharp(path) of a file that is not there: a missing file, not a corrupt one.
  if (origin === undefined && /^Input file is missing/.test(describeError(error))) {
    return new StorageError("not_found", `cannot ${verb} ${imageName(image)}: no such file`, {
      cause: error,
    });
  }
  if (origin === undefined || label === undefined) {
    return new FormatError(
      "corrupt_image",
      `cannot ${verb} ${imageName(image)}: ${describeError(error)}`,
      {
        cause: error,
        ...(origin === undefined ? {} : { uri: origin }),
      },
    );
  }
  const reason = describeError(error).replace(
    /\s*vips2png: unable to write to target target\s*$/,
    "",
  );
  return labelError(
    label,
    new FormatError(
      "corrupt_image",
      `cannot decode ${origin}: its pixel data is corrupt (${reason.trim()})`,
      {
        uri: origin,
        cause: error,
      },
    ),
  );
}

/** How the output of `image` is to be produced exactly. */
export interface OutputPlan {
  readonly layout: PixelLayout;
  /** The colourspace to force, or `undefined` when the user already chose one. */
  readonly colourspace: ExactColourspace | undefined;
  readonly metadata: Metadata;
}

/**
 * The layout the output of `image` keeps: that of its input (grey stays
 * grey, 16 bits stay 16), or grey when the user asked for `.greyscale()`.
 * A colourspace the user set with `toColourspace()` is left alone.
 */
export async function planOutput(image: Sharp): Promise<OutputPlan> {
  let metadata: Metadata;
  try {
    metadata = await image.metadata();
  } catch (error) {
    throw decodeError(image, "read", error);
  }
  const options = optionsOf(image);
  const layout = layoutOfInput(metadata, options?.greyscale === true);
  const userChose = typeof options?.colourspace === "string" && options.colourspace !== "srgb";
  const colourspace = userChose ? undefined : colourspaceFor(layout);
  return { layout, colourspace, metadata };
}
