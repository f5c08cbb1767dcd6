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

const deLeicht: AttachmentMessages = {
  attachButton: "Foto oder Datei schicken",
  attachHint: (types, max) =>
    `Sie können diese Dateien schicken: ${types}. Eine Datei darf höchstens ${max} groß sein. Die Datei ist geschützt. Nur die Menschen in diesem Gespräch können die Datei öffnen. Bei Fotos schicken wir nicht mit: wo und wann Sie das Foto gemacht haben. Und mit welcher Kamera.`,
  attachSending: "Die Datei wird geschützt und geschickt …",
  attachRefusedType: (types) => `Diese Datei können Sie nicht schicken. Sie können nur diese Dateien schicken: ${types}.`,
  attachRefusedSize: (max) => `Diese Datei ist zu groß. Eine Datei darf höchstens ${max} groß sein.`,
  attachRefusedEmpty: "In dieser Datei ist nichts drin.",
  attachRefusedQuota: "Sie haben heute schon viele Dateien geschickt. Heute geht keine Datei mehr. Morgen können Sie wieder Dateien schicken.",
  attachUnreadable: "Wir können diese Datei nicht lesen. Vielleicht ist das Foto kaputt.",
  attachFailed: "Die Datei ist nicht angekommen. Bitte versuchen Sie es noch einmal.",
  attachmentPhoto: "Foto",
  attachmentDownload: (name) => `${name} speichern`,
  attachmentOpening: "Die Datei wird geöffnet …",
  attachmentOpenFailed: "Die Datei geht nicht auf.",
};

const tr: AttachmentMessages = {
  attachButton: "Fotoğraf veya belge ekle",
  attachHint: (types, max) =>
    `${max} boyutuna kadar ${types} gönderebilirsiniz. Dosya şifrelenerek gönderilir: Onu yalnızca bu görüşmedeki kişiler açabilir. Fotoğraflar konum, çekim zamanı ve kamera bilgileri olmadan gönderilir.`,
  attachSending: "Dosya şifreleniyor ve gönderiliyor …",
  attachRefusedType: (types) => `Bu dosya gönderilemez. Yalnızca ${types} gönderebilirsiniz.`,
  attachRefusedSize: (max) => `Bu dosya çok büyük. Bir dosya en fazla ${max} olabilir.`,
  attachRefusedEmpty: "Bu dosya boş.",
  attachRefusedQuota: "Bugün gönderebileceğiniz kadar dosya gönderdiniz. Yarın yeniden gönderebilirsiniz.",
  attachUnreadable: "Bu dosya okunamadı. Fotoğraf bozuk olabilir mi?",
  attachFailed: "Dosya şu anda gönderilemedi. Lütfen tekrar deneyin.",
  attachmentPhoto: "Fotoğraf",
  attachmentDownload: (name) => `${name} dosyasını indir`,
  attachmentOpening: "Açılıyor …",
  attachmentOpenFailed: "Dosya açılamadı.",
};

const ar: AttachmentMessages = {
  attachButton: "إرفاق صورة أو مستند",
  attachHint: (types, max) =>
    `يمكنك إرسال ${types} بحجم أقصاه ${max}. يُرسَل الملف مشفّرًا: لا يستطيع فتحه إلا الأشخاص في هذه المحادثة. تُرسَل الصور دون الموقع ووقت التصوير وبيانات الكاميرا.`,
  attachSending: "جارٍ تشفير الملف وإرساله …",
  attachRefusedType: (types) => `لا يمكن إرسال هذا الملف. يمكن إرسال ${types} فقط.`,
  attachRefusedSize: (max) => `هذا الملف كبير جدًا. الحد الأقصى لحجم الملف ${max}.`,
  attachRefusedEmpty: "هذا الملف فارغ.",
  attachRefusedQuota: "لقد أرسلت اليوم الحد الأقصى من الملفات. يمكنك الإرسال مرة أخرى غدًا.",
  attachUnreadable: "تعذّرت قراءة هذا الملف. هل الصورة تالفة ربما؟",
  attachFailed: "تعذّر إرسال الملف الآن. يرجى المحاولة مرة أخرى.",
  attachmentPhoto: "صورة",
  attachmentDownload: (name) => `تنزيل ${name}`,
  attachmentOpening: "جارٍ الفتح …",
  attachmentOpenFailed: "تعذّر فتح الملف.",
};

const uk: AttachmentMessages = {
  attachButton: "Додати фото або документ",
  attachHint: (types, max) =>
    `Можна надсилати ${types} розміром до ${max}. Файл надсилається зашифрованим: відкрити його можуть лише люди в цій розмові. Фото надсилаються без місця, часу зйомки та даних камери.`,
  attachSending: "Файл шифрується та надсилається …",
  attachRefusedType: (types) => `Цей файл не можна надіслати. Можна надсилати лише ${types}.`,
  attachRefusedSize: (max) => `Цей файл завеликий. Файл може бути не більшим за ${max}.`,
  attachRefusedEmpty: "Цей файл порожній.",
  attachRefusedQuota: "Сьогодні Ви вже надіслали стільки файлів, скільки можна. Завтра знову можна буде надсилати.",
  attachUnreadable: "Не вдалося прочитати цей файл. Можливо, фото пошкоджене?",
  attachFailed: "Файл зараз не вдалося надіслати. Будь ласка, спробуйте ще раз.",
  attachmentPhoto: "Фото",
  attachmentDownload: (name) => `Завантажити ${name}`,
  attachmentOpening: "Відкривається …",
  attachmentOpenFailed: "Не вдалося відкрити файл.",
};

export const attachmentCatalogues: Record<Locale, AttachmentMessages> = {
  "de-sie": deSie,
  "de-du": deDu,
  "de-leicht": deLeicht,
  en,
  tr,
  ar,
  uk,
};
