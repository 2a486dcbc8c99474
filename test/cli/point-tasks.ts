/** A user-defined type registered on the default engine, run through the CLI. */
import { defaultEngine, descriptor, type TypeTransformer, t, task } from "flytekit-ts";

interface Point {
  x: number;
  y: number;
}
const point = descriptor<Point>("point");
const pointTransformer: TypeTransformer<typeof point> = {
  kind: "point",
  name: "a point",
  literalType: () => ({ simple: 3 }),
  toLiteral: async (_c, v) => ({
    scalar: { primitive: { stringValue: `${(v as Point).x},${(v as Point).y}` } },
  }),
  toValue: async (_c, l) => {
    const [x, y] = (l.scalar?.primitive?.stringValue ?? "0,0").split(",").map(Number);
    return { x: x!, y: y! };
  },
};
defaultEngine.register(pointTransformer);
export const norm = task({ name: "norm", inputs: { p: point }, outputs: t.float }, ({ p }) =>
  Math.hypot(p.x, p.y),
);
