// The bot's small text markup → a Matrix m.notice with a plain `body` and an HTML
// `formatted_body` (org.matrix.custom.html): **bold**, `code`, and runs of lines starting with "- "
// as a list. The plain body keeps the text readable in clients without HTML (markers removed,
// list lines keep their "- "). Everything else is escaped; no other HTML can get in. Pure.
import type { BotLanguage, BotMessages } from "./botMessages.ts";
import { botMessagesDe } from "./botMessagesDe.ts";
import { botMessagesEn } from "./botMessagesEn.ts";

export const botCatalogues: Readonly<Record<BotLanguage, BotMessages>> = { de: botMessagesDe, en: botMessagesEn };

/** The catalogue of a language (German for anything unknown). */
export function botMessages(lang: BotLanguage | string | null | undefined): BotMessages {
  return lang === "en" ? botMessagesEn : botMessagesDe;
}

export type NoticeContent = { msgtype: "m.notice"; body: string; format: "org.matrix.custom.html"; formatted_body: string };

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

const INLINE = /\*\*(.+?)\*\*|`([^`]+)`/g;

function inlineHtml(line: string): string {
  let out = "";
  let last = 0;
  for (const m of line.matchAll(INLINE)) {
    out += escapeHtml(line.slice(last, m.index));
    out += m[1] !== undefined ? `<strong>${escapeHtml(m[1])}</strong>` : `<code>${escapeHtml(m[2]!)}</code>`;
    last = m.index + m[0].length;
  }
  return out + escapeHtml(line.slice(last));
}

/** The text without markup: what clients without HTML show. */
export function plainText(markup: string): string {
  return markup.replace(INLINE, (_all, bold: string | undefined, code: string | undefined) => bold ?? code ?? "");
}

export function markupHtml(markup: string): string {
  const html: string[] = [];
  let list: string[] = [];
  const flush = () => {
    if (list.length) html.push(`<ul>${list.map((l) => `<li>${l}</li>`).join("")}</ul>`);
    list = [];
  };
  const lines = markup.split("\n");
  lines.forEach((line, i) => {
    if (line.startsWith("- ")) {
      list.push(inlineHtml(line.slice(2)));
      return;
    }
    flush();
    html.push(inlineHtml(line) + (i < lines.length - 1 && !lines[i + 1]!.startsWith("- ") ? "<br>" : ""));
  });
  flush();
  return html.join("");
}

/** An m.notice from bot markup. */
export function noticeContent(markup: string): NoticeContent {
  return { msgtype: "m.notice", body: plainText(markup), format: "org.matrix.custom.html", formatted_body: markupHtml(markup) };
}

/** "18:05": a time of day in a time zone, as the bot writes it in both languages. */
export function clockIn(d: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("de-DE", { hour: "2-digit", minute: "2-digit", timeZone }).format(d);
}
