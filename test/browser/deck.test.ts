import { mkdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasChromium, launchChromium } from "../helpers/browser.js";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/context.js";

/** Screenshots are kept for people to look at; CI leaves them in the clone. */
const SCREENSHOTS = "test/browser/screenshots";

describe.skipIf(!hasChromium)("a deck in a real browser", () => {
  let browser: Browser;
  let deck: string;

  beforeAll(async () => {
    const result = runCli([
      "run",
      "examples/decks.ts",
      "inspect",
      "--size",
      "1500",
      "--note",
      "<b>bold?</b>",
      "--data-dir",
      tempDir(),
    ]);
    expect(result.status).toBe(0);
    deck = /^deck: (.+)$/m.exec(result.stdout)?.[1] ?? "";
    expect(deck).toMatch(/deck\.html$/);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("shows the downscaled image decoded, records as text, and runs no script", async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const problems: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(message.text());
    });
    page.on("pageerror", (error) => problems.push(error.message));
    let dialogs = 0;
    page.on("dialog", async (dialog) => {
      dialogs++;
      await dialog.dismiss();
    });

    await page.goto(pathToFileURL(deck).href);
    const image = page.locator("img").first();
    await image.waitFor();
    const size = await image.evaluate((element) => {
      const img = element as unknown as {
        complete: boolean;
        naturalWidth: number;
        naturalHeight: number;
      };
      return { complete: img.complete, width: img.naturalWidth, height: img.naturalHeight };
    });
    // 1500 × 1500 is shown at most 512 px on its longest side.
    expect(size).toEqual({ complete: true, width: 512, height: 512 });
    await expect(page.locator("a", { hasText: "full size" }).getAttribute("href")).resolves.toMatch(
      /^file:\/\/.+image\.png$/,
    );

    // innerText on purpose: it is the text as rendered, which is what a person sees.
    // biome-ignore lint/performance/useDomNodeTextContent: rendered text is what is being checked.
    const text = await page.locator("body").innerText();
    expect(text).toContain("<script>alert('not run')</script>");
    expect(text).toContain("<b>bold?</b>");
    expect(await page.locator("script").count()).toBe(0);
    expect(await page.locator("b").count()).toBe(0);
    expect(dialogs).toBe(0);
    expect(problems).toEqual([]);

    mkdirSync(SCREENSHOTS, { recursive: true });
    const shot = join(SCREENSHOTS, "deck.png");
    await page.screenshot({ path: shot, fullPage: true });
    expect(statSync(shot).size).toBeGreaterThan(10_000);
    await page.close();
  });

  it("keeps the page small however big the image", () => {
    expect(statSync(deck).size).toBeLessThan(1_500_000);
  });
});
