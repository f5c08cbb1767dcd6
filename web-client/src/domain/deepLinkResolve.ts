// What a deep link (deepLink.ts) can be used for, looked up: its agency (GET /v1/agencies/:id —
// online ones only, with the topic chosen when the link names one it counsels on or it has just
// one), its topic, its postcode; anything unusable sets `faulty`. Loaded on demand, only when the
// address carries a link, together with the link's texts: none of it weighs on the first page.
import type { Agency, AgencyEntry } from "../api/types.ts";
import type { DeepLink } from "./deepLink.ts";
export { deepLinkCatalogues } from "../i18n/deepLink.ts";

export type ResolvedLink = { topicId: string; postcode: string; pinned: (Agency & { topics: string[] }) | null; faulty: boolean };

export async function resolveDeepLink(
  link: DeepLink,
  deps: { getAgency(id: string): Promise<AgencyEntry>; hasTopic(id: string): boolean },
): Promise<ResolvedLink> {
  let faulty = link.faulty;
  let topicId = "";
  let pinned: ResolvedLink["pinned"] = null;
  if (link.agency !== undefined) {
    try {
      const a = await deps.getAgency(link.agency);
      if (a.online) {
        pinned = { id: a.id, name: a.name, city: a.city, languages: a.languages ?? [], topics: a.topics };
        const served = a.topics.filter((id) => deps.hasTopic(id));
        if (link.topic !== undefined && served.includes(link.topic)) topicId = link.topic;
        else {
          if (link.topic !== undefined) faulty = true;
          if (served.length === 1) topicId = served[0]!;
        }
      } else faulty = true;
    } catch {
      faulty = true;
    }
  }
  // Without a usable agency the link's topic alone still pre-fills the search.
  if (pinned === null && link.topic !== undefined) {
    if (deps.hasTopic(link.topic)) topicId = link.topic;
    else faulty = true;
  }
  return { topicId, postcode: link.postcode ?? "", pinned, faulty };
}
