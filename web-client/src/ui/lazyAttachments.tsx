// Where documents and photos hook into the conversation screens: slots that render nothing until
// the chat engine runs (after sign-in), then load ui/Attachments.tsx with its texts on demand. This
// file is all of attachments that the page carries before sign-in.
import type { AttachmentRoomKind } from "../domain/attachments.ts";
import type { ChatEngine, ChatMessage } from "../domain/chat.ts";
import type { FlowState, SeekerFlow } from "../domain/SeekerFlow.ts";
import type { Locale } from "../i18n/locale.ts";
import { onDemand } from "./onDemand.ts";

const useAttachmentUi = onDemand(() => import("./Attachments.tsx"));

/** The attach button under a conversation's composer (where the policy allows files). */
export function AttachmentComposerSlot(props: {
  flow: SeekerFlow;
  state: FlowState;
  engine: ChatEngine | null;
  conversationId: string | null;
  kind: AttachmentRoomKind;
  disabled: boolean;
}) {
  const ui = useAttachmentUi(props.engine !== null);
  if (props.engine === null || ui === null) return null;
  return <ui.AttachmentComposer {...props} />;
}

/** A message's photo or document; its name until the screen's code has loaded. */
export function AttachmentSlot(props: { engine: ChatEngine | null; conversationId: string | null; message: ChatMessage; locale: Locale }) {
  const ui = useAttachmentUi(props.engine !== null);
  if (ui === null) return <p class="message__body">{props.message.body}</p>;
  return <ui.AttachmentView {...props} />;
}
