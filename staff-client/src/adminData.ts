// The agency admin's screens' rules, DOM-free: what is wrong with a postcode range line or a
// profile field (as kinds the screens put in words, next to the line or field), the profile draft
// turned into the API's patch, and the audit filter's days turned into a time window. The API
// checks the same again; these only let the screen say it before anything is sent.
import type { AgencyDetails, AgencyPatch, PostcodeRange } from "./api.ts";

export type RangeProblem =
  | { kind: "from_format" }
  | { kind: "to_format" }
  | { kind: "reversed" }
  | { kind: "duplicate"; line: number }
  | { kind: "overlap"; line: number };

const POSTCODE = /^[0-9]{5}$/;

/** Per line (1-based numbers in `line`): the first problem, or null. Empty lines are problems too. */
export function checkRangeLines(lines: readonly PostcodeRange[]): (RangeProblem | null)[] {
  return lines.map((r, i) => {
    const from = r.from.trim();
    const to = r.to.trim();
    if (!POSTCODE.test(from)) return { kind: "from_format" };
    if (!POSTCODE.test(to)) return { kind: "to_format" };
    if (from > to) return { kind: "reversed" };
    for (let j = 0; j < i; j++) {
      const o = { from: lines[j]!.from.trim(), to: lines[j]!.to.trim() };
      if (!POSTCODE.test(o.from) || !POSTCODE.test(o.to) || o.from > o.to) continue;
      if (o.from === from && o.to === to) return { kind: "duplicate", line: j + 1 };
      if (o.from <= to && from <= o.to) return { kind: "overlap", line: j + 1 };
    }
    return null;
  });
}

/** The form's fields: text as typed (lists as "de, tr" and one service per line). */
export type ProfileDraft = {
  name: string;
  city: string;
  address: string;
  postcode: string;
  phone: string;
  openingHours: string;
  website: string;
  accessibilityNotes: string;
  onSiteServices: string;
  languages: string;
  online: boolean;
  teamAgency: boolean;
  homeserverServerName: string;
  /** The short link's name (/a/<slug>). */
  slug: string;
  /** One site per line that may embed the agency's card. */
  embedOrigins: string;
};
export type ProfileField = keyof ProfileDraft;
export type ProfileProblem = "required" | "too_long" | "phone" | "website" | "postcode" | "languages" | "services" | "server_name" | "slug" | "origins";

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

/** An https origin exactly (scheme, host, port; no path) — or http on loopback, as the API allows. */
export function isEmbedOrigin(o: string): boolean {
  try {
    const u = new URL(o);
    const loopback = u.hostname === "127.0.0.1" || u.hostname === "localhost" || u.hostname === "[::1]";
    return (u.protocol === "https:" || (u.protocol === "http:" && loopback)) && u.origin === o && !o.includes("*");
  } catch {
    return false;
  }
}

export function draftOf(a: AgencyDetails): ProfileDraft {
  return {
    name: a.name,
    city: a.city,
    address: a.address ?? "",
    postcode: a.postcode ?? "",
    phone: a.phone ?? "",
    openingHours: a.openingHours ?? "",
    website: a.website ?? "",
    accessibilityNotes: a.accessibilityNotes ?? "",
    onSiteServices: a.onSiteServices.join("\n"),
    languages: a.languages.join(", "),
    online: a.online,
    teamAgency: a.teamAgency,
    homeserverServerName: a.homeserverServerName ?? "",
    slug: a.slug ?? "",
    embedOrigins: a.embedOrigins.join("\n"),
  };
}

const services = (s: string) => s.split("\n").map((x) => x.trim()).filter((x) => x !== "");
const languages = (s: string) => s.split(/[\s,]+/).map((x) => x.trim().toLowerCase()).filter((x) => x !== "");

/** Problems per field, the same limits as the admin API's schema. */
export function checkProfile(d: ProfileDraft): Partial<Record<ProfileField, ProfileProblem>> {
  const out: Partial<Record<ProfileField, ProfileProblem>> = {};
  const max = (f: ProfileField, n: number) => {
    if ((d[f] as string).trim().length > n) out[f] = "too_long";
  };
  if (d.name.trim() === "") out.name = "required";
  max("name", 200);
  if (d.city.trim() === "") out.city = "required";
  max("city", 100);
  max("address", 300);
  if (d.postcode.trim() !== "" && !POSTCODE.test(d.postcode.trim())) out.postcode = "postcode";
  if (d.phone.trim() !== "" && !/^\+?[0-9][0-9 ()/-]{2,29}$/.test(d.phone.trim())) out.phone = "phone";
  if (d.website.trim() !== "" && !/^https?:\/\/[A-Za-z0-9][^\s]*$/.test(d.website.trim())) out.website = "website";
  max("website", 300);
  max("openingHours", 1000);
  max("accessibilityNotes", 2000);
  const list = services(d.onSiteServices);
  if (list.length > 30 || list.some((x) => x.length > 100) || new Set(list).size !== list.length) out.onSiteServices = "services";
  const langs = languages(d.languages);
  if (langs.length === 0 || langs.length > 30 || langs.some((l) => !/^[a-z]{2,3}$/.test(l))) out.languages = "languages";
  if (d.homeserverServerName.trim() !== "" && !/^[A-Za-z0-9.:\-[\]]{1,255}$/.test(d.homeserverServerName.trim())) out.homeserverServerName = "server_name";
  if (d.slug.trim() !== "" && !SLUG.test(d.slug.trim())) out.slug = "slug";
  const origins = services(d.embedOrigins);
  if (origins.length > 20 || new Set(origins).size !== origins.length || origins.some((o) => !isEmbedOrigin(o))) out.embedOrigins = "origins";
  return out;
}

/** The API patch of a checked draft: empty optional fields become null. */
export function patchOf(d: ProfileDraft): AgencyPatch {
  const opt = (s: string) => (s.trim() === "" ? null : s.trim());
  return {
    name: d.name.trim(),
    city: d.city.trim(),
    address: opt(d.address),
    postcode: opt(d.postcode),
    phone: opt(d.phone),
    openingHours: opt(d.openingHours),
    website: opt(d.website),
    accessibilityNotes: opt(d.accessibilityNotes),
    onSiteServices: services(d.onSiteServices),
    languages: languages(d.languages),
    online: d.online,
    teamAgency: d.teamAgency,
    homeserverServerName: opt(d.homeserverServerName),
    slug: opt(d.slug),
    embedOrigins: services(d.embedOrigins),
  };
}

/** Local days (YYYY-MM-DD, both inclusive) as the audit API's window [from, to). */
export function auditWindow(fromDay: string, toDay: string): { from?: string; to?: string } {
  const out: { from?: string; to?: string } = {};
  if (fromDay !== "") out.from = new Date(`${fromDay}T00:00:00`).toISOString();
  if (toDay !== "") {
    const end = new Date(`${toDay}T00:00:00`);
    end.setDate(end.getDate() + 1);
    out.to = end.toISOString();
  }
  return out;
}

/** Minutes the zone is ahead of UTC at `utcMs` (Intl, no time-zone library). */
function zoneOffsetMinutes(utcMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" }).formatToParts(new Date(utcMs));
  const n = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return (Date.UTC(n("year"), n("month") - 1, n("day"), n("hour"), n("minute")) - Math.floor(utcMs / 60_000) * 60_000) / 60_000;
}

/** A wall-clock date and time in the consultation hours' zone ("2026-12-24", "09:30") as an ISO instant. */
export function zonedInstant(day: string, time: string, timeZone: string): string {
  const wall = Date.parse(`${day}T${time}:00Z`);
  let utc = wall - zoneOffsetMinutes(wall, timeZone) * 60_000;
  // Once more with the offset at the instant itself (days when the clocks change).
  utc = wall - zoneOffsetMinutes(utc, timeZone) * 60_000;
  return new Date(utc).toISOString();
}
