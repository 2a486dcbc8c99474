export { describeImage } from "./describe-image.js";
export {
  DEFAULT_MAX_PIXELS,
  type ImageDescriptor,
  type ImageOptions,
  image,
  PIL_IMAGE_FORMAT,
} from "./descriptor.js";
export { imagePalette } from "./image-palette.js";
export { modeName, type PixelLayout } from "./pixel-mode.js";
export type { ChannelCount, PalettePixels, RawPixels, SampleDepth } from "./raw-pixels.js";
export { type DecodedPixels, imagePixels } from "./read-pixels.js";
export { imageTransformer } from "./transformer.js";
