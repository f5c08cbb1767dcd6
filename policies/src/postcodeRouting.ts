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
// the segments a prefix spans), so its cost does not grow with the number of agencies. Changes are
// patched in (patchRoutingAgencies / patchRoutingTopics) without rebuilding what did not change.

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

type RangeEntry = { a: number; from: number; to: number };

type TopicIndex = {
  /** Sorted segment starts (numeric postcodes); segment i covers [starts[i], starts[i+1]). */
  starts: Int32Array;
  /** Agencies (positions in `agencies`) with a range covering each segment. */
  covering: readonly (readonly number[])[];
};

/**
 * Built once, then patched: agencies keep their position for the index's lifetime, so a change of
 * an agency's attributes (online, deleted, name, languages, topics) is a copy of one array slot —
 * eligibility is checked per search on the few agencies a segment lists. Only a change of ranges
 * re-cuts the segments, and only of the topics whose ranges changed.
 */
export type RoutingIndex = {
  readonly topicSettings: ReadonlyMap<string, RoutingTopic>;
  /** Every agency known (eligible or not), by position. */
  readonly agencies: readonly (RoutingAgency | undefined)[];
  readonly positions: ReadonlyMap<string, number>;
  readonly segments: ReadonlyMap<string, TopicIndex>;
  readonly rangesByTopic: ReadonlyMap<string, readonly RangeEntry[]>;
  readonly rangeCount: number;
};

const FIVE_DIGITS = /^[0-9]{5}$/;
const POSTCODE_PREFIX = /^[0-9]{1,5}$/;

function compareAgencies(a: RoutingAgency, b: RoutingAgency): number {
  if (a.name < b.name) return -1;
  if (a.name > b.name) return 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function entry(a: number, r: RoutingRange): RangeEntry | undefined {
  if (!FIVE_DIGITS.test(r.from) || !FIVE_DIGITS.test(r.to) || r.from > r.to) return undefined;
  return { a, from: Number(r.from), to: Number(r.to) };
}

function countRanges(m: ReadonlyMap<string, readonly RangeEntry[]>): number {
  let n = 0;
  for (const list of m.values()) n += list.length;
  return n;
}

export function buildRoutingIndex(catalog: RoutingCatalog): RoutingIndex {
  const agencies = [...catalog.agencies];
  const positions = new Map<string, number>();
  agencies.forEach((a, i) => positions.set(a.id, i));
  const rangesByTopic = new Map<string, RangeEntry[]>();
  for (const r of catalog.ranges) {
    const a = positions.get(r.agencyId);
    if (a === undefined) continue;
    const e = entry(a, r);
    if (e === undefined) continue;
    let list = rangesByTopic.get(r.topicId);
    if (list === undefined) rangesByTopic.set(r.topicId, (list = []));
    list.push(e);
  }
  const segments = new Map<string, TopicIndex>();
  for (const [topicId, list] of rangesByTopic) segments.set(topicId, indexTopic(list));
  return {
    topicSettings: new Map(catalog.topics.map((t) => [t.id, t] as const)),
    agencies,
    positions,
    segments,
    rangesByTopic,
    rangeCount: countRanges(rangesByTopic),
  };
}

/** Replaces the topics' settings (all topics: absent ones are removed). */
export function patchRoutingTopics(index: RoutingIndex, topics: readonly RoutingTopic[]): RoutingIndex {
  return { ...index, topicSettings: new Map(topics.map((t) => [t.id, t] as const)) };
}

export type AgencyUpdate = {
  id: string;
  /** The agency now; null when its row is gone. */
  agency: RoutingAgency | null;
  /** All of the agency's ranges now (every topic). */
  ranges: readonly RoutingRange[];
};

/** Applies changed agencies; re-cuts the segments of exactly the topics whose ranges changed. */
export function patchRoutingAgencies(index: RoutingIndex, updates: readonly AgencyUpdate[]): RoutingIndex {
  if (updates.length === 0) return index;
  const agencies = [...index.agencies];
  let positions = index.positions as Map<string, number>;
  const newEntries = new Map<number, Map<string, RangeEntry[]>>();
  for (const u of updates) {
    let a = positions.get(u.id);
    if (a === undefined) {
      if (u.agency === null) continue;
      if (positions === index.positions) positions = new Map(positions);
      a = agencies.length;
      positions.set(u.id, a);
      agencies.push(u.agency);
    } else {
      agencies[a] = u.agency ?? undefined;
    }
    const byTopic = new Map<string, RangeEntry[]>();
    for (const r of u.agency === null ? [] : u.ranges) {
      const e = entry(a, r);
      if (e === undefined) continue;
      let list = byTopic.get(r.topicId);
      if (list === undefined) byTopic.set(r.topicId, (list = []));
      list.push(e);
    }
    newEntries.set(a, byTopic);
  }

  // Which topics' ranges changed: compare each agency's old entries per topic with the new ones.
  const key = (e: RangeEntry) => `${e.from}-${e.to}`;
  const oldByAgency = new Map<number, Map<string, RangeEntry[]>>();
  for (const [topicId, list] of index.rangesByTopic) {
    for (const e of list) {
      if (!newEntries.has(e.a)) continue;
      let m = oldByAgency.get(e.a);
      if (m === undefined) oldByAgency.set(e.a, (m = new Map()));
      let l = m.get(topicId);
      if (l === undefined) m.set(topicId, (l = []));
      l.push(e);
    }
  }
  const changedTopics = new Set<string>();
  for (const [a, now] of newEntries) {
    const before = oldByAgency.get(a) ?? new Map<string, RangeEntry[]>();
    for (const topicId of new Set([...before.keys(), ...now.keys()])) {
      const x = (before.get(topicId) ?? []).map(key).sort().join();
      const y = (now.get(topicId) ?? []).map(key).sort().join();
      if (x !== y) changedTopics.add(topicId);
    }
  }
  if (changedTopics.size === 0) return { ...index, agencies, positions };

  const rangesByTopic = new Map(index.rangesByTopic);
  const segments = new Map(index.segments);
  for (const topicId of changedTopics) {
    const kept = (index.rangesByTopic.get(topicId) ?? []).filter((e) => !newEntries.has(e.a));
    for (const byTopic of newEntries.values()) kept.push(...(byTopic.get(topicId) ?? []));
    if (kept.length === 0) {
      rangesByTopic.delete(topicId);
      segments.delete(topicId);
    } else {
      rangesByTopic.set(topicId, kept);
      segments.set(topicId, indexTopic(kept));
    }
  }
  return { ...index, agencies, positions, rangesByTopic, segments, rangeCount: countRanges(rangesByTopic) };
}

function indexTopic(ranges: readonly RangeEntry[]): TopicIndex {
  // Sweep: +a at `from`, -a at `to + 1`; a segment starts at every border.
  const n = ranges.length;
  const at = new Float64Array(2 * n);
  const order = new Uint32Array(2 * n);
  for (let i = 0; i < n; i++) {
    at[2 * i] = ranges[i]!.from;
    at[2 * i + 1] = ranges[i]!.to + 1;
    order[2 * i] = 2 * i;
    order[2 * i + 1] = 2 * i + 1;
  }
  order.sort((x, y) => at[x]! - at[y]!);
  const starts: number[] = [0];
  const covering: number[][] = [[]];
  const active = new Map<number, number>(); // agency → number of its ranges covering here
  let i = 0;
  while (i < order.length) {
    const pos = at[order[i]!]!;
    while (i < order.length && at[order[i]!] === pos) {
      const ev = order[i]!;
      const a = ranges[ev >> 1]!.a;
      const c = (active.get(a) ?? 0) + (ev % 2 === 0 ? 1 : -1);
      if (c === 0) active.delete(a);
      else active.set(a, c);
      i++;
    }
    const list = [...active.keys()];
    if (starts[starts.length - 1] === pos) covering[covering.length - 1] = list;
    else {
      starts.push(pos);
      covering.push(list);
    }
  }
  return { starts: Int32Array.from(starts), covering };
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

function eligible(agency: RoutingAgency | undefined, topicId: string): agency is RoutingAgency {
  return agency !== undefined && agency.online && !agency.deleted && agency.topicIds.includes(topicId);
}

function view(agency: RoutingAgency, whiteSpot: boolean): RoutedAgency {
  return { id: agency.id, name: agency.name, city: agency.city, languages: agency.languages, whiteSpot };
}

const EMPTY: TopicIndex = { starts: Int32Array.from([0]), covering: [[]] };

export function routeAgencies(index: RoutingIndex, query: RoutingQuery): RoutingResult {
  const topic = index.topicSettings.get(query.topicId);
  if (topic === undefined) return { ok: false, agencies: [], reason: "unknown_topic" };
  if (!POSTCODE_PREFIX.test(query.postcode)) return { ok: false, agencies: [], reason: "invalid_postcode" };
  const minLength = Math.min(5, Math.max(1, topic.minPostcodeLength));
  if (query.postcode.length < minLength) {
    return { ok: false, agencies: [], reason: "postcode_too_short", minPostcodeLength: minLength };
  }
  const t = index.segments.get(topic.id) ?? EMPTY;

  const pad = 5 - query.postcode.length;
  const lo = Number(query.postcode + "0".repeat(pad));
  const hi = Number(query.postcode + "9".repeat(pad));
  let found: readonly number[];
  const first = segmentOf(t.starts, lo);
  if (lo === hi || first === t.starts.length - 1 || t.starts[first + 1]! > hi) {
    found = t.covering[first]!;
  } else {
    const set = new Set<number>();
    for (let s = first; s < t.starts.length && t.starts[s]! <= hi; s++) {
      for (const a of t.covering[s]!) set.add(a);
    }
    found = [...set];
  }

  const local: RoutingAgency[] = [];
  for (const a of found) {
    const agency = index.agencies[a];
    if (eligible(agency, topic.id)) local.push(agency);
  }
  const chosen = query.language === undefined ? local : local.filter((a) => speaks(a, query.language));

  if (chosen.length === 0) {
    const wsPos = topic.whiteSpotAgencyId === null ? undefined : index.positions.get(topic.whiteSpotAgencyId);
    const ws = wsPos === undefined ? undefined : index.agencies[wsPos];
    if (eligible(ws, topic.id) && speaks(ws, query.language)) {
      return { ok: true, agencies: [view(ws, true)], whiteSpot: true };
    }
    return { ok: false, agencies: [], reason: local.length > 0 ? "no_agency_for_language" : "no_agency_in_area" };
  }

  // Stable order first (name, then id); a shuffle starts from it, so a seed is reproducible.
  chosen.sort(compareAgencies);
  if (query.order !== "stable") {
    const rnd = query.seed !== undefined ? seededRandom(query.seed) : (query.random ?? Math.random);
    for (let i = chosen.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      const tmp = chosen[i]!;
      chosen[i] = chosen[j]!;
      chosen[j] = tmp;
    }
  }
  return { ok: true, agencies: chosen.map((a) => view(a, false)), whiteSpot: false };
}

/**
 * Local help (issue 15): every agency of the topic whose ranges reach the (partial) postcode —
 * also those that counsel on site only (offline), never deleted ones — ignoring the topic's
 * minimum postcode length (a case keeps only its region, two digits) and the white spot. Stable
 * order (name, id). For "Beratung vor Ort" on a seeker's case page, not for the online search.
 */
export function nearbyAgencies(index: RoutingIndex, query: { topicId: string; postcode: string }): { id: string; online: boolean }[] {
  if (!POSTCODE_PREFIX.test(query.postcode)) return [];
  const t = index.segments.get(query.topicId);
  if (t === undefined) return [];
  const pad = 5 - query.postcode.length;
  const lo = Number(query.postcode + "0".repeat(pad));
  const hi = Number(query.postcode + "9".repeat(pad));
  const found = new Set<number>();
  for (let s = segmentOf(t.starts, lo); s < t.starts.length && t.starts[s]! <= hi; s++) {
    for (const a of t.covering[s]!) found.add(a);
  }
  const out: RoutingAgency[] = [];
  for (const a of found) {
    const agency = index.agencies[a];
    if (agency !== undefined && !agency.deleted && agency.topicIds.includes(query.topicId)) out.push(agency);
  }
  return out.sort(compareAgencies).map((a) => ({ id: a.id, online: a.online }));
}
