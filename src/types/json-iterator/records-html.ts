import { escapeHtml } from "../../engine/html.js";
import { showRecord } from "./describe.js";

/** Longest text shown in one cell or line of a deck. */
const CELL_LIMIT = 500;

function cell(text: string): string {
  return escapeHtml(text.length > CELL_LIMIT ? `${text.slice(0, CELL_LIMIT)}…` : text);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The first records of a stream for a deck: a table when every record is
 * an object (one column per key, in first-seen order), else one JSON line
 * each. Every text is escaped.
 */
export function recordsHtml(records: readonly unknown[], note: string): string {
  const tail = note ? `<p>${escapeHtml(note)}</p>` : "";
  if (records.length > 0 && records.every(isPlainObject)) {
    const keys = [...new Set(records.flatMap((record) => Object.keys(record)))];
    const head = keys.map((key) => `<th>${cell(key)}</th>`).join("");
    const rows = records.map((record) => {
      const cells = keys.map((key) => {
        const value = record[key];
        if (value === undefined) return "<td></td>";
        return `<td>${cell(typeof value === "string" ? value : showRecord(value))}</td>`;
      });
      return `<tr>${cells.join("")}</tr>`;
    });
    return `<table><thead><tr>${head}</tr></thead><tbody>${rows.join("")}</tbody></table>${tail}`;
  }
  const lines = records.map((record) => cell(showRecord(record)));
  return `<pre>${lines.join("\n")}</pre>${tail}`;
}
