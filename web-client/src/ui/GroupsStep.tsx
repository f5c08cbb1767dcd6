// The upcoming and running groups: what they are about, when they meet, places left, and joining
// (an anonymous visitor signs in first and comes back).
import type { FlowState, SeekerFlow } from "../domain/SeekerFlow.ts";
import { FormError, StepHeading } from "./Field.tsx";
import { localName } from "../i18n/topics.ts";
import { groupRunning, groupWhen } from "./groupTime.ts";
import { useNow } from "./useNow.ts";

export function GroupsStep({ flow, state }: { flow: SeekerFlow; state: FlowState }) {
  const t = flow.t;
  const now = useNow();
  const { groups, group } = state;
  return (
    <section aria-labelledby="step-heading">
      <StepHeading>{t.groupsHeading}</StepHeading>
      <p class="lead">{t.groupsLead}</p>
      <FormError message={group.error ?? undefined} />
      {groups.status === "loading" && <p role="status">{t.groupsLoading}</p>}
      {groups.status === "failed" && (
        <div class="notice notice--error" role="alert">
          <p>{groups.message}</p>
          <button type="button" class="button button--secondary" onClick={() => void flow.loadGroups()}>
            {t.reload}
          </button>
        </div>
      )}
      {groups.status === "ready" &&
        (groups.value.length === 0 ? (
          <p>{t.groupsNone}</p>
        ) : (
          <ul class="case-list group-list">
            {groups.value.map((g) => {
              const running = groupRunning(g, now);
              const full = g.seatsLeft <= 0;
              const titleId = `group-title-${g.groupId}`;
              return (
                <li key={g.groupId} class="case group">
                  <h2 class="case__topic group__title" id={titleId}>
                    {g.title}
                  </h2>
                  <p class="case__agency">{localName(g.topic.name, state.locale)}</p>
                  <p class={running ? "status status--active" : "status status--waiting"}>
                    {groupWhen(g, now, state.locale, t)}
                  </p>
                  <p class="group__facts">
                    {t.groupsDuration(g.durationMinutes)}
                    {g.repeatWeekly && ` · ${t.groupsWeekly}`} · {full ? t.groupsNoSeats : t.groupsSeatsLeft(g.seatsLeft)}
                  </p>
                  {g.description !== "" && <p class="group__text">{g.description}</p>}
                  {g.rules !== "" && (
                    <details class="group__rules">
                      <summary>{t.groupsRulesHeading}</summary>
                      <p class="group__text">{g.rules}</p>
                    </details>
                  )}
                  {!state.signedIn && <p class="field__hint">{t.groupsSignInFirst}</p>}
                  <button
                    type="button"
                    class="button button--secondary"
                    aria-describedby={titleId}
                    disabled={full || group.joining}
                    onClick={() => void flow.joinGroup(g.groupId)}
                  >
                    {group.joining && group.groupId === g.groupId ? t.busy : t.groupsJoin}
                  </button>
                </li>
              );
            })}
          </ul>
        ))}
      <div class="actions">
        <button type="button" class="button button--secondary" onClick={() => void flow.loadGroups()}>
          {t.casesRefresh}
        </button>
        <button type="button" class="link-button" onClick={() => (state.signedIn ? flow.showCases() : flow.showLanding())}>
          {state.signedIn ? t.chatBackToCases : t.groupsBack}
        </button>
      </div>
    </section>
  );
}
