import { join } from "node:path";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { formatTransfers, startProgress } from "../../src/cli/progress.js";
import { FileAccess } from "../../src/storage/index.js";
import { tempDir } from "../helpers/context.js";

function fakeTerminal(isTTY: boolean): { stream: NodeJS.WriteStream; text: () => string } {
  let text = "";
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      text += chunk.toString();
      callback();
    },
  }) as unknown as NodeJS.WriteStream;
  Object.assign(stream, { isTTY, columns: 100 });
  return { stream, text: () => text };
}

describe("the progress display", () => {
  it("formats direction, size, rate and URI, cut to the terminal's width", () => {
    const transfer = {
      uri: "s3://bucket/raw/0123/array.npy",
      direction: "upload",
      startedAt: 0,
      bytes: 25_000_000,
    } as const;
    expect(formatTransfers([transfer], 2000, 100)).toBe(
      "↑ 25.0 MB at 12.5 MB/s  s3://bucket/raw/0123/array.npy",
    );
    const cut = formatTransfers([transfer, { ...transfer, direction: "download" }], 2000, 30);
    expect(cut).toBe("↑ 25.0 MB at 12.5 MB/s (+1 mo…");
    expect(cut).toHaveLength(30);
  });

  it("shows slow transfers on a terminal and clears the line when done", async () => {
    const files = new FileAccess(tempDir());
    const terminal = fakeTerminal(true);
    const stop = startProgress(files, terminal.stream);
    const write = await files.openWrite(join(files.rawOutputPrefix, "slow.bin"));
    write.stream.write(Buffer.alloc(2_000_000));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    write.stream.end();
    await write.commit();
    stop();
    expect(terminal.text()).toMatch(/↑ 2\.0 MB at [\d.]+ MB\/s {2}.*slow\.bin/);
    expect(terminal.text().endsWith("\r\x1b[2K")).toBe(true);
  });

  it("prints nothing when the output is not a terminal", async () => {
    const files = new FileAccess(tempDir());
    const terminal = fakeTerminal(false);
    const stop = startProgress(files, terminal.stream);
    expect(files.transfers.watched).toBe(false);
    stop();
    expect(terminal.text()).toBe("");
  });
});
