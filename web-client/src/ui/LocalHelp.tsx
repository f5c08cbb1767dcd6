// "Beratung vor Ort" on the seeker's case page (issue 15): the case's agency's details for a
// visit, nearby agencies for the same topic (also on-site-only ones) and the agencies counselors
// recommended with their notes. Loaded on demand (lazyLocalHelp.tsx) with its own texts.
import { useEffect, useState } from "preact/hooks";
import type { AgencyVisit, LocalHelp as LocalHelpData } from "../api/types.ts";
import type { FlowState, SeekerFlow } from "../domain/SeekerFlow.ts";
import { localHelpCatalogues, type LocalHelpMessages } from "../i18n/localHelp.ts";
import "./localHelp.css";

type Load = { status: "loading" } | { status: "ready"; value: LocalHelpData } | { status: "failed" };

/** Only http(s) links are shown as links (the API checks too). */
const safeWebsite = (url: string | null) => (url !== null && /^https?:\/\//iu.test(url) ? url : null);

function Visit({ a, t, headingLevel }: { a: AgencyVisit; t: LocalHelpMessages; headingLevel: "h3" }) {
  const H = headingLevel;
  const website = safeWebsite(a.website);
  const address = [a.address, [a.postcode, a.city].filter((x) => x !== null && x !== "").join(" ")].filter((x) => x !== null && x !== "").join(", ");
  const nothing = a.address === null && a.phone === null && a.openingHours === null && website === null && a.accessibilityNotes === null && a.onSiteServices.length === 0;
  return (
    <div class="visit">
      <H class="visit__name">{a.name}</H>
      {!a.online && <p class="visit__offline">{t.onSiteOnly}</p>}
      <dl class="visit__details">
        {address !== "" && (
          <>
            <dt>{t.address}</dt>
            <dd>{address}</dd>
          </>
        )}
        {a.phone !== null && (
          <>
            <dt>{t.phone}</dt>
            <dd>
              <a href={`tel:${a.phone.replace(/[^+0-9]/gu, "")}`}>{a.phone}</a>
            </dd>
          </>
        )}
        {a.openingHours !== null && (
          <>
            <dt>{t.openingHours}</dt>
            <dd class="visit__hours">{a.openingHours}</dd>
          </>
        )}
        {website !== null && (
          <>
            <dt>{t.website}</dt>
            <dd>
              <a href={website} target="_blank" rel="noopener noreferrer">
                {website.replace(/^https?:\/\//iu, "")}
              </a>
            </dd>
          </>
        )}
        {a.accessibilityNotes !== null && (
          <>
            <dt>{t.accessibility}</dt>
            <dd>{a.accessibilityNotes}</dd>
          </>
        )}
        {a.onSiteServices.length > 0 && (
          <>
            <dt>{t.services}</dt>
            <dd>{a.onSiteServices.join(", ")}</dd>
          </>
        )}
      </dl>
      {nothing && <p>{t.nothingListed}</p>}
    </div>
  );
}

export function LocalHelp({ flow, state, caseId, describedBy }: { flow: SeekerFlow; state: FlowState; caseId: string; describedBy: string }) {
  const t = localHelpCatalogues[state.locale];
  const [load, setLoad] = useState<Load>({ status: "loading" });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    setLoad({ status: "loading" });
    flow.loadLocalHelp(caseId).then(
      (value) => live && setLoad({ status: "ready", value }),
      () => live && setLoad({ status: "failed" }),
    );
    return () => {
      live = false;
    };
  }, [caseId, attempt]);
  const headingId = `local-help-${caseId}`;
  return (
    <details class="local-help" aria-describedby={describedBy}>
      <summary>
        <span id={headingId}>{t.heading}</span>
      </summary>
      <p>{t.lead}</p>
      {load.status === "loading" && <p role="status">{t.loading}</p>}
      {load.status === "failed" && (
        <div class="notice notice--error" role="alert">
          <p>{t.failed}</p>
          <button type="button" class="button button--secondary" onClick={() => setAttempt((n) => n + 1)}>
            {t.retry}
          </button>
        </div>
      )}
      {load.status === "ready" && (
        <>
          {load.value.recommendations.length > 0 && (
            <section class="local-help__recommended">
              <h2>{t.recommendedHeading}</h2>
              <ul class="plain-list">
                {load.value.recommendations.map((r) => (
                  <li key={r.id}>
                    <Visit a={r.agency} t={t} headingLevel="h3" />
                    {r.note !== "" && (
                      <p class="visit__note">
                        <strong>{t.recommendedNote}</strong> {r.note}
                      </p>
                    )}
                  </li>
                ))}
              </ul>
            </section>
          )}
          {load.value.agency !== null && (
            <section>
              <h2>{t.yourAgency}</h2>
              <Visit a={load.value.agency} t={t} headingLevel="h3" />
            </section>
          )}
          <section>
            <h2>{t.nearbyHeading}</h2>
            {load.value.nearby.length === 0 ? (
              <p>{t.nearbyNone}</p>
            ) : (
              <ul class="plain-list">
                {load.value.nearby.map((a) => (
                  <li key={a.id}>
                    <Visit a={a} t={t} headingLevel="h3" />
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </details>
  );
}
