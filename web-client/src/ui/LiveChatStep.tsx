// The live chat itself (loaded with the later screens, laterScreens.ts): the place in the queue
// with an honest estimate, then the conversation (the case conversation's view), leaving with a
// confirmation, and "Zugang behalten" (a password turns the temporary access into an account).
import type { FlowState, SeekerFlow } from "../domain/SeekerFlow.ts";
import { Field, FormError, StepHeading } from "./Field.tsx";
import { ChatStep } from "./ChatStep.tsx";

export function LiveChatStep({ flow, state }: { flow: SeekerFlow; state: FlowState }) {
  const t = flow.t;
  const { live } = state;
  const chat = live.chat;
  const waiting = chat === null || chat.status === "waiting";
  return (
    <div class="live">
      {chat === null && <StepHeading>{t.liveHeading}</StepHeading>}
      <div class="notice live__status" role="status">
        {waiting ? (
          <>
            <p>
              <strong>{t.liveWaitingHeading}</strong>
            </p>
            {chat?.position != null && <p>{t.livePosition(chat.position)}</p>}
            {chat !== null && <p>{chat.estimate.kind === "minutes" ? t.liveEstimate(chat.estimate.low, chat.estimate.high) : t.liveEstimateUnknown}</p>}
            <p>{t.liveWaitingWrite}</p>
          </>
        ) : (
          <p>
            <strong>{t.liveActiveHeading(chat.counselor ?? chat.agency.name)}</strong>
          </p>
        )}
        {live.name !== null && <p>{t.liveYourName(live.name)}</p>}
      </div>

      {chat !== null && <ChatStep flow={flow} state={liveChatView(state)} live />}

      {live.keep.open ? (
        <form
          class="form notice"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void flow.keepLiveAccess();
          }}
        >
          <p>{t.liveKeepText(live.name ?? "")}</p>
          <Field name="password" label={t.liveKeepPassword} error={live.keep.errors.password}>
            {(control) => (
              <input {...control} type="password" autoComplete="new-password" value={live.keep.password} onInput={(e) => flow.setLiveKeepField("password", e.currentTarget.value)} />
            )}
          </Field>
          <Field name="email" label={t.liveKeepEmail} error={live.keep.errors.email}>
            {(control) => (
              <input {...control} type="email" autoComplete="email" value={live.keep.email} onInput={(e) => flow.setLiveKeepField("email", e.currentTarget.value)} />
            )}
          </Field>
          <FormError message={live.keep.errors.form} />
          <div class="actions">
            <button type="submit" class="button" disabled={live.keep.busy}>
              {live.keep.busy ? t.busy : t.liveKeepSubmit}
            </button>
            <button type="button" class="button button--secondary" onClick={() => flow.openLiveKeep(false)}>
              {t.liveKeepCancel}
            </button>
          </div>
        </form>
      ) : live.confirmLeave ? (
        <div class="notice" role="alertdialog" aria-labelledby="cancel-question">
          <p id="cancel-question" tabIndex={-1}>
            {t.liveLeaveConfirm}
          </p>
          <div class="actions">
            <button type="button" class="button" disabled={live.leaving} onClick={() => void flow.leaveLive()}>
              {live.leaving ? t.busy : t.liveLeaveYes}
            </button>
            <button type="button" class="button button--secondary" onClick={() => flow.keepChattingLive()}>
              {t.liveLeaveNo}
            </button>
          </div>
        </div>
      ) : (
        <div class="actions">
          <button type="button" class="button button--secondary" onClick={() => flow.askLeaveLive()}>
            {t.liveLeave}
          </button>
          <button type="button" class="button button--secondary" onClick={() => flow.openLiveKeep(true)}>
            {t.liveKeepOpen}
          </button>
        </div>
      )}
    </div>
  );
}

/** The live chat as the case conversation's view sees a case: one case, its agency and topic. */
function liveChatView(state: FlowState): FlowState {
  const chat = state.live.chat!;
  return {
    ...state,
    cases: {
      status: "ready",
      value: [
        {
          caseId: chat.caseId,
          roomId: chat.roomId,
          status: chat.status === "waiting" ? "new" : "in_progress",
          agency: chat.agency,
          topic: chat.topic,
        },
      ],
    },
    chat: { ...state.chat, caseId: chat.caseId, waiting: chat.roomId === null },
  };
}
