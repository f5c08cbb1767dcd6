// Step 1: choose a topic, enter a postcode, pick one of the matching agencies.
import type { FlowState, SeekerFlow } from "../domain/SeekerFlow.ts";
import { Field, FormError, StepHeading } from "./Field.tsx";

export function FindAgencyStep({ flow, state }: { flow: SeekerFlow; state: FlowState }) {
  const { find, topics } = state;
  const onSubmit = (event: Event) => {
    event.preventDefault();
    void flow.searchAgencies();
  };
  return (
    <section aria-labelledby="step-heading">
      <StepHeading>Worüber möchtest du sprechen?</StepHeading>
      <p class="lead">
        Such dir ein Thema aus und sag uns, wo du wohnst. Wir zeigen dir Beratungsstellen in deiner
        Nähe. Du bleibst dabei anonym.
      </p>

      {topics.status === "failed" ? (
        <div class="notice notice--error" role="alert">
          <p>{topics.message}</p>
          <button type="button" class="button button--secondary" onClick={() => void flow.loadTopics()}>
            Noch einmal laden
          </button>
        </div>
      ) : (
        <form class="form" onSubmit={onSubmit} noValidate>
          <Field name="topic" label="Thema" error={find.errors.topic}>
            {(control) => (
              <select
                {...control}
                value={find.topicId}
                disabled={topics.status === "loading"}
                onChange={(e) => flow.setFindField("topicId", e.currentTarget.value)}
              >
                <option value="">
                  {topics.status === "loading" ? "Themen werden geladen …" : "Bitte wählen"}
                </option>
                {topics.status === "ready" &&
                  topics.value.map((topic) => (
                    <option key={topic.id} value={topic.id}>
                      {topic.name.de}
                    </option>
                  ))}
              </select>
            )}
          </Field>
          <Field
            name="postcode"
            label="Postleitzahl"
            hint="Damit finden wir Beratungsstellen in deiner Nähe."
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
            {find.searching ? "Wir suchen …" : "Beratungsstellen finden"}
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
                  Leider haben wir keine passende Beratungsstelle gefunden
                </h2>
                <p>
                  Für „{find.result.topic.name.de}“ gibt es rund um {find.result.postcode} gerade
                  keine Beratungsstelle bei uns. Versuch es gern mit einer Postleitzahl in der Nähe
                  oder einem verwandten Thema.
                </p>
              </div>
            ) : (
              <>
                <h2 id="search-results" tabIndex={-1}>
                  {find.result.agencies.length === 1
                    ? "Diese Beratungsstelle ist für dich da"
                    : `${find.result.agencies.length} Beratungsstellen sind für dich da`}
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
                          <p class="agency__languages">Sprachen: {languageNames(agency.languages)}</p>
                        )}
                        {agency.whiteSpot === true && (
                          <p class="agency__white-spot">
                            In deiner Nähe gibt es für dieses Thema keine Beratungsstelle bei uns. Diese
                            Stelle ist dafür da und berät dich online, egal wo du wohnst.
                          </p>
                        )}
                      </div>
                      <button
                        type="button"
                        class="button button--secondary"
                        aria-describedby={`agency-${agency.id}`}
                        onClick={() => void flow.chooseAgency(agency.id)}
                      >
                        Auswählen
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

const languageDisplay = new Intl.DisplayNames(["de"], { type: "language" });

/** "Deutsch, Englisch" from ISO codes; unknown codes are shown as they are. */
export function languageNames(codes: string[]): string {
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
