// The texts of documents and photos in a conversation (issue 17), one catalogue per language like
// messages.ts. A catalogue of its own, like calls.ts: only the attachment screens (ui/Attachments.tsx,
// loaded after sign-in) use it, so these texts never weigh on the first page. test/i18n.test.ts
// holds them to the rules of the main catalogues.
import type { Locale } from "./locale.ts";

export type AttachmentMessages = {
  attachButton: string;
  /** Under the button: which files, how large, and that photos lose their metadata. */
  attachHint: (types: string, max: string) => string;
  attachSending: string;
  attachRefusedType: (types: string) => string;
  attachRefusedSize: (max: string) => string;
  attachRefusedEmpty: string;
  attachRefusedQuota: string;
  attachUnreadable: string;
  attachFailed: string;
  attachmentPhoto: string;
  attachmentDownload: (name: string) => string;
  attachmentOpening: string;
  attachmentOpenFailed: string;
};

const deSie: AttachmentMessages = {
  attachButton: "Foto oder Dokument anhängen",
  attachHint: (types, max) =>
    `Möglich sind ${types} bis ${max}. Die Datei wird verschlüsselt gesendet: Nur die Menschen in diesem Gespräch können sie öffnen. Fotos werden ohne Standort, Aufnahmezeit und Kameradaten gesendet.`,
  attachSending: "Die Datei wird verschlüsselt und gesendet …",
  attachRefusedType: (types) => `Diese Datei kann nicht gesendet werden. Möglich sind nur ${types}.`,
  attachRefusedSize: (max) => `Diese Datei ist zu groß. Eine Datei darf höchstens ${max} groß sein.`,
  attachRefusedEmpty: "Diese Datei ist leer.",
  attachRefusedQuota: "Sie haben heute schon so viele Dateien gesendet, wie möglich sind. Morgen geht es wieder.",
  attachUnreadable: "Diese Datei konnte nicht gelesen werden. Ist das Foto vielleicht beschädigt?",
  attachFailed: "Die Datei konnte gerade nicht gesendet werden. Bitte versuchen Sie es noch einmal.",
  attachmentPhoto: "Foto",
  attachmentDownload: (name) => `${name} herunterladen`,
  attachmentOpening: "Wird geöffnet …",
  attachmentOpenFailed: "Die Datei konnte nicht geöffnet werden.",
};

const deDu: AttachmentMessages = {
  attachButton: "Foto oder Dokument anhängen",
  attachHint: (types, max) =>
    `Möglich sind ${types} bis ${max}. Die Datei wird verschlüsselt gesendet: Nur die Menschen in diesem Gespräch können sie öffnen. Fotos werden ohne Standort, Aufnahmezeit und Kameradaten gesendet.`,
  attachSending: "Die Datei wird verschlüsselt und gesendet …",
  attachRefusedType: (types) => `Diese Datei kann nicht gesendet werden. Möglich sind nur ${types}.`,
  attachRefusedSize: (max) => `Diese Datei ist zu groß. Eine Datei darf höchstens ${max} groß sein.`,
  attachRefusedEmpty: "Diese Datei ist leer.",
  attachRefusedQuota: "Du hast heute schon so viele Dateien gesendet, wie möglich sind. Morgen geht es wieder.",
  attachUnreadable: "Diese Datei konnte nicht gelesen werden. Ist das Foto vielleicht beschädigt?",
  attachFailed: "Die Datei konnte gerade nicht gesendet werden. Bitte versuch es noch einmal.",
  attachmentPhoto: "Foto",
  attachmentDownload: (name) => `${name} herunterladen`,
  attachmentOpening: "Wird geöffnet …",
  attachmentOpenFailed: "Die Datei konnte nicht geöffnet werden.",
};

const en: AttachmentMessages = {
  attachButton: "Attach a photo or document",
  attachHint: (types, max) =>
    `You can send ${types} up to ${max}. The file is sent encrypted: only the people in this conversation can open it. Photos are sent without location, time taken or camera details.`,
  attachSending: "Encrypting and sending the file …",
  attachRefusedType: (types) => `This file cannot be sent. Only ${types} are possible.`,
  attachRefusedSize: (max) => `This file is too large. A file can be at most ${max}.`,
  attachRefusedEmpty: "This file is empty.",
  attachRefusedQuota: "You have sent as many files today as is possible. You can send more tomorrow.",
  attachUnreadable: "This file could not be read. Is the photo perhaps damaged?",
  attachFailed: "The file could not be sent just now. Please try again.",
  attachmentPhoto: "Photo",
  attachmentDownload: (name) => `Download ${name}`,
  attachmentOpening: "Opening …",
  attachmentOpenFailed: "The file could not be opened.",
};

export const attachmentCatalogues: Record<Locale, AttachmentMessages> = { "de-sie": deSie, "de-du": deDu, en };
