// The live chat without registration: the offer on the landing page and the start form (topic,
// optional postcode and name). The chat itself is LiveChatStep.tsx (loaded with the later screens).
import type { FlowState, SeekerFlow } from "../domain/SeekerFlow.ts";
import { Field, FormError, StepHeading } from "./Field.tsx";
import { localName, sortedByName } from "../i18n/topics.ts";

/** On the landing page while anyone is on live duty. */
export function LiveOffer({ flow, state }: { flow: SeekerFlow; state: FlowState }) {
  const offer = state.live.offer;
  if (offer.status !== "ready" || offer.value.length === 0) return null;
  const t = flow.t;
  const names = sortedByName(offer.value, state.locale).map((topic) => localName(topic.name, state.locale));
  return (
    <div class="notice live-offer">
      <h2>{t.liveOfferHeading}</h2>
      <p>{t.liveOfferText(names.join(", "))}</p>
      <button type="button" class="button" onClick={() => flow.beginLive()}>
        {t.liveOfferButton}
      </button>
    </div>
  );
}

export function LiveStep({ flow, state }: { flow: SeekerFlow; state: FlowState }) {
  const t = flow.t;
  const { live, locale } = state;
  const offered = live.offer.status === "ready" ? sortedByName(live.offer.value, locale) : [];
  return (
    <section aria-labelledby="step-heading">
      <StepHeading>{t.liveHeading}</StepHeading>
      <p class="lead">{t.liveLead}</p>
      {live.offer.status === "ready" && offered.length === 0 ? (
        <div class="notice">
          <p>{t.liveNoneNow}</p>
          <button type="button" class="button button--secondary" onClick={() => flow.beginSearch()}>
            {t.landingFind}
          </button>
        </div>
      ) : (
        <form
          class="form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void flow.startLive();
          }}
        >
          <Field name="liveTopic" label={t.liveTopicLabel} error={live.errors.topicId}>
            {(control) => (
              <select {...control} value={live.topicId} onChange={(e) => flow.setLiveField("topicId", e.currentTarget.value)}>
                <option value="">{t.findTopicPlaceholder}</option>
                {offered.map((topic) => (
                  <option key={topic.id} value={topic.id}>
                    {localName(topic.name, locale)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field name="livePostcode" label={t.livePostcodeLabel} hint={t.livePostcodeHint} error={live.errors.postcode}>
            {(control) => (
              <input
                {...control}
                class="input--short"
                type="text"
                inputMode="numeric"
                autoComplete="off"
                maxLength={5}
                value={live.postcode}
                onInput={(e) => flow.setLiveField("postcode", e.currentTarget.value)}
              />
            )}
          </Field>
          <Field name="livePseudonym" label={t.livePseudonymLabel} hint={t.livePseudonymHint} error={live.errors.pseudonym}>
            {(control) => (
              <input {...control} type="text" autoComplete="off" value={live.pseudonym} onInput={(e) => flow.setLiveField("pseudonym", e.currentTarget.value)} />
            )}
          </Field>
          <FormError message={live.errors.form} />
          <button type="submit" class="button" disabled={live.starting}>
            {live.starting ? t.busy : t.liveStart}
          </button>
        </form>
      )}
      <div class="actions">
        <button type="button" class="link-button" onClick={() => flow.showLanding()}>
          {t.groupsBack}
        </button>
      </div>
    </section>
  );
}
