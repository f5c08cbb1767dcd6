// An agency's next free chat appointments ("Chat-Termine"), each a button that picks it.
import type { Slot } from "../api/types.ts";
import { slotInWords } from "../domain/appointmentTime.ts";
import type { Loadable } from "../domain/SeekerFlow.ts";
import type { Locale } from "../i18n/locale.ts";
import type { Messages } from "../i18n/messages.ts";

export function SlotList(props: {
  slots: Loadable<Slot[]> | undefined;
  /** Id of the element naming the agency (the buttons are described by it). */
  describedBy: string;
  headingId: string;
  locale: Locale;
  t: Messages;
  onPick: (slot: Slot) => void;
  /** Said when the list is empty; nothing is shown when undefined. */
  noneText?: string;
  heading?: string;
}) {
  const { slots, t } = props;
  if (slots === undefined) return null;
  if (slots.status === "ready" && slots.value.length === 0 && props.noneText === undefined) return null;
  return (
    <div class="slots">
      <p class="slots__heading" id={props.headingId}>
        {props.heading ?? t.slotsHeading}
      </p>
      {slots.status === "loading" && <p class="field__hint">{t.slotsLoading}</p>}
      {slots.status === "failed" && <p class="field__error">{slots.message}</p>}
      {slots.status === "ready" &&
        (slots.value.length === 0 ? (
          <p>{props.noneText}</p>
        ) : (
          <ul class="slot-list" aria-labelledby={props.headingId}>
            {slots.value.map((slot) => (
              <li key={slot.key}>
                <button
                  type="button"
                  class="button button--secondary slot"
                  aria-describedby={props.describedBy}
                  onClick={() => props.onPick(slot)}
                >
                  {slotInWords(slot, props.locale, t)}
                </button>
              </li>
            ))}
          </ul>
        ))}
    </div>
  );
}
