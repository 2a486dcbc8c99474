/**
 * Where compiling code from strings is forbidden (a Node flag, a content
 * security policy), the reader still reads every record right: objects are
 * then left to JSON.parse.
 */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { tempDir } from "../../helpers/context.js";

const SOURCE = join(import.meta.dirname, "../../../src");

describe("reading without code generation", () => {
  it("reads records to JSON.parse's values under --disallow-code-generation-from-strings", () => {
    const dir = tempDir();
    const lines = ['{"a":1,"b":[1,2],"c":{"d":"x"}}', '{"a":2,"b":[]}', "[1,{}]", '"s"'];
    writeFileSync(join(dir, "data.jsonl"), `${lines.join("\n")}\n`);
    const script = join(dir, "read.mts");
    writeFileSync(
      script,
      `import { FileAccess } from ${JSON.stringify(pathToFileURL(join(SOURCE, "storage/files.ts")).href)};
import { readJsonLines } from ${JSON.stringify(pathToFileURL(join(SOURCE, "types/json-iterator/index.ts")).href)};
const records = await readJsonLines(new FileAccess(${JSON.stringify(dir)}), ${JSON.stringify(join(dir, "data.jsonl"))}).toArray();
process.stdout.write(JSON.stringify(records));
`,
    );
    const output = execFileSync(
      process.execPath,
      ["--disallow-code-generation-from-strings", "--import", "tsx", script],
      { encoding: "utf8", cwd: join(SOURCE, "..") },
    );
    expect(JSON.parse(output)).toEqual(lines.map((line) => JSON.parse(line)));
  });
});
