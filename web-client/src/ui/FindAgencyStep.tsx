// Step 1: choose a topic, enter a postcode, pick one of the matching agencies.
import type { FlowState, SeekerFlow } from "../domain/SeekerFlow.ts";
import { Field, FormError, StepHeading } from "./Field.tsx";
import { intlLocale } from "../i18n/locale.ts";
import type { Locale } from "../i18n/locale.ts";
import { localName, sortedByName } from "../i18n/topics.ts";
import { SlotList } from "./SlotList.tsx";

export function FindAgencyStep({ flow, state }: { flow: SeekerFlow; state: FlowState }) {
  const { find, topics, locale } = state;
  const t = flow.t;
  const linkT = state.linkTexts?.[locale] ?? null;
  const onSubmit = (event: Event) => {
    event.preventDefault();
    void flow.searchAgencies();
  };
  return (
    <section aria-labelledby="step-heading">
      <StepHeading>{t.findHeading}</StepHeading>
      {state.linkNote && linkT !== null && (
        <p class="notice" role="status">
          {linkT.note}
        </p>
      )}
      {find.pinned !== null && linkT !== null ? (
        <div class="notice">
          <p>{linkT.pinned(find.pinned.name, find.pinned.city)}</p>
          <button type="button" class="link-button" onClick={() => flow.unpinAgency()}>
            {linkT.showAll}
          </button>
        </div>
      ) : (
        <p class="lead">{t.findLead}</p>
      )}

      {topics.status === "failed" ? (
        <div class="notice notice--error" role="alert">
          <p>{topics.message}</p>
          <button type="button" class="button button--secondary" onClick={() => void flow.loadTopics()}>
            {t.reload}
          </button>
        </div>
      ) : (
        <form class="form" onSubmit={onSubmit} noValidate>
          <Field name="topic" label={t.findTopicLabel} error={find.errors.topic}>
            {(control) => (
              <select
                {...control}
                value={find.topicId}
                disabled={topics.status === "loading"}
                onChange={(e) => flow.setFindField("topicId", e.currentTarget.value)}
              >
                <option value="">
                  {topics.status === "loading" ? t.findTopicsLoading : t.findTopicPlaceholder}
                </option>
                {topics.status === "ready" &&
                  sortedByName(topics.value, locale).map((topic) => (
                    <option key={topic.id} value={topic.id}>
                      {localName(topic.name, locale)}
                    </option>
                  ))}
              </select>
            )}
          </Field>
          <Field
            name="postcode"
            label={t.findPostcodeLabel}
            hint={t.findPostcodeHint}
            error={find.errors.postcode}
          >
            {(control) => (
              <input
                {...control}
                class="input--short"
                type="text"
                inputMode="numeric"
                autoComplete="postal-code"
                maxLength={5}
                value={find.postcode}
                onInput={(e) => flow.setFindField("postcode", e.currentTarget.value)}
              />
            )}
          </Field>
          <FormError message={find.errors.form} />
          <button type="submit" class="button" disabled={find.searching}>
            {find.searching ? t.findSearching : t.findSubmit}
          </button>
        </form>
      )}

      {/* No live region: focus moves to the result's heading, which screen readers announce. */}
      <div>
        {find.result !== null && (
          <div class="results">
            {find.result.agencies.length === 0 ? (
              <div class="notice">
                <h2 id="search-results" tabIndex={-1}>
                  {t.findNoneHeading}
                </h2>
                <p>{t.findNoneText(localName(find.result.topic.name, locale), find.result.postcode)}</p>
              </div>
            ) : (
              <>
                <h2 id="search-results" tabIndex={-1}>
                  {t.findResultsHeading(find.result.agencies.length)}
                </h2>
                <ul class="agency-list">
                  {find.result.agencies.map((agency) => (
                    <li key={agency.id} class="agency">
                      <div>
                        <p class="agency__name" id={`agency-${agency.id}`}>
                          {agency.name}
                        </p>
                        <p class="agency__city">{agency.city}</p>
                        {agency.languages !== undefined && agency.languages.length > 0 && (
                          <p class="agency__languages">{t.findLanguages(languageNames(agency.languages, locale))}</p>
                        )}
                        {agency.whiteSpot === true && (
                          <p class="agency__white-spot">{t.findWhiteSpot}</p>
                        )}
                      </div>
                      <SlotList
                        slots={state.slots[agency.id]}
                        headingId={`agency-slots-${agency.id}`}
                        describedBy={`agency-${agency.id}`}
                        locale={locale}
                        t={t}
                        onPick={(slot) => flow.pickSearchSlot(agency.id, slot)}
                      />
                      <button
                        type="button"
                        class="button button--secondary"
                        aria-describedby={`agency-${agency.id}`}
                        onClick={() => void flow.chooseAgency(agency.id)}
                      >
                        {t.findChoose}
                      </button>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </div>
        )}
      </div>
    </section>
  );
}

/** "Deutsch, Englisch" / "German, English" from ISO codes; unknown codes are shown as they are. */
export function languageNames(codes: string[], locale: Locale): string {
  const languageDisplay = new Intl.DisplayNames([intlLocale(locale)], { type: "language" });
  return codes
    .map((code) => {
      try {
        return languageDisplay.of(code) ?? code;
      } catch {
        return code;
      }
    })
    .join(", ");
}
