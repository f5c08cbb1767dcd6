// Full-scale catalogue for `npm start -- --full-scale` and `npm run bench:routing`: 1,600 agencies,
// the 22 topics, 4,600 counselors (database rows only; they are not registered on Synapse), and
// postcode ranges with the real structure of German postcodes: for every topic, every two-digit
// region 01–99 is covered completely by five-digit ranges, split among the agencies of the region
// (some ranges overlap, as neighbouring agencies' areas do). Deterministic: the same seed gives the
// same ids, names and ranges, so the data can be reloaded and compared.
//
// Idempotent: when the first generated agency exists already, nothing is written.
import { createDb, topicSeeds } from "@lotse/store";
import { agencyRoles, seededRandom } from "@lotse/policies";

export const FULL_SCALE = { agencies: 1600, counselors: 4600, regions: 99 } as const;

export type FullScaleSummary = {
  agencies: number;
  counselors: number;
  memberships: number;
  ranges: number;
  agencyTopics: number;
  skipped: boolean;
  ms: number;
};

/** A v4-shaped uuid from the generator (deterministic). */
function uuidFrom(rnd: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(rnd() * 16).toString(16));
  hex[12] = "4";
  hex[16] = "89ab"[Math.floor(rnd() * 4)]!;
  const h = hex.join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const carriers = ["Caritas", "Diakonie", "AWO", "DRK", "Paritätischer", "SOS-Kinderdorf", "pro familia", "SkF", "IN VIA", "Malteser"];
const kinds = ["Beratungsstelle", "Beratungszentrum", "Fachstelle", "Familienzentrum", "Sozialdienst"];
// A big city per leading postcode digit (0–9), then "<city>-<region>" for the rest.
const citiesByLead = ["Dresden", "Berlin", "Hamburg", "Hannover", "Düsseldorf", "Köln", "Frankfurt", "Stuttgart", "München", "Nürnberg"];
const extraLanguages = ["en", "tr", "ar", "ru", "uk", "pl", "fa", "fr"];

export type FullScaleData = {
  agencies: {
    id: string;
    name: string;
    city: string;
    postcode: string;
    languages: string[];
    online: boolean;
    team_agency: boolean;
  }[];
  agencyTopics: { agency_id: string; topic_id: string }[];
  ranges: { agency_id: string; topic_id: string; from_postcode: string; to_postcode: string }[];
  counselors: { id: string; matrix_user_id: string; display_name: string }[];
  memberships: { agency_id: string; counselor_id: string; role: string }[];
  /** Per topic: settings the generator chose (minimum postcode length, white spot). */
  topicSettings: { id: string; min_postcode_length: number; white_spot_agency_id: string | null }[];
};

const pc = (n: number) => String(n).padStart(5, "0");

/** Generates the full-scale catalogue in memory (pure, deterministic). */
export function generateFullScale(seed = 20260101, serverName = "localhost"): FullScaleData {
  const rnd = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const topicIds = topicSeeds.map((t) => t.id);
  const regions = Array.from({ length: FULL_SCALE.regions }, (_, i) => i + 1); // 01–99

  // Agencies: spread over the regions (about 16 per region), each with a home region.
  const agencies: FullScaleData["agencies"] = [];
  const byRegion = new Map<number, number[]>();
  for (let i = 0; i < FULL_SCALE.agencies; i++) {
    const region = regions[i % regions.length]!;
    const lead = Math.floor(region / 10);
    const city = region % 10 === 0 ? citiesByLead[lead]! : `${citiesByLead[lead]}-Umland ${String(region).padStart(2, "0")}`;
    const languages = ["de"];
    if (rnd() < 0.35) languages.push(pick(extraLanguages));
    if (rnd() < 0.1) languages.push(pick(extraLanguages.filter((l) => !languages.includes(l))));
    agencies.push({
      id: uuidFrom(rnd),
      name: `${pick(carriers)} ${pick(kinds)} ${city} ${String(i + 1).padStart(4, "0")}`,
      city,
      postcode: pc(region * 1000 + Math.floor(rnd() * 1000)),
      languages,
      online: rnd() > 0.03, // a few agencies are offline
      team_agency: rnd() < 0.2,
    });
    let list = byRegion.get(region);
    if (list === undefined) byRegion.set(region, (list = []));
    list.push(i);
  }

  // Topics per agency: 6–12 of the 22.
  const serves: Set<string>[] = agencies.map(() => {
    const n = 6 + Math.floor(rnd() * 7);
    const s = new Set<string>();
    while (s.size < n) s.add(pick(topicIds));
    return s;
  });

  // Ranges: for every topic and region, cut RR000–RR999 into 3–8 consecutive pieces; each piece
  // goes to an agency of the region serving the topic, sometimes to two (overlap).
  const ranges: FullScaleData["ranges"] = [];
  for (const topic of topicIds) {
    for (const region of regions) {
      const local = byRegion.get(region)!;
      let servers = local.filter((a) => serves[a]!.has(topic));
      if (servers.length === 0) {
        const a = pick(local);
        serves[a]!.add(topic);
        servers = [a];
      }
      const pieces = 3 + Math.floor(rnd() * 6);
      const cuts = new Set<number>();
      while (cuts.size < pieces - 1) cuts.add(1 + Math.floor(rnd() * 998));
      const borders = [0, ...[...cuts].sort((x, y) => x - y), 1000];
      for (let k = 0; k < borders.length - 1; k++) {
        const from = region * 1000 + borders[k]!;
        const to = region * 1000 + borders[k + 1]! - 1;
        const first = pick(servers);
        ranges.push({ agency_id: agencies[first]!.id, topic_id: topic, from_postcode: pc(from), to_postcode: pc(to) });
        if (servers.length > 1 && rnd() < 0.5) {
          const second = pick(servers.filter((s) => s !== first));
          ranges.push({ agency_id: agencies[second]!.id, topic_id: topic, from_postcode: pc(from), to_postcode: pc(to) });
        }
      }
    }
  }
  const agencyTopics = agencies.flatMap((a, i) => [...serves[i]!].sort().map((topic_id) => ({ agency_id: a.id, topic_id })));

  // Counselors: 4,600 people, each in their agency (first 1,600: one agency admin per agency),
  // some also in a second agency with a second role.
  const counselors: FullScaleData["counselors"] = [];
  const memberships: FullScaleData["memberships"] = [];
  for (let i = 0; i < FULL_SCALE.counselors; i++) {
    const id = uuidFrom(rnd);
    const localpart = `berater_${String(i + 1).padStart(5, "0")}`;
    counselors.push({ id, matrix_user_id: `@${localpart}:${serverName}`, display_name: `Berater*in ${i + 1}` });
    const agency = i < FULL_SCALE.agencies ? i : Math.floor(rnd() * FULL_SCALE.agencies);
    memberships.push({ agency_id: agencies[agency]!.id, counselor_id: id, role: "counselor" });
    if (i < FULL_SCALE.agencies) memberships.push({ agency_id: agencies[agency]!.id, counselor_id: id, role: "agency_admin" });
    if (rnd() < 0.15) {
      const other = Math.floor(rnd() * FULL_SCALE.agencies);
      if (other !== agency) {
        const role = pick(agencyRoles.filter((r) => r !== "agency_admin"));
        memberships.push({ agency_id: agencies[other]!.id, counselor_id: id, role });
      }
    }
  }

  // Topic settings: most need the full postcode; a few accept the two-digit region; three topics
  // have a nationwide white-spot agency.
  const topicSettings = topicIds.map((id, i) => ({
    id,
    min_postcode_length: i % 5 === 0 ? 2 : 5,
    white_spot_agency_id: i % 7 === 0 ? agencies[(i * 37) % agencies.length]!.id : null,
  }));
  return { agencies, agencyTopics, ranges, counselors, memberships, topicSettings };
}

/** Writes the full-scale catalogue (one transaction) unless it is there already. */
export async function seedFullScale(opts: {
  databaseUrl: string;
  serverName?: string;
  seed?: number;
  log?: (m: string) => void;
}): Promise<FullScaleSummary> {
  const t0 = performance.now();
  const data = generateFullScale(opts.seed, opts.serverName ?? "localhost");
  const { sql, close } = createDb(opts.databaseUrl, { max: 1 });
  const summary = (skipped: boolean): FullScaleSummary => ({
    agencies: data.agencies.length,
    counselors: data.counselors.length,
    memberships: data.memberships.length,
    ranges: data.ranges.length,
    agencyTopics: data.agencyTopics.length,
    skipped,
    ms: Math.round(performance.now() - t0),
  });
  try {
    const [exists] = await sql`select 1 from agencies where id = ${data.agencies[0]!.id}`;
    if (exists !== undefined) {
      opts.log?.("full-scale data present already");
      return summary(true);
    }
    opts.log?.(`loading full-scale data: ${data.agencies.length} agencies, ${data.ranges.length} ranges, ${data.counselors.length} counselors`);
    await sql.begin(async (tx) => {
      const chunked = async <T extends Record<string, unknown>>(table: string, rows: T[], size = 2000) => {
        for (let i = 0; i < rows.length; i += size) {
          await tx`insert into ${tx(table)} ${tx(rows.slice(i, i + size) as Record<string, unknown>[])}`;
        }
      };
      await chunked("agencies", data.agencies);
      await chunked("agency_topics", data.agencyTopics);
      await chunked("agency_postcode_ranges", data.ranges);
      await chunked("counselors", data.counselors);
      await chunked("agency_memberships", data.memberships);
      for (const t of data.topicSettings) {
        await tx`update topics set min_postcode_length = ${t.min_postcode_length}, white_spot_agency_id = ${t.white_spot_agency_id} where id = ${t.id}`;
      }
      await tx`insert into audit_log (actor, action, entity_type, details)
               values ('system', 'seed.full_scale', 'import', ${JSON.stringify({ agencies: data.agencies.length, ranges: data.ranges.length })}::jsonb)`;
    });
    await sql`analyze agencies, agency_topics, agency_postcode_ranges, counselors, agency_memberships`;
    return summary(false);
  } finally {
    await close();
  }
}
