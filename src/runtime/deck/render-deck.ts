import { escapeHtml } from "../../engine/html.js";

/** One rendered value: its name and the HTML its transformer produced. */
export interface DeckEntry {
  readonly name: string;
  readonly html: string;
}

export interface DeckContent {
  readonly task: string;
  readonly executionId: string;
  readonly inputs: readonly DeckEntry[];
  readonly outputs: readonly DeckEntry[];
  /** The failure, when the task failed. */
  readonly error?: string;
}

/*
 * Scripts never run in a deck: besides escaping every text, the page's
 * Content-Security-Policy allows no script at all, only inline styles and
 * images from data: URIs and local files.
 */
const POLICY = "default-src 'none'; img-src data: file:; style-src 'unsafe-inline'";

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 70rem; padding: 0 1rem; color: #1d2330; }
h1 { font-size: 1.4rem; margin-bottom: .2rem; } h2 { font-size: 1.1rem; margin-top: 2rem; }
.meta { color: #5b6475; } .error { background: #fdecea; border-left: 4px solid #d93025; padding: .6rem 1rem; white-space: pre-wrap; }
table.values { border-collapse: collapse; width: 100%; } table.values > tbody > tr > th { text-align: left; vertical-align: top; padding: .5rem 1rem .5rem 0; width: 12rem; font-family: ui-monospace, monospace; }
table.values > tbody > tr > td { padding: .5rem 0; border-top: 1px solid #e3e6ec; overflow-x: auto; }
img { max-width: 100%; height: auto; image-rendering: pixelated; border: 1px solid #e3e6ec; }
pre, code { font-family: ui-monospace, monospace; font-size: 13px; } table table { border-collapse: collapse; } table table td, table table th { border: 1px solid #e3e6ec; padding: 2px 6px; }
`;

function section(title: string, entries: readonly DeckEntry[]): string {
  if (entries.length === 0) return `<h2>${title}</h2><p class="meta">none</p>`;
  const rows = entries.map(
    (entry) => `<tr><th>${escapeHtml(entry.name)}</th><td>${entry.html}</td></tr>`,
  );
  return `<h2>${title}</h2><table class="values"><tbody>${rows.join("")}</tbody></table>`;
}

/**
 * A self-contained HTML page of one task run: its inputs and outputs, each
 * rendered by its type's transformer. Names and messages are escaped here;
 * each transformer escapes the text it embeds.
 */
export function renderDeck(content: DeckContent): string {
  const title = `${content.task} — flytekit-ts deck`;
  const error = content.error
    ? `<h2>Error</h2><div class="error">${escapeHtml(content.error)}</div>`
    : "";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><h1>${escapeHtml(content.task)}</h1>
<p class="meta">execution ${escapeHtml(content.executionId)}</p>
${error}${section("Inputs", content.inputs)}${section("Outputs", content.outputs)}
</body></html>
`;
}
