// Postcode routing: which agencies a seeker is offered for a topic and a (partial) postcode.
//
// Pure: `buildRoutingIndex(catalog)` turns the catalogue (topics, agencies, per-topic ranges) into
// an index, `routeAgencies(index, query)` answers one search. The API keeps one index in memory
// and rebuilds it when the catalogue changes; the decision itself lives here, unit-tested.
//
// Rules:
// - Only agencies that are online, not deleted and serve the topic are offered.
// - A five-digit postcode matches a range [from, to] (inclusive) that contains it. A partial
//   postcode (a prefix) of at least the topic's `minPostcodeLength` digits matches every range that
//   overlaps the postcodes it stands for ("503" = 50300–50399); shorter ones are refused
//   (reason `postcode_too_short`).
// - Optional language filter (ISO 639-1), case-insensitive.
// - Order is fair: random per search, so no agency is always first; `order: "stable"` sorts by
//   name and id (tests, reproducible links), a `seed` gives a reproducible shuffle.
// - No match → the topic's white-spot agency (if it qualifies itself), flagged `whiteSpot`;
//   otherwise an empty list with a machine-readable reason.
//
// Index: per topic, the ranges' borders cut 00000–99999 into elementary segments; each segment
// lists the agencies covering it. A search is a binary search for the segment (plus a walk over
// the segments a prefix spans), so its cost does not grow with the number of agencies.

export type RoutingTopic = {
  id: string;
  /** 1–5: digits a partial postcode needs before it is matched by prefix. */
  minPostcodeLength: number;
  whiteSpotAgencyId: string | null;
};

export type RoutingAgency = {
  id: string;
  name: string;
  city: string;
  languages: string[];
  online: boolean;
  deleted: boolean;
  /** Topics the agency counsels on; a range for another topic is ignored. */
  topicIds: readonly string[];
};

/** Inclusive range of five-digit postcodes an agency serves for a topic. */
export type RoutingRange = { agencyId: string; topicId: string; from: string; to: string };

export type RoutingCatalog = {
  topics: readonly RoutingTopic[];
  agencies: readonly RoutingAgency[];
  ranges: readonly RoutingRange[];
};

export type RoutedAgency = {
  id: string;
  name: string;
  city: string;
  languages: string[];
  /** True only for the topic's fallback agency offered because nothing local matched. */
  whiteSpot: boolean;
};

export type RoutingReason =
  | "unknown_topic"
  | "invalid_postcode"
  | "postcode_too_short"
  | "no_agency_in_area"
  | "no_agency_for_language";

export type RoutingQuery = {
  topicId: string;
  /** 1–5 ASCII digits. */
  postcode: string;
  /** ISO 639-1 code; only agencies speaking it. */
  language?: string | undefined;
  /** "random" (default): fair shuffle; "stable": name, then id. */
  order?: "random" | "stable" | undefined;
  /** With order "random": a reproducible shuffle for this seed. */
  seed?: number | undefined;
  /** With order "random" and no seed: the source of randomness (default Math.random). */
  random?: (() => number) | undefined;
};

export type RoutingResult =
  | { ok: true; agencies: RoutedAgency[]; whiteSpot: boolean }
  | { ok: false; agencies: []; reason: RoutingReason; minPostcodeLength?: number };

type TopicIndex = {
  topic: RoutingTopic;
  /** Sorted segment starts (numeric postcodes); segment i covers [starts[i], starts[i+1]). */
  starts: Int32Array;
  /** Agencies (indices into `agencies`) covering each segment. */
  covering: readonly (readonly number[])[];
};

export type RoutingIndex = {
  readonly topics: ReadonlyMap<string, TopicIndex>;
  /** Eligible agencies (online, not deleted). */
  readonly agencies: readonly RoutingAgency[];
  readonly agencyById: ReadonlyMap<string, RoutingAgency>;
  /** Pre-sorted positions for the stable order (name, then id). */
  readonly stableRank: Int32Array;
  readonly rangeCount: number;
};

const FIVE_DIGITS = /^[0-9]{5}$/;
const POSTCODE_PREFIX = /^[0-9]{1,5}$/;

function compareAgencies(a: RoutingAgency, b: RoutingAgency): number {
  if (a.name < b.name) return -1;
  if (a.name > b.name) return 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function buildRoutingIndex(catalog: RoutingCatalog): RoutingIndex {
  const agencies = catalog.agencies.filter((a) => a.online && !a.deleted);
  const position = new Map<string, number>();
  agencies.forEach((a, i) => position.set(a.id, i));
  const agencyById = new Map(agencies.map((a) => [a.id, a] as const));

  const order = agencies.map((_, i) => i).sort((i, j) => compareAgencies(agencies[i]!, agencies[j]!));
  const stableRank = new Int32Array(agencies.length);
  order.forEach((agencyIndex, rank) => {
    stableRank[agencyIndex] = rank;
  });

  const rangesByTopic = new Map<string, { a: number; from: number; to: number }[]>();
  let rangeCount = 0;
  for (const r of catalog.ranges) {
    const a = position.get(r.agencyId);
    if (a === undefined) continue;
    if (!agencies[a]!.topicIds.includes(r.topicId)) continue;
    if (!FIVE_DIGITS.test(r.from) || !FIVE_DIGITS.test(r.to) || r.from > r.to) continue;
    let list = rangesByTopic.get(r.topicId);
    if (list === undefined) rangesByTopic.set(r.topicId, (list = []));
    list.push({ a, from: Number(r.from), to: Number(r.to) });
    rangeCount++;
  }

  const topics = new Map<string, TopicIndex>();
  for (const topic of catalog.topics) {
    topics.set(topic.id, indexTopic(topic, rangesByTopic.get(topic.id) ?? []));
  }
  return { topics, agencies, agencyById, stableRank, rangeCount };
}

function indexTopic(topic: RoutingTopic, ranges: { a: number; from: number; to: number }[]): TopicIndex {
  // Sweep: +a at `from`, -a at `to + 1`; a segment starts at every border.
  const events: { at: number; a: number; add: boolean }[] = [];
  for (const r of ranges) {
    events.push({ at: r.from, a: r.a, add: true }, { at: r.to + 1, a: r.a, add: false });
  }
  events.sort((x, y) => x.at - y.at);
  const starts: number[] = [0];
  const covering: number[][] = [[]];
  const active = new Map<number, number>(); // agency → number of its ranges covering here
  let i = 0;
  while (i < events.length) {
    const at = events[i]!.at;
    while (i < events.length && events[i]!.at === at) {
      const e = events[i]!;
      const n = (active.get(e.a) ?? 0) + (e.add ? 1 : -1);
      if (n === 0) active.delete(e.a);
      else active.set(e.a, n);
      i++;
    }
    const list = [...active.keys()].sort((x, y) => x - y);
    if (starts[starts.length - 1] === at) covering[covering.length - 1] = list;
    else {
      starts.push(at);
      covering.push(list);
    }
  }
  return { topic, starts: Int32Array.from(starts), covering };
}

/** Index of the segment containing `n` (the last start ≤ n). */
function segmentOf(starts: Int32Array, n: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= n) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Deterministic PRNG (mulberry32) for seeded shuffles. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function speaks(agency: RoutingAgency, language: string | undefined): boolean {
  if (language === undefined) return true;
  const want = language.toLowerCase();
  return agency.languages.some((l) => l.toLowerCase() === want);
}

function view(agency: RoutingAgency, whiteSpot: boolean): RoutedAgency {
  return { id: agency.id, name: agency.name, city: agency.city, languages: agency.languages, whiteSpot };
}

export function routeAgencies(index: RoutingIndex, query: RoutingQuery): RoutingResult {
  const t = index.topics.get(query.topicId);
  if (t === undefined) return { ok: false, agencies: [], reason: "unknown_topic" };
  if (!POSTCODE_PREFIX.test(query.postcode)) return { ok: false, agencies: [], reason: "invalid_postcode" };
  const minLength = Math.min(5, Math.max(1, t.topic.minPostcodeLength));
  if (query.postcode.length < minLength) {
    return { ok: false, agencies: [], reason: "postcode_too_short", minPostcodeLength: minLength };
  }

  const pad = 5 - query.postcode.length;
  const lo = Number(query.postcode + "0".repeat(pad));
  const hi = Number(query.postcode + "9".repeat(pad));
  let found: number[];
  const first = segmentOf(t.starts, lo);
  if (lo === hi || first === t.starts.length - 1 || t.starts[first + 1]! > hi) {
    found = t.covering[first] as number[];
  } else {
    const set = new Set<number>();
    for (let s = first; s < t.starts.length && t.starts[s]! <= hi; s++) {
      for (const a of t.covering[s]!) set.add(a);
    }
    found = [...set];
  }

  const inArea = found.length > 0;
  const chosen = query.language === undefined ? found.slice() : found.filter((a) => speaks(index.agencies[a]!, query.language));

  if (chosen.length === 0) {
    const ws = t.topic.whiteSpotAgencyId === null ? undefined : index.agencyById.get(t.topic.whiteSpotAgencyId);
    if (ws !== undefined && ws.topicIds.includes(t.topic.id) && speaks(ws, query.language)) {
      return { ok: true, agencies: [view(ws, true)], whiteSpot: true };
    }
    return { ok: false, agencies: [], reason: inArea ? "no_agency_for_language" : "no_agency_in_area" };
  }

  if (query.order === "stable") {
    chosen.sort((x, y) => index.stableRank[x]! - index.stableRank[y]!);
  } else {
    // Fisher–Yates; start from the stable order so a seed gives the same result for the same data.
    chosen.sort((x, y) => index.stableRank[x]! - index.stableRank[y]!);
    const rnd = query.seed !== undefined ? seededRandom(query.seed) : (query.random ?? Math.random);
    for (let i = chosen.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      const tmp = chosen[i]!;
      chosen[i] = chosen[j]!;
      chosen[j] = tmp;
    }
  }
  return { ok: true, agencies: chosen.map((a) => view(index.agencies[a]!, false)), whiteSpot: false };
}
