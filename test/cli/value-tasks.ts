/** Tasks over the scalar types, for the CLI's input parsing and printing tests. */
import { t, task } from "flytekit-ts";

export const echoDate = task(
  { name: "echo-date", inputs: { d: t.datetime }, outputs: t.datetime },
  ({ d }) => d,
);
export const echoDuration = task(
  { name: "echo-duration", inputs: { d: t.duration }, outputs: t.duration },
  ({ d }) => d,
);
export const echoInts = task(
  { name: "echo-ints", inputs: { xs: t.list(t.int) }, outputs: t.list(t.int) },
  ({ xs }) => xs,
);
export const echoMap = task(
  { name: "echo-map", inputs: { m: t.map(t.int) }, outputs: t.map(t.int) },
  ({ m }) => m,
);
