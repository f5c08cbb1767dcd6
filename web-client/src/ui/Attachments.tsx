// Documents and photos in a conversation (issue 17): the "attach" button with its checks in words
// before anything is uploaded, and a received or sent attachment — a photo shown inline once
// decrypted, a document as a download decrypted in the browser. Loaded after sign-in with its texts
// (ui/lazyAttachments.tsx); the encryption itself happens in the lazy chat chunk
// (matrix/attachments.ts) behind the ChatEngine.
import { useEffect, useRef, useState } from "preact/hooks";
import { checkAttachment, attachmentsAllowedIn, formatBytes, typeNames, type AttachmentRoomKind } from "../domain/attachments.ts";
import { AttachmentSendError, type ChatEngine, type ChatMessage } from "../domain/chat.ts";
import type { FlowState, SeekerFlow } from "../domain/SeekerFlow.ts";
import { attachmentCatalogues, type AttachmentMessages } from "../i18n/attachments.ts";
import { intlLocale, type Locale } from "../i18n/locale.ts";

/** The attach button and its messages; nothing where the policy allows no files. */
export function AttachmentComposer({
  flow,
  state,
  engine,
  conversationId,
  kind,
  disabled,
}: {
  flow: SeekerFlow;
  state: FlowState;
  engine: ChatEngine | null;
  conversationId: string | null;
  kind: AttachmentRoomKind;
  disabled: boolean;
}) {
  const t = attachmentCatalogues[state.locale];
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => flow.loadAttachmentPolicy(), []);
  useEffect(() => setError(null), [conversationId]);
  const policy = state.attachmentPolicy;
  if (policy === null || !attachmentsAllowedIn(policy, kind)) return null;
  const locale = intlLocale(state.locale);
  const max = formatBytes(policy.maxFileBytes, locale);
  const types = typeNames(policy.allowedTypes);

  const onChosen = async (file: File | undefined) => {
    if (input.current !== null) input.current.value = "";
    if (file === undefined || engine === null || conversationId === null) return;
    setError(null);
    const head = new Uint8Array(await file.slice(0, 16).arrayBuffer());
    const check = checkAttachment({ size: file.size, head }, policy, kind);
    if (!check.ok) {
      setError(
        check.reason === "type" || check.reason === "not_here"
          ? t.attachRefusedType(types)
          : check.reason === "size"
            ? t.attachRefusedSize(max)
            : t.attachRefusedEmpty,
      );
      return;
    }
    // Photos get a neutral name (a camera's names carry the date); a document keeps the name the seeker gave it.
    const name =
      check.type === "application/pdf"
        ? cleanName(file.name, "dokument.pdf")
        : `${t.attachmentPhoto.toLowerCase()}.${check.type === "image/png" ? "png" : "jpg"}`;
    setBusy(true);
    try {
      await engine.sendAttachment(conversationId, file, check.type, { name, maxBytes: policy.maxFileBytes, kind });
    } catch (err) {
      const reason = err instanceof AttachmentSendError ? err.reason : "failed";
      setError(
        reason === "size" ? t.attachRefusedSize(max) : reason === "quota" ? t.attachRefusedQuota : reason === "unreadable" ? t.attachUnreadable : t.attachFailed,
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="attach">
      <input
        ref={input}
        id="field-attachment"
        type="file"
        hidden
        accept={policy.allowedTypes.join(",")}
        onChange={(e) => void onChosen(e.currentTarget.files?.[0])}
      />
      <button
        type="button"
        class="button button--secondary"
        disabled={disabled || busy || engine === null}
        aria-describedby="attach-hint"
        onClick={() => input.current?.click()}
      >
        {t.attachButton}
      </button>
      <p id="attach-hint" class="field__hint">
        {t.attachHint(types, max)}
      </p>
      <p role="status" class="attach__status">
        {busy ? t.attachSending : ""}
      </p>
      {error !== null && (
        <p class="notice notice--error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

function cleanName(name: string, fallback: string): string {
  // eslint-disable-next-line no-control-regex
  const base = (name.split(/[\\/]/u).pop() ?? "").replace(/[\u0000-\u001f\u007f]/gu, "").trim().slice(-120);
  return base === "" ? fallback : base;
}

/** A message's attachment: a photo inline once decrypted, a document as a download. */
export function AttachmentView({
  engine,
  conversationId,
  message,
  locale,
}: {
  engine: ChatEngine | null;
  conversationId: string | null;
  message: ChatMessage;
  locale: Locale;
}) {
  const t: AttachmentMessages = attachmentCatalogues[locale];
  const attachment = message.attachment!;
  const [url, setUrl] = useState<string | null>(null);
  const [state, setState] = useState<"idle" | "opening" | "failed">("idle");
  const image = attachment.kind === "image";
  const sent = message.delivery === "sent";

  useEffect(() => {
    if (!image || !sent || engine === null || conversationId === null) return;
    let live = true;
    let made: string | null = null;
    setState("opening");
    engine.openAttachment(conversationId, message.key).then(
      (blob) => {
        if (!live) return;
        made = URL.createObjectURL(blob);
        setUrl(made);
        setState("idle");
      },
      () => live && setState("failed"),
    );
    return () => {
      live = false;
      if (made !== null) URL.revokeObjectURL(made);
    };
  }, [image, sent, engine, conversationId, message.key]);

  const download = async () => {
    if (engine === null || conversationId === null) return;
    setState("opening");
    try {
      const blob = await engine.openAttachment(conversationId, message.key);
      const href = URL.createObjectURL(blob);
      const a = document.createElement("a");
      a.href = href;
      a.download = attachment.name;
      a.rel = "noopener";
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(href), 60_000);
      setState("idle");
    } catch {
      setState("failed");
    }
  };

  return (
    <div class="attachment">
      {image && url !== null ? (
        <img class="attachment__image" src={url} alt={t.attachmentPhoto} />
      ) : image ? (
        <p class="attachment__placeholder">{state === "failed" ? t.attachmentOpenFailed : sent ? t.attachmentOpening : t.attachmentPhoto}</p>
      ) : (
        <>
          <button type="button" class="link-button attachment__download" disabled={!sent || state === "opening"} onClick={() => void download()}>
            {t.attachmentDownload(attachment.name)}
          </button>
          {state === "opening" && <p role="status">{t.attachmentOpening}</p>}
          {state === "failed" && <p role="alert">{t.attachmentOpenFailed}</p>}
        </>
      )}
    </div>
  );
}
