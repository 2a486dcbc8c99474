/** Tasks that hand their input back unchanged, for the CLI round-trip tests. */
import { t, task } from "flytekit-ts";

export const echoArray = task(
  { name: "echo-array", inputs: { arr: t.ndarray() }, outputs: t.ndarray() },
  ({ arr }) => arr,
);

export const echoImage = task(
  { name: "echo-image", inputs: { img: t.image() }, outputs: t.image() },
  ({ img }) => img,
);

export const echoRecords = task(
  { name: "echo-records", inputs: { records: t.jsonIterator() }, outputs: t.jsonIterator() },
  ({ records }) => records,
);

export const scalars = task(
  {
    name: "scalars",
    inputs: {
      i: t.int,
      f: t.float,
      s: t.string,
      b: t.boolean,
      when: t.datetime,
      xs: t.list(t.int),
      m: t.map(t.float),
    },
    outputs: {
      i: t.int,
      f: t.float,
      s: t.string,
      b: t.boolean,
      when: t.datetime,
      xs: t.list(t.int),
      m: t.map(t.float),
    },
  },
  (inputs) => inputs,
);
