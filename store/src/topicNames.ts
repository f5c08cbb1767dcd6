// Topic names beyond German and English: Leichte Sprache, Turkish, Arabic and Ukrainian (issue 15).
// `name_de`/`name_en` stay the required names (staff screens, statistics, the bot); the further
// names live in `topics.names` (jsonb, one optional string per locale). A seeker app picks the
// chosen locale's own name and falls back to German (Leichte Sprache) or English (the others).

/** The locales a topic may carry a further name in. */
export const TOPIC_NAME_LOCALES = ["de-leicht", "tr", "ar", "uk"] as const;
export type TopicNameLocale = (typeof TOPIC_NAME_LOCALES)[number];

/** The further names of a topic, as stored (`topics.names`) and sent. */
export type TopicNames = Partial<Record<TopicNameLocale, string>>;

/** A topic's name as the APIs send it: German and English always, the further names when set. */
export type TopicName = { de: string; en: string } & TopicNames;

/** Longest topic name in any language (as for name_de/name_en). */
export const TOPIC_NAME_MAX = 200;

export function isTopicNameLocale(value: string): value is TopicNameLocale {
  return (TOPIC_NAME_LOCALES as readonly string[]).includes(value);
}

/**
 * The further names of a stored value, keeping only known locales with a non-empty string (so an
 * odd row written by hand never reaches a client as junk).
 */
export function cleanTopicNames(stored: unknown): TopicNames {
  const out: TopicNames = {};
  if (stored === null || typeof stored !== "object" || Array.isArray(stored)) return out;
  for (const locale of TOPIC_NAME_LOCALES) {
    const v = (stored as Record<string, unknown>)[locale];
    if (typeof v === "string" && v.trim() !== "") out[locale] = v;
  }
  return out;
}

/** The wire form of a topic's name from its columns. */
export function topicName(nameDe: string, nameEn: string, names: unknown): TopicName {
  return { de: nameDe, en: nameEn, ...cleanTopicNames(names) };
}

/** A change to the further names: a string sets (trimmed), null removes, absent keeps. */
export type TopicNamesPatch = Partial<Record<TopicNameLocale, string | null>>;

/**
 * The names after a patch. Throws a RangeError for an unknown locale, an empty (after trim) or
 * too long name; callers validate first (the API's schema) so this is the last line.
 */
export function applyTopicNamesPatch(current: unknown, patch: TopicNamesPatch): TopicNames {
  const next: TopicNames = cleanTopicNames(current);
  for (const [locale, value] of Object.entries(patch)) {
    if (!isTopicNameLocale(locale)) throw new RangeError(`unknown topic name locale: ${locale}`);
    if (value === undefined) continue;
    if (value === null) {
      delete next[locale];
      continue;
    }
    const v = value.trim();
    if (v === "" || v.length > TOPIC_NAME_MAX) throw new RangeError(`topic name for ${locale} must be 1–${TOPIC_NAME_MAX} characters`);
    next[locale] = v;
  }
  return next;
}
