// Registered with `node --import`: prints every module resolved from sharp or
// the AWS SDK, so a test can prove the core entry loads neither.
import { register } from "node:module";

const hooks = `
const heavy = new RegExp("/node_modules/(sharp|@img|@aws-sdk)/");
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (heavy.test(result.url)) console.log("HEAVY " + result.url);
  return result;
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
