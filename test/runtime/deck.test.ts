import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { execute, t, task } from "../../src/index.js";
import { tempDir } from "../helpers/context.js";

const echo = task(
  {
    name: "echo <b>",
    inputs: { text: t.string, records: t.jsonIterator() },
    outputs: { text: t.string, records: t.jsonIterator() },
    decks: true,
  },
  (inputs) => inputs,
);

describe("decks", () => {
  it("writes one page with every input and output, all text escaped", async () => {
    const execution = await execute(
      echo,
      {
        text: "</td><script>x()</script>",
        records: [{ html: "<script>alert(1)</script>" }, { n: 2 }],
      },
      { dataDir: tempDir() },
    );
    const page = readFileSync(join(execution.recordDir, "deck.html"), "utf8");
    expect(page).toContain("<h1>echo &#60;b&#62;</h1>");
    expect(page).toContain("&#60;/td&#62;&#60;script&#62;x()&#60;/script&#62;");
    expect(page).toContain("&#60;script&#62;alert(1)&#60;/script&#62;");
    expect(page).not.toMatch(/<script/i);
    // Inputs and outputs both appear: the text twice, the records table twice.
    expect(page.match(/x\(\)/g)).toHaveLength(2);
    expect(page).toContain("Content-Security-Policy");
  });

  it("shows the error and the inputs when the task fails, and still writes no outputs.pb", async () => {
    const failing = task(
      { name: "fails", inputs: { n: t.int }, outputs: t.int, decks: true },
      ({ n }) => {
        throw new Error(`bad <n> ${n}`);
      },
    );
    const dataDir = tempDir();
    await expect(execute(failing, { n: 7 }, { dataDir, executionId: "fdeck" })).rejects.toThrow(
      /bad <n> 7/,
    );
    const dir = join(dataDir, "executions", "fdeck");
    const page = readFileSync(join(dir, "deck.html"), "utf8");
    expect(page).toContain("task fails failed: bad &#60;n&#62; 7");
    expect(page).toContain("<code>7</code>");
    expect(existsSync(join(dir, "outputs.pb"))).toBe(false);
  });

  it("writes no deck unless asked", async () => {
    const plain = task({ name: "plain", inputs: {}, outputs: t.int }, () => 1);
    const execution = await execute(plain, {}, { dataDir: tempDir() });
    expect(existsSync(join(execution.recordDir, "deck.html"))).toBe(false);
  });
});
