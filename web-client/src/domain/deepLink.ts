// Deep links into the app (issue 15, "the way in from anywhere"): `/?topic=…&agency=…&postcode=…`
// from an agency's website, its entry widget or short link (`/a/<slug>`). Pure: the query string in,
// what it asks for out; values that are not even well-formed are dropped and flagged, so the flow
// can start normally with a gentle note instead of an error page.

export type DeepLink = {
  topic?: string;
  /** Five digits. */
  postcode?: string;
  agency?: string;
  /** Something in the link was not usable (malformed, or unknown once looked up). */
  faulty: boolean;
};

const TOPIC = /^[a-z0-9-]{1,64}$/u;
const POSTCODE = /^[0-9]{5}$/u;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/iu;

/** The link's wishes, or null when the address carries none of the three. */
export function parseDeepLink(search: string): DeepLink | null {
  const q = new URLSearchParams(search);
  const raw = { topic: q.get("topic"), postcode: q.get("postcode"), agency: q.get("agency") };
  if (raw.topic === null && raw.postcode === null && raw.agency === null) return null;
  const link: DeepLink = { faulty: false };
  const take = (value: string | null, pattern: RegExp, set: (v: string) => void) => {
    if (value === null) return;
    const v = value.trim();
    if (pattern.test(v)) set(v);
    else link.faulty = true;
  };
  take(raw.topic, TOPIC, (v) => (link.topic = v));
  take(raw.postcode, POSTCODE, (v) => (link.postcode = v));
  take(raw.agency, UUID, (v) => (link.agency = v.toLowerCase()));
  return link;
}
