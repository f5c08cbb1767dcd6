// Where documents and photos hook into the conversation screens: slots that render nothing until
// the chat engine runs (after sign-in), then load ui/Attachments.tsx with its texts on demand. This
// file is all of attachments that the page carries before sign-in.
import { useEffect, useState } from "preact/hooks";
import type { AttachmentRoomKind } from "../domain/attachments.ts";
import type { ChatEngine, ChatMessage } from "../domain/chat.ts";
import type { FlowState, SeekerFlow } from "../domain/SeekerFlow.ts";
import type { Locale } from "../i18n/locale.ts";

type AttachmentUi = typeof import("./Attachments.tsx");

let loading: Promise<AttachmentUi> | null = null;

function useAttachmentUi(wanted: boolean): AttachmentUi | null {
  const [ui, setUi] = useState<AttachmentUi | null>(null);
  useEffect(() => {
    if (!wanted || ui !== null) return;
    let live = true;
    loading ??= import("./Attachments.tsx");
    loading.then(
      (m) => live && setUi(m),
      () => {
        loading = null;
      },
    );
    return () => {
      live = false;
    };
  }, [wanted]);
  return ui;
}

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
