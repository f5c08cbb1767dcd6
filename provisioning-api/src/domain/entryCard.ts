// The entry card (issue 15, "the way in from anywhere"): the small page an agency embeds in an iframe
// on its own website ("Anonym online beraten lassen"), and the snippets that embed it — in each of
// the seeker app's seven languages. Pure: the agency's name and id, the app's address and the card's
// language in, HTML out. The route (routes/localHelp.ts) adds the headers.
//
// Language: `?lang=` takes one of the seeker app's locale ids (de-sie, de-du, de-leicht, en, tr, ar,
// uk); a missing or unknown one gives the German card (de-sie). When a language was asked for, the
// card's link into the app carries it (`&lang=tr`), so the app opens in it (web-client main.tsx);
// without one the link stays as before and the app follows the visitor's remembered choice or
// browser. The agency's name is shown as entered, isolated (`<bdi>`) so a Latin name reads right in
// the Arabic card.
import { createHash } from "node:crypto";
import { type SeekerLocale, seekerLocales } from "@lotse/policies";

export type CardTexts = {
  /** The button into the app; also the card's page title and the snippet's iframe title. */
  action: string;
  /** One short line under the agency's name. */
  promise: string;
  /** The card's landmark name: the agency's page has a main landmark of its own (axe: landmark-unique). */
  region: (agency: string) => string;
};

/**
 * The card's texts in the seven languages — plain words, short. German (Sie) is the reference and
 * the card as it was before languages; test/entryCard.test.ts fails on a missing or extra key.
 */
export const cardCatalogues: Record<SeekerLocale, CardTexts> = {
  "de-sie": {
    action: "Anonym online beraten lassen",
    promise: "Anonym, kostenlos und verschlüsselt.",
    region: (agency) => `Online-Beratung: ${agency}`,
  },
  "de-du": {
    action: "Lass dich anonym online beraten",
    promise: "Anonym, kostenlos und verschlüsselt.",
    region: (agency) => `Online-Beratung: ${agency}`,
  },
  "de-leicht": {
    action: "Zur Beratung im Internet",
    promise: "Ohne Ihren Namen. Die Beratung kostet nichts.",
    region: (agency) => `Beratung im Internet: ${agency}`,
  },
  en: {
    action: "Get counseling online, anonymously",
    promise: "Anonymous, free of charge and encrypted.",
    region: (agency) => `Online counseling: ${agency}`,
  },
  tr: {
    action: "İsimsiz çevrim içi danışmanlık alın",
    promise: "Adınızı vermeden, ücretsiz ve şifreli.",
    region: (agency) => `Çevrim içi danışmanlık: ${agency}`,
  },
  ar: {
    action: "احصل على استشارة عبر الإنترنت",
    promise: "دون ذكر الاسم، مجانًا ومشفّرة.",
    region: (agency) => `استشارة عبر الإنترنت: ${agency}`,
  },
  uk: {
    action: "Отримати анонімну онлайн-консультацію",
    promise: "Анонімно, безкоштовно та зашифровано.",
    region: (agency) => `Онлайн-консультація: ${agency}`,
  },
};

/**
 * The iframe's size in the snippet: room for the agency's name, the line under it and the button
 * each wrapping to a second line (the longer languages, long names, wide fonts) — measured in
 * Chromium for every language (tests/test/web-localhelp.int.test.ts). Around the card the frame is
 * transparent, so room not needed shows the agency's own page.
 */
export const CARD_FRAME = { width: 340, height: 200 } as const;

export function isSeekerLocale(value: unknown): value is SeekerLocale {
  return typeof value === "string" && (seekerLocales as readonly string[]).includes(value);
}

/** The card's language: a known `?lang=`, else German (formal) — and whether the link should carry it. */
export function cardLanguage(lang: unknown): { locale: SeekerLocale; asked: boolean } {
  return isSeekerLocale(lang) ? { locale: lang, asked: true } : { locale: "de-sie", asked: false };
}

/** `<html lang>`: de for the three German variants. */
export function cardHtmlLang(locale: SeekerLocale): string {
  return locale === "de-sie" || locale === "de-du" || locale === "de-leicht" ? "de" : locale;
}

export function cardDirection(locale: SeekerLocale): "ltr" | "rtl" {
  return locale === "ar" ? "rtl" : "ltr";
}

export const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/**
 * The card's only style, allowed by its hash: the page runs no script and loads nothing. No side is
 * named (no left/right), so `dir="rtl"` mirrors it: the box sits at the right, the text starts there.
 */
export const CARD_STYLE =
  "body{margin:0;font:16px/1.4 system-ui,sans-serif;color:#1a1a1a}" +
  ".card{box-sizing:border-box;background:#fff;border:2px solid #0b5394;border-radius:8px;padding:12px 14px;max-width:320px}" +
  ".card p{margin:0 0 8px}.card a{display:inline-block;background:#0b5394;color:#fff;padding:8px 14px;border-radius:6px;text-decoration:none;font-weight:600}" +
  ".card a:focus{outline:3px solid #f1c232;outline-offset:2px}";
const CARD_STYLE_HASH = `'sha256-${createHash("sha256").update(CARD_STYLE).digest("base64")}'`;

/** CSP of the card: frame-ancestors = the agency's listed origins, else nobody. */
export function cardCsp(origins: readonly string[]): string {
  const ancestors = origins.length === 0 ? "'none'" : origins.join(" ");
  return `default-src 'none'; style-src ${CARD_STYLE_HASH}; base-uri 'none'; form-action 'none'; frame-ancestors ${ancestors}`;
}

/** `?lang=<locale>` when the language was asked for, else nothing (the query of the card's URL). */
const langQuery = (c: { locale: SeekerLocale; asked: boolean }, sep: "?" | "&") => (c.asked ? `${sep}lang=${c.locale}` : "");

/** The app's deep link to the agency, carrying the card's language when one was asked for. */
export function agencyDeepLink(webBase: string, agencyId: string, lang: { locale: SeekerLocale; asked: boolean } = { locale: "de-sie", asked: false }): string {
  return `${webBase}/?agency=${encodeURIComponent(agencyId)}${langQuery(lang, "&")}`;
}

/** The card's page. */
export function renderCard(agency: { id: string; name: string }, webBase: string, lang: { locale: SeekerLocale; asked: boolean }): string {
  const t = cardCatalogues[lang.locale];
  const link = agencyDeepLink(webBase, agency.id, lang);
  const name = escapeHtml(agency.name);
  return (
    `<!doctype html><html lang="${cardHtmlLang(lang.locale)}" dir="${cardDirection(lang.locale)}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width,initial-scale=1"><meta name="referrer" content="no-referrer">` +
    `<title>${escapeHtml(t.action)}</title><style>${CARD_STYLE}</style></head>` +
    `<body><main class="card" aria-label="${escapeHtml(t.region(agency.name))}"><p><strong><bdi>${name}</bdi></strong></p><p>${escapeHtml(t.promise)}</p>` +
    `<a href="${escapeHtml(link)}" target="_blank" rel="noopener noreferrer">${escapeHtml(t.action)}</a></main></body></html>`
  );
}

export type EntrySnippets = {
  lang: SeekerLocale;
  deepLink: string;
  shortLink: string | null;
  cardUrl: string;
  linkButton: string;
  iframeCard: string;
};

/**
 * The snippets for the agency's own website and profiles, in the card's language: a link button
 * (marked with its language and direction, as the page around it may be in another), the card in an
 * iframe, the short link and the deep link — each carrying `lang` when a language was asked for.
 */
export function entrySnippets(agency: { id: string; slug: string | null }, webBase: string, lang: { locale: SeekerLocale; asked: boolean }): EntrySnippets {
  const t = cardCatalogues[lang.locale];
  const link = agencyDeepLink(webBase, agency.id, lang);
  const cardUrl = `${webBase}/widget/${agency.id}${langQuery(lang, "?")}`;
  const langAttr = lang.asked ? ` lang="${cardHtmlLang(lang.locale)}"` : "";
  const dirAttr = lang.asked && cardDirection(lang.locale) === "rtl" ? ' dir="rtl"' : "";
  return {
    lang: lang.locale,
    deepLink: link,
    shortLink: agency.slug === null ? null : `${webBase}/a/${agency.slug}${langQuery(lang, "?")}`,
    cardUrl,
    linkButton:
      `<a href="${escapeHtml(link)}"${langAttr}${dirAttr} target="_blank" rel="noopener noreferrer" ` +
      `style="display:inline-block;background:#0b5394;color:#fff;padding:8px 14px;border-radius:6px;text-decoration:none;font-weight:600">` +
      `${escapeHtml(t.action)}</a>`,
    iframeCard:
      `<iframe src="${escapeHtml(cardUrl)}"${langAttr} title="${escapeHtml(t.action)}" width="${CARD_FRAME.width}" height="${CARD_FRAME.height}" ` +
      `style="border:0" loading="lazy" referrerpolicy="no-referrer"></iframe>`,
  };
}
